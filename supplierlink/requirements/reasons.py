"""Why a supplier ranks where it does, in plain language: the facts behind each criterion's
contribution (the engine gives the numbers; these sentences name what matched)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching import units
from supplierlink.capacity_units import amount as capacity_amount
from supplierlink.catalogue.models import Category
from supplierlink.geo import region_name
from supplierlink.i18n import format_number
from supplierlink.requirements.models import Requirement


def linked_categories(session: Session, results) -> dict:
    """The categories named by the linked-code evidence of ``results`` (stored rows), by code:
    their titles go in the reasons (one query, none when no result has linked codes)."""
    codes = {link["code"] for r in results for link in r.linked or ()}
    if not codes:
        return {}
    return {c.code: c for c in session.scalars(select(Category).where(Category.code.in_(codes)))}


def _capacity_ratio(minimum, minimum_unit, capacity) -> float | None:
    """Capacity over the minimum, both in the base unit of one dimension; None when either
    is missing or they are in different dimensions (samples are not compared with metres)."""
    if not (minimum and capacity and capacity[0]):
        return None
    value, unit = capacity
    if units.dimension(unit) != units.dimension(minimum_unit):
        return None
    return units.to_base(value, unit) / units.to_base(minimum, minimum_unit)


@dataclass(frozen=True)
class Asked:
    """What the reasons compare a candidate with, read from the requirement once per page."""
    titles: dict
    preferred: frozenset
    delivery: tuple
    min_capacity: object
    capacity_unit: str | None

    @classmethod
    def of(cls, req: Requirement, locale: str) -> Asked:
        return cls({rc.category.code: rc.category.title(locale) for rc in req.categories},
                   frozenset(rs.standard.name for rs in req.standards
                             if rs.necessity == "preferred"),
                   tuple(r.region_code for r in req.regions), req.min_capacity,
                   req.capacity_unit)


def candidate_reasons(asked: Asked, org, facts: dict, categories: dict,
                      held_standards: list[str], locale: str, linked=()) -> list[str]:
    """Sentences for one candidate, strongest evidence first: ``asked`` is the requirement
    (``Asked.of``), ``facts`` the stored result's evidence (``matching.evidence``),
    ``linked`` its linked-code evidence (``matching.LinkedCode`` as dicts), ``categories``
    the linked codes' categories."""
    reasons = []
    titles = asked.titles
    match = facts.get("closest")
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
            category = categories.get(link["code"])
            reasons.append(_("Offers %(code)s (%(title)s), which suppliers of %(wanted)s often "
                             "offer too.", code=link["code"],
                             title=category.title(locale) if category else link["code"],
                             wanted=link["requirement_code"]))
    held = [name for name in dict.fromkeys(held_standards) if name in asked.preferred]
    if held:
        reasons.append(_("Holds the preferred %(standards)s.", standards=", ".join(held)))
    ratio = _capacity_ratio(asked.min_capacity, asked.capacity_unit, facts.get("capacity"))
    if ratio is not None:
        reasons.append(_("Capacity %(capacity)s: %(ratio)s times the minimum.",
                         capacity=capacity_amount(*facts["capacity"]),
                         ratio=format_number(round(ratio, 1))))
    delivery = asked.delivery
    if org.region and org.region in delivery:
        reasons.append(_("Based in %(region)s, where the delivery is.",
                         region=region_name(org.region)))
    elif any(code[:2] == org.country for code in delivery):
        reasons.append(_("Based in %(country)s, the delivery country.",
                         country=region_name(org.country)))
    if facts.get("wins"):
        reasons.append(_("Won %(n)s contracts in this category on SupplierLink.",
                         n=facts["wins"]))
    if facts.get("programme"):
        reasons.append(_("Taking part in a supplier-development programme."))
    return reasons
