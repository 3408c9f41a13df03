"""The shortlist of a requirement as a CSV file that opens cleanly in Excel."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.exports.cells import safe_cell
from supplierlink.labels import APPLICATION_STATUS_LABELS, SIZE_CLASS_LABELS, label
from supplierlink.matches.models import MatchResult
from supplierlink.matches.wording import describe_gap
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement

SHORTLIST_STATUSES = ("shortlisted", "invited", "awarded")


def shortlist_rows(session: Session, req: Requirement) -> list[list]:
    query = (select(Application, Organisation, MatchResult)
             .join(Organisation, Organisation.id == Application.supplier_id)
             .outerjoin(MatchResult, (MatchResult.requirement_id == Application.requirement_id)
                        & (MatchResult.supplier_id == Application.supplier_id))
             .where(Application.requirement_id == req.id,
                    Application.status.in_(SHORTLIST_STATUSES))
             .order_by(MatchResult.score.desc(), Organisation.legal_name))
    rows = []
    for application, org, result in session.execute(query):
        gaps = "; ".join(describe_gap(g) for g in (result.gaps if result else []))
        rows.append([
            org.display_name, org.legal_name, f"{org.tax_country} {org.tax_id}", org.country,
            org.region or "", label(SIZE_CLASS_LABELS, org.size_class),
            round(result.score * 100) if result else "",
            _("yes") if result and result.qualified else _("no"),
            label(APPLICATION_STATUS_LABELS, application.status), gaps, org.website or "",
        ])
    return rows


def shortlist_header() -> list[str]:
    return [_("Supplier"), _("Legal name"), _("Tax id"), _("Country"), _("Region"),
            _("Size class"), _("Score"), _("Qualified"), _("Status"), _("Gaps"), _("Website")]


def shortlist_csv(session: Session, req: Requirement) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(shortlist_header())
    for row in shortlist_rows(session, req):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
