"""Why a supplier ranks where it does, in plain language: the facts behind each criterion's
contribution (the engine gives the numbers; these sentences name what matched)."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching import units
from supplierlink.capacity_units import amount as capacity_amount
from supplierlink.catalogue.models import Category
from supplierlink.geo import region_name
from supplierlink.requirements.models import Application, Requirement, RequirementCategory
from supplierlink.suppliers.models import Capability, SupplierProfile

# Shared leading characters of two codes -> how close they are (UNSPSC-like 2/4/6/8 levels).
_LEVELS = ((8, "exact"), (6, "class"), (4, "family"), (2, "segment"))


def _closeness(wanted: list[str], offered: list[str]) -> tuple[str, str] | None:
    """The closest (level, offered code) between the requirement's and the supplier's codes."""
    for length, level in _LEVELS:
        for code in offered:
            if any(code == w if level == "exact" else code[:length] == w[:length]
                   for w in wanted if len(w) >= length and len(code) >= length):
                return level, code
    return None


def supplier_facts(session: Session, req: Requirement, supplier_ids: list[int],
                   linked_codes=()) -> dict:
    """What the reasons need, for every candidate at once (at most four queries);
    ``linked_codes`` are the codes named by the stored results' linked-code evidence."""
    codes = defaultdict(list)
    for org_id, code in session.execute(
            select(Capability.organisation_id, Category.code).join(Category)
            .where(Capability.organisation_id.in_(supplier_ids))):
        codes[org_id].append(code)
    profiles = {p.organisation_id: p for p in session.execute(  # what the reasons name
        select(SupplierProfile.organisation_id, SupplierProfile.capacity,
               SupplierProfile.capacity_unit, SupplierProfile.programme_stage)
        .where(SupplierProfile.organisation_id.in_(supplier_ids)))}
    category_ids = [rc.category_id for rc in req.categories]
    wins = defaultdict(int)
    if category_ids:
        for (org_id,) in session.execute(
                select(Application.supplier_id)
                .join(RequirementCategory,
                      RequirementCategory.requirement_id == Application.requirement_id)
                .where(Application.status == "awarded",
                       Application.supplier_id.in_(supplier_ids),
                       RequirementCategory.category_id.in_(category_ids))):
            wins[org_id] += 1
    categories = {}
    if linked_codes:
        categories = {c.code: c for c in session.scalars(
            select(Category).where(Category.code.in_(set(linked_codes))))}
    return {"codes": codes, "profiles": profiles, "wins": wins, "categories": categories}


def _capacity_ratio(req: Requirement, profile) -> float | None:
    """Capacity over the minimum, both in the base unit of one dimension; None when either
    is missing or they are in different dimensions (samples are not compared with metres)."""
    if not (req.min_capacity and profile and profile.capacity):
        return None
    if units.dimension(profile.capacity_unit) != units.dimension(req.capacity_unit):
        return None
    return (units.to_base(profile.capacity, profile.capacity_unit)
            / units.to_base(req.min_capacity, req.capacity_unit))


def candidate_reasons(req: Requirement, org, facts: dict, held_standards: list[str],
                      locale: str, linked=()) -> list[str]:
    """Sentences for one candidate, strongest evidence first; ``linked`` is the stored
    result's linked-code evidence (``matching.LinkedCode`` as dicts)."""
    reasons = []
    wanted = [rc.category.code for rc in req.categories]
    titles = {rc.category.code: rc.category.title(locale) for rc in req.categories}
    match = _closeness(wanted, facts["codes"].get(org.id, []))
    if match:
        level, code = match
        if level == "exact":
            reasons.append(_("Offers exactly the requested category %(code)s (%(title)s).",
                             code=code, title=titles.get(code, code)))
        else:
            names = {"class": _("class"), "family": _("family"), "segment": _("segment")}
            reasons.append(_("Offers %(code)s, in the same %(level)s as the request.",
                             code=code, level=names[level]))
    if not match or match[0] != "exact":
        for link in linked or ():
            category = facts["categories"].get(link["code"])
            reasons.append(_("Offers %(code)s (%(title)s), which suppliers of %(wanted)s often "
                             "offer too.", code=link["code"],
                             title=category.title(locale) if category else link["code"],
                             wanted=link["requirement_code"]))
    preferred = {rs.standard.name for rs in req.standards if rs.necessity == "preferred"}
    held = [name for name in dict.fromkeys(held_standards) if name in preferred]
    if held:
        reasons.append(_("Holds the preferred %(standards)s.", standards=", ".join(held)))
    profile = facts["profiles"].get(org.id)
    ratio = _capacity_ratio(req, profile)
    if ratio is not None:
        reasons.append(_("Capacity %(capacity)s: %(ratio)s times the minimum.",
                         capacity=capacity_amount(profile.capacity, profile.capacity_unit),
                         ratio=format_decimal(round(ratio, 1))))
    delivery = [r.region_code for r in req.regions]
    if org.region and org.region in delivery:
        reasons.append(_("Based in %(region)s, where the delivery is.",
                         region=region_name(org.region)))
    elif any(code[:2] == org.country for code in delivery):
        reasons.append(_("Based in %(country)s, the delivery country.",
                         country=region_name(org.country)))
    if facts["wins"].get(org.id):
        reasons.append(_("Won %(n)s contracts in this category on SupplierLink.",
                         n=facts["wins"][org.id]))
    if profile and profile.programme_stage:
        reasons.append(_("Taking part in a supplier-development programme."))
    return reasons
