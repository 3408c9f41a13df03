"""Translated labels for stored codes (kinds, size classes, statuses)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

ORG_KIND_LABELS = {
    "lead_firm": _l("Lead firm"),
    "sme": _l("SME supplier"),
    "programme_operator": _l("Programme operator"),
}
SIZE_CLASS_LABELS = {
    "micro": _l("Micro (up to 10 employees)"),
    "small": _l("Small (11–50 employees)"),
    "medium": _l("Medium (51–250 employees)"),
    "large": _l("Large (more than 250 employees)"),
}
CERTIFICATION_STATUS_LABELS = {
    "self_declared": _l("Self-declared"),
    "verified": _l("Verified"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
    "rejected": _l("Rejected"),
    "superseded": _l("Replaced by a renewal"),
    "withdrawn": _lp("certificate", "Withdrawn"),
}

# Status words agree in gender with their noun in Spanish and Portuguese: a context apiece.
REQUIREMENT_STATUS_LABELS = {
    "draft": _lp("requirement", "Draft"),
    "open": _lp("requirement", "Open"),
    "closed": _lp("requirement", "Closed"),
    "awarded": _lp("requirement", "Awarded"),
}
# The buyer's words for an application's status ...
APPLICATION_STATUS_LABELS = {
    "submitted": _l("Applied"),
    "shortlisted": _l("Shortlisted"),
    "invited": _l("Invited"),
    "rejected": _lp("application", "Rejected"),
    "awarded": _lp("application", "Awarded"),
    "withdrawn": _lp("application", "Withdrawn"),
}
# ... and the supplier's: a rejection reads as "not selected" to the one who applied.
SUPPLIER_APPLICATION_STATUS_LABELS = {
    **APPLICATION_STATUS_LABELS,
    "submitted": _l("Submitted"),
    "rejected": _l("Not selected"),
}


def label(mapping: dict, code: str | None) -> str:
    if code is None:
        return "—"
    return str(mapping.get(code, code))
