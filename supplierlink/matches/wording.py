"""Gaps and score criteria in the user's language (the engine returns structured data)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from supplierlink.capacity_units import UNSPECIFIED, unit_label
from supplierlink.capacity_units import amount as capacity_amount
from supplierlink.geo import region_name

CRITERION_LABELS = {
    "category": _l("Category fit"),
    "text": _l("Description similarity"),
    "preferred_standards": _l("Preferred standards"),
    "capacity": _l("Capacity headroom"),
    "proximity": _l("Proximity"),
    "track_record": _l("Track record"),
    "programme_stage": _l("Development programme stage"),
}
CRITERION_HELP = {
    "category": _l("How close the supplier's category codes are to the requirement's, level by level in the hierarchy, and whether it offers categories that suppliers of the requested ones often offer too. Offering a requested category at the depth asked is a must-have."),
    "text": _l("Similarity between the requirement's text and the supplier's description and past jobs, in any of the three languages: the closest past job counts, more so when it is recent, and so does how much similar work the supplier has done."),
    "preferred_standards": _l("Share of the preferred standards the supplier holds; verified certificates count more than self-declared ones."),
    "capacity": _l("How far the supplier's capacity exceeds the minimum required."),
    "proximity": _l("Whether the supplier is based in the delivery region or country."),
    "track_record": _l("Past awards in the same category and with the same buyer (at the delivery site too), recent ones counting more."),
    "programme_stage": _l("Progress on the supplier-development ladder."),
}
REMEDY_LABELS = {
    "obtain_certificate": _l("Obtain the certificate"),
    "renew_certificate": _l("Renew the certificate"),
    "migrate_standard": _l("Migrate to the current standard"),
    "verify_certificate": _l("Submit the certificate for verification"),
    "extend_regions": _l("Extend the regions served"),
    "increase_capacity": _l("Increase capacity"),
    "declare_capacity": _l("Declare capacity in the profile"),
    "declare_category": _l("Declare the category in the profile, if you supply it"),
}


def _date(value) -> str:
    if not value:
        return "—"
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value)


def _regions(codes) -> str:
    return ", ".join(f"{region_name(c)} ({c})" for c in codes or [])


def describe_gap(gap: dict) -> str:
    """One sentence for a stored gap (``kind`` + ``params``)."""
    kind, p = gap["kind"], gap.get("params", {})
    name = p.get("standard_name") or p.get("standard", "")
    if kind == "missing_standard":
        if p.get("typical_months"):
            return _("No %(name)s certificate (usually about %(months)s months to obtain).",
                     name=name, months=p["typical_months"])
        return _("No %(name)s certificate.", name=name)
    if kind == "expired_standard":
        expires = p.get("expires")
        if expires and str(expires) >= date.today().isoformat():
            return _("%(name)s expires on %(date)s, before it is needed (%(need)s).", name=name,
                     date=_date(expires), need=_date(p.get("need_date")))
        if expires:
            return _("%(name)s expired on %(date)s.", name=name, date=_date(expires))
        return _("The %(name)s certificate has expired.", name=name)
    if kind == "revoked_standard":
        return _("The %(name)s certificate was revoked.", name=name)
    if kind == "superseded_standard":
        return _("%(old)s is superseded by %(name)s: migrate the certificate.",
                 old=p.get("held_name") or p.get("held"), name=name)
    if kind == "unverified_standard":
        return _("%(name)s is self-declared and not yet verified.", name=name)
    if kind == "region_not_served":
        return _("Does not deliver to %(regions)s.", regions=_regions(p.get("regions")))
    if kind == "insufficient_capacity":
        return _capacity_gap(p)
    if kind == "category_not_offered":
        return _category_gap(p)
    return gap.get("detail", kind)


def _capacity_gap(p: dict) -> str:
    unit = p.get("unit")
    required = capacity_amount(p.get("required"), unit)
    if p.get("available") is not None:
        return _("Capacity %(available)s is below the minimum %(required)s.",
                 available=capacity_amount(p["available"], unit), required=required)
    if unit and unit != UNSPECIFIED:
        return _("Capacity not declared in %(unit)s (minimum %(required)s).",
                 unit=unit_label(unit), required=required)
    return _("No capacity declared (minimum %(required)s).", required=required)


def _category_gap(p: dict) -> str:
    code, offered = p.get("code"), p.get("offered")
    if offered and p.get("won"):
        return _("You offer %(offered)s and won awards in it; declare %(code)s if you supply it.",
                 offered=offered, code=code)
    if offered:
        return _("You offer %(offered)s; declare %(code)s if you supply it.",
                 offered=offered, code=code)
    return _("Does not offer %(code)s.", code=code)


def describe_remedy(gap: dict) -> str:
    label = str(REMEDY_LABELS.get(gap.get("remedy"), gap.get("remedy", "")))
    days = gap.get("effort_days")
    if days:
        months = round(days / 30)
        effort = _("about %(n)s months", n=months) if months >= 2 else _("about %(n)s days", n=days)
        return f"{label} ({effort})"
    return label


def gap_view(gap: dict) -> dict:
    """A stored gap ready for a template."""
    return {"kind": gap["kind"], "blocking": gap.get("blocking", False),
            "text": describe_gap(gap), "remedy": describe_remedy(gap),
            "effort_days": gap.get("effort_days"), "params": gap.get("params", {})}


def criteria_definitions() -> list[dict]:
    """Every criterion with its definition, for the "how the score is made" note."""
    return [{"key": k, "label": str(CRITERION_LABELS[k]), "help": str(CRITERION_HELP[k])}
            for k in CRITERION_LABELS]


def contribution_view(contributions: dict) -> list[dict]:
    """Criteria with their share of the score, for score bars (largest first)."""
    return [{"key": k, "label": str(CRITERION_LABELS.get(k, k)),
             "help": str(CRITERION_HELP.get(k, "")), "value": float(v)}
            for k, v in sorted(contributions.items(), key=lambda kv: -kv[1])]
