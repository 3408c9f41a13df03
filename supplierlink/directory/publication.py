"""What an SME shows in the public directory, field by field.

``Organisation.published`` says whether the SME appears in the public directory at all (by its
name and country); each ``public_<field>`` column says whether that part of its profile is
shown too. Whoever does not see the whole directory (visitors, other SMEs, verifiers) reads,
finds, filters and counts an SME only by the fields it publishes: the search service
(``supplierlink.directory.search``), the search document (``documents``) and the pages
(``pages``) all ask here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_
from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation

#: The parts of a profile an SME publishes or keeps for signed-in buyers and programme
#: managers. Its name and country are shown whenever it appears at all.
FIELDS = ("description", "categories", "location", "regions", "size", "capacity",
          "certificates", "exports", "contact", "stage")
#: What a new SME publishes, and what the SMEs that chose the public directory before the
#: choice existed showed: everything but its exports and programme stage.
DEFAULT_FIELDS = frozenset(FIELDS) - {"exports", "stage"}
LABELS = {
    "description": _l("What the organisation does (its description and capabilities)"),
    "categories": _l("Categories offered"),
    "location": _l("Town and region where it is based"),
    "regions": _l("Regions served"),
    "size": _l("Size class"),
    "capacity": _l("Capacity"),
    "certificates": _l("Certificates"),
    "exports": _l("Export markets"),
    "contact": _l("Website (contact)"),
    "stage": _l("Development programme stage"),
}


def column(field: str):
    return getattr(Organisation, f"public_{field}")


def published_fields(org: Organisation) -> frozenset[str]:
    """The fields ``org`` chose to show (whether or not it appears in the directory)."""
    return frozenset(f for f in FIELDS if getattr(org, f"public_{f}"))


def visible_fields(org: Organisation, full: bool) -> frozenset[str]:
    """What a viewer reads of ``org``: everything for one who sees the whole directory (or the
    SME itself), the published fields of a listed SME for anyone else."""
    if full:
        return frozenset(FIELDS)
    return published_fields(org) if org.published else frozenset()


def publicly(field: str):
    """SQL: the organisation appears in the public directory and shows ``field``."""
    return and_(Organisation.published.is_(True), column(field).is_(True))


def set_publication(session: Session, org: Organisation, published: bool,
                    fields, user_id: int | None = None) -> Organisation:
    """Record whether ``org`` appears in the public directory and which fields it shows; an
    unknown field is refused and nothing changes."""
    chosen = set(fields)
    if org.kind != "sme":
        raise ServiceError({"": [_l("Only SME suppliers appear in the supplier directory.")]})
    unknown = chosen - set(FIELDS)
    if unknown:
        raise ServiceError({"fields": [_l("Choose among the fields listed.")]})
    org.published = bool(published)
    for field in FIELDS:
        setattr(org, f"public_{field}", field in chosen)
    session.flush()
    signals.publication_changed.send(session, organisation_id=org.id, published=org.published,
                                     fields=sorted(chosen), user_id=user_id)
    return org
