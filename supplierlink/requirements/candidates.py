"""The buyer's view of the ranking: candidates and near misses, explained and filterable.

Everything a candidate card shows is worked out here (score bars, reasons, certificate badges,
application status), so the templates only lay it out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.catalogue.services import standards_catalogue
from supplierlink.geo import region_name
from supplierlink.labels import (
    APPLICATION_STATUS_LABELS,
    CERTIFICATION_STATUS_LABELS,
    REQUIREMENT_STATUS_LABELS,
    label,
)
from supplierlink.matches.models import MatchResult
from supplierlink.matches.wording import contribution_view, gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.requirements.reasons import candidate_reasons, supplier_facts
from supplierlink.requirements.services import TRANSITIONS
from supplierlink.suppliers.models import Certification

EXPIRY_WARNING_DAYS = 60
BAR_WIDTH = 160  # px of a full score in the SVG bars
STATUS_BUTTON_LABELS = {"open": _l("Publish"), "reopen": _l("Reopen"), "closed": _l("Close")}


@dataclass
class Filters:
    region: str = ""
    size: str = ""
    verified_only: bool = False

    def keep(self, card: dict) -> bool:
        org = card["supplier"]
        if self.region and self.region not in (org.country, org.region):
            return False
        if self.size and org.size_class != self.size:
            return False
        return not self.verified_only or card["verified"]

    def query(self) -> dict:
        """The filters as URL parameters (kept across pages and actions)."""
        params = {"region": self.region, "size": self.size, "verified": "1" if self.verified_only
                  else ""}
        return {k: v for k, v in params.items() if v}


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int
    offset: int = 0
    numbers: list = field(default_factory=list)


def paginate(items: list, number: int, per_page: int) -> Page:
    pages = max(1, math.ceil(len(items) / per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    return Page(items[start:start + per_page], number, pages, len(items), start,
                list(range(1, pages + 1)))


def expiring(expires_on: date | None, need_date: date | None, today: date) -> bool:
    """A valid certificate lapsing within 60 days of today or of the need date."""
    if expires_on is None or expires_on < today:
        return False
    reference = max(today, need_date or today)
    return expires_on <= reference + timedelta(days=EXPIRY_WARNING_DAYS)


def certificate_badge(cert: Certification, need_date: date | None, today: date) -> dict:
    status = cert.effective_status(today)
    soon = status in ("verified", "self_declared") and expiring(cert.expires_on, need_date, today)
    return {"standard": cert.standard.name, "status": "expiring" if soon else status,
            "label": str(_l("Expiring")) if soon else label(CERTIFICATION_STATUS_LABELS, status),
            "verified": status == "verified", "expires_on": cert.expires_on}


def _bars(contributions: dict) -> list[dict]:
    bars = contribution_view(contributions)
    for bar in bars:
        bar["width"] = max(0, min(BAR_WIDTH, round(bar["value"] * BAR_WIDTH)))
        bar["percent"] = round(bar["value"] * 100)
    return bars


#: Which of two certificates of one standard a badge shows: the stronger claim.
_BADGE_STRENGTH = {"verified": 0, "expiring": 1, "self_declared": 2, "expired": 3,
                   "revoked": 4, "rejected": 5}


def _one_per_standard(badges: list[dict]) -> list[dict]:
    """One badge per standard (a renewed certificate next to its expired predecessor shows
    once, as the stronger claim), in the order first seen."""
    best = {}
    for badge in badges:
        current = best.get(badge["standard"])
        if current is None or (_BADGE_STRENGTH.get(badge["status"], 9)
                               < _BADGE_STRENGTH.get(current["status"], 9)):
            best[badge["standard"]] = badge
    kept = {id(b) for b in best.values()}
    return [b for b in badges if id(b) in kept]


def _relevant_certificates(session: Session, req: Requirement, supplier_ids: list[int],
                           today: date) -> dict[int, tuple[list[dict], bool]]:
    """Per supplier: badges of the certificates that meet one of the requirement's standards,
    and whether every required standard is met by a verified one."""
    wanted = [rs.standard.key for rs in req.standards]
    musts = [rs.standard.key for rs in req.standards if rs.necessity == "must"] or wanted
    if not wanted or not supplier_ids:
        return {}
    catalogue = standards_catalogue(session)
    certs = defaultdict(list)
    for cert in session.scalars(select(Certification).where(
            Certification.organisation_id.in_(supplier_ids)).order_by(Certification.id)):
        if any(catalogue.satisfies(cert.standard.key, key) for key in wanted):
            certs[cert.organisation_id].append(cert)
    found = {}
    for supplier_id, held in certs.items():
        badges = _one_per_standard([certificate_badge(c, req.need_date, today) for c in held])
        verified_keys = [c.standard.key for c, b in zip(held, badges) if b["verified"]]
        verified = all(any(catalogue.satisfies(k, must) for k in verified_keys) for must in musts)
        found[supplier_id] = (badges, verified)
    return found


def candidate_cards(session: Session, req: Requirement, user_id: int | None,
                    today: date | None = None) -> tuple[list[dict], list[dict]]:
    """Stored results of ``req`` as cards: (qualified candidates, near misses), best first."""
    today = today or date.today()
    results = session.scalars(select(MatchResult).where(MatchResult.requirement_id == req.id)
                              .order_by(MatchResult.rank)).all()
    ids = [r.supplier_id for r in results]
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    applications = {a.supplier_id: a for a in session.scalars(
        select(Application).where(Application.requirement_id == req.id))}
    feedback = dict(session.execute(select(BuyerFeedback.supplier_id, BuyerFeedback.value).where(
        BuyerFeedback.requirement_id == req.id, BuyerFeedback.user_id == user_id)).all())
    certificates = _relevant_certificates(session, req, ids, today)
    facts = supplier_facts(session, req, ids,
                           [link["code"] for r in results for link in r.linked or ()])
    locale = str(get_locale() or "en")
    ranked, near = [], []
    for result in results:
        gaps = [gap_view(g) for g in result.gaps]
        application = applications.get(result.supplier_id)
        badges, verified = certificates.get(result.supplier_id, ([], False))
        card = {
            "supplier": orgs[result.supplier_id], "rank": result.rank,
            "score": round(result.score * 100), "bars": _bars(result.contributions),
            "blocking": [g for g in gaps if g["blocking"]],
            "notes": [g for g in gaps if not g["blocking"]],
            "certificates": badges, "verified": verified,
            "reasons": candidate_reasons(req, orgs[result.supplier_id], facts,
                                         [b["standard"] for b in badges if b["status"] in
                                          ("verified", "self_declared", "expiring")], locale,
                                         result.linked),
            "application": application,
            "application_label": label(APPLICATION_STATUS_LABELS,
                                       application.status) if application else None,
            "feedback": feedback.get(result.supplier_id),
        }
        (ranked if result.qualified else near).append(card)
    return ranked, near


def filter_options(cards: list[dict]) -> dict:
    """Regions (countries and subdivisions) present among the cards, for the filter select."""
    regions = set()
    for card in cards:
        regions.add(card["supplier"].country)
        if card["supplier"].region:
            regions.add(card["supplier"].region)
    return {"regions": [(code, f"{region_name(code)} ({code})") for code in sorted(regions)]}


def requirement_details(req: Requirement, locale: str) -> dict:
    """The requirement's coded fields as text in the user's language."""
    return {
        "status_label": label(REQUIREMENT_STATUS_LABELS, req.status),
        "categories": [(rc.category.code, rc.category.title(locale)) for rc in req.categories],
        "must": [rs.standard.name for rs in req.standards if rs.necessity == "must"],
        "preferred": [rs.standard.name for rs in req.standards if rs.necessity == "preferred"],
        "regions": [f"{region_name(r.region_code)} ({r.region_code})" for r in req.regions],
    }


def status_buttons(req: Requirement) -> list[tuple[str, str]]:
    """The status changes offered on the page (awarding goes through a candidate)."""
    reopening = req.status == "closed"
    return [(status, str(STATUS_BUTTON_LABELS["reopen" if reopening and status == "open"
                                              else status]))
            for status in ("open", "closed") if status in TRANSITIONS[req.status]]
