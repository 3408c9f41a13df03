"""Gaps between one supplier and one requirement, as structured data with an English detail.

Whether a gap blocks is decided by ``matching.constraints`` (the failures ranking counts);
these functions word each failure and add the gaps that do not block. Kinds, their remedies
and whether they block:

=====================  =====================  ==========================================
kind                   remedy                 blocks
=====================  =====================  ==========================================
missing_standard       obtain_certificate     yes for a must-have, no for a preferred one
expired_standard       renew_certificate      idem (expires before the need date, or did)
revoked_standard       obtain_certificate     idem
superseded_standard    migrate_standard       idem (holds the predecessor, e.g. OHSAS 18001)
unverified_standard    verify_certificate     no, unless the engine requires verification
region_not_served      extend_regions         yes
insufficient_capacity  increase_capacity      yes (``declare_capacity`` when none is declared
                                              in the requirement's unit or dimension)
category_not_offered   declare_category       yes: offers a code of the same family or a
                                              linked one, not the one asked
=====================  =====================  ==========================================

A self-declared certificate counts as held: the platform's verification queue, not the buyer,
is where it gets checked, and the buyer sees the ``unverified_standard`` gap.
"""

from __future__ import annotations

from datetime import date

from . import units
from .block import normalise_code, region_country, served_regions
from .links import strongest_links
from .types import Gap

DAYS_PER_MONTH = 30
RENEWAL_DAYS = 90
VERIFICATION_DAYS = 14


def _months_days(months):
    return None if months is None else int(months * DAYS_PER_MONTH)


class StandardPlan:
    """What every supplier's gap for one required standard shares, worked out once per
    requirement: the keys that satisfy it, the ones it supersedes, its name and effort."""

    __slots__ = ("satisfying", "older", "name", "months", "base", "must", "catalogue")

    def __init__(self, catalogue, key, must: bool):
        self.must, self.catalogue = must, catalogue
        self.satisfying = catalogue.satisfied_by(key)
        self.older = catalogue.superseded_keys(key)
        self.name = catalogue.name(key)
        entry = catalogue.get(key)
        self.months = entry.typical_months if entry else None
        self.base = {"standard": key, "standard_name": self.name,
                     "required": "must" if must else "preferred"}


def standard_gap(plan: StandardPlan, claims, ref: date, today: date, require_verified: bool):
    """The gap for one required standard, or None when a valid claim satisfies it.

    ``claims`` are ``(key, CertificationClaim)`` pairs with keys already resolved.
    """
    satisfying, name, months, must = plan.satisfying, plan.name, plan.months, plan.must
    relevant = [c for k, c in claims if k in satisfying]
    valid = [c for c in relevant if c.status in ("verified", "self_declared")
             and (c.expires is None or c.expires >= ref)]
    if any(c.status == "verified" for c in valid):
        return None
    base = plan.base
    if valid:
        return Gap("unverified_standard", {**base, "held": valid[0].standard},
                   must and require_verified, "verify_certificate", VERIFICATION_DAYS,
                   f"{name} is self-declared: submit the certificate for verification")
    blocking = must
    lapsed = [c for c in relevant if c.status in ("verified", "self_declared", "expired")]
    if lapsed:
        dated = [c.expires for c in lapsed if c.expires is not None]
        expires = max(dated) if dated else None
        when = "expired" if expires is None or expires < today else "expires"
        on = f" on {expires.isoformat()}" if expires else ""
        return Gap("expired_standard", {**base, "expires": expires, "need_date": ref},
                   blocking, "renew_certificate", RENEWAL_DAYS,
                   f"{name} {when}{on}: renew the certificate")
    if any(c.status == "revoked" for c in relevant):
        return Gap("revoked_standard", {**base, "typical_months": months}, blocking,
                   "obtain_certificate", _months_days(months),
                   f"{name} was revoked: obtain a new certificate")
    older = plan.older
    held_old = [(k, c) for k, c in claims if k in older and c.status in ("verified", "self_declared")]
    if held_old:
        catalogue = plan.catalogue
        old_key = held_old[0][0]
        migrate = None if months is None else max(1, months // 2)
        approx = f", ~{migrate} months" if migrate else ""
        return Gap("superseded_standard",
                   {**base, "held": old_key, "held_name": catalogue.name(old_key),
                    "typical_months": migrate},
                   blocking, "migrate_standard", _months_days(migrate),
                   f"{catalogue.name(old_key)} is superseded: migrate to {name}{approx}")
    approx = f" (~{months} months)" if months else ""
    return Gap("missing_standard", {**base, "typical_months": months}, blocking,
               "obtain_certificate", _months_days(months),
               f"No {name} certificate: obtain it{approx}")


def region_gap(profile, regions):
    """Gap listing the delivery regions a supplier does not serve, or None."""
    served = served_regions(profile)
    missing = [r for r in regions if r not in served and region_country(r) not in served]
    if not missing:
        return None
    return Gap("region_not_served", {"regions": missing, "served": sorted(served)}, True,
               "extend_regions", None, f"Does not deliver to {', '.join(missing)}: extend regions")


def capacity_gap(profile, prep):
    """Gap when no capacity in the requirement's dimension reaches the minimum, or None.

    Capacities convert inside a dimension (kg and t); one in another dimension (samples for
    a minimum in metres) is not compared: the supplier is asked to declare it in the unit."""
    minimum, unit = prep.min_capacity, prep.capacity_unit
    if minimum is None:
        return None
    cap, cap_unit = profile.capacity, units.normalise_unit(profile.capacity_unit)
    shown = units.symbol(unit)
    base = {"required": minimum, "unit": unit}
    if cap is None or units.dimension(cap_unit) != prep.capacity_dimension:
        declared = None if cap is None else {"capacity": cap, "unit": cap_unit}
        return Gap("insufficient_capacity", {**base, "available": None, "shortfall": None,
                                             "declared": declared}, True, "declare_capacity",
                   None, f"Capacity not declared in {shown or 'the required unit'} (minimum "
                   f"{_amount(minimum, shown)}): declare capacity")
    cap_base = units.to_base(cap, cap_unit)
    if units.meets(cap_base, prep.min_capacity_base):
        return None
    available = units.from_base(cap_base, unit)
    return Gap("insufficient_capacity", {**base, "available": available,
                                         "shortfall": minimum - available}, True,
               "increase_capacity", None,
               f"Capacity {_amount(available, shown)} is below the minimum "
               f"{_amount(minimum, shown)}: increase capacity")


def _amount(value: float, shown: str) -> str:
    return f"{value:g} {shown}".strip()


def category_gap(profile, prep):
    """Gap of a supplier offering a code of the requested family, or a linked one, but not
    the code asked: which code it offers (and whether it won awards in it), which to declare."""
    held = {}
    for code in profile.codes:
        held.setdefault(normalise_code(code), False)
    for award in profile.awards:
        held[normalise_code(award.code)] = True
    offered = None
    for code, (_stem, family) in zip(prep.codes, prep.category_prefixes):
        close = [c for c in held if c.startswith(family)]
        if close:  # the closest in the hierarchy, won ones first
            offered = (code, max(close, key=lambda c: (_shared(c, code), held[c], c)))
            break
    if offered is None:
        linked = strongest_links(profile, prep.codes, prep.links)
        if linked:
            offered = (linked[0].requirement_code, linked[0].code)
    wanted, offer = offered or (prep.codes[0], None)
    won = bool(offer and held.get(offer))
    detail = (f"Offers {offer}{' and won awards in it' if won else ''}; declare {wanted} if "
              "it supplies it" if offer else f"Does not offer {wanted}: declare it if it "
              "supplies it")
    return Gap("category_not_offered", {"code": wanted, "offered": offer, "won": won,
                                        "depth": prep.category_depth},
               True, "declare_category", None, detail)


def _shared(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def supplier_gaps(profile, prep, catalogue, key_for, ref: date, today: date, require_verified,
                  failed: frozenset):
    """Every gap of ``profile`` for a prepared requirement (blocking ones first); ``failed``
    names the constraints it fails (``constraints.failures``): exactly those gaps block."""
    plans = prep.shared.get("standard_plans")
    if plans is None:  # the same for every supplier of the requirement
        plans = prep.shared["standard_plans"] = (
            [StandardPlan(catalogue, key, True) for key, _ in prep.must],
            [StandardPlan(catalogue, key, False) for key, _ in prep.preferred])
    must, preferred = plans
    claims = [(key_for(c.standard), c) for c in profile.certifications]
    gaps = [category_gap(profile, prep) if "category" in failed else None]
    for plan in must:
        gap = standard_gap(plan, claims, ref, today, require_verified)
        blocked = "standard:" + plan.base["standard"] in failed
        if blocked and (gap is None or not gap.blocking):
            gap = Gap("missing_standard", {**plan.base, "typical_months": plan.months}, True,
                      "obtain_certificate", _months_days(plan.months),
                      f"No valid {plan.name} certificate: obtain it")
        elif gap is not None and gap.blocking and not blocked:
            gap = None
        gaps.append(gap)
    if "regions" in failed:
        gaps.append(region_gap(profile, prep.regions))
    if "capacity" in failed:
        gaps.append(capacity_gap(profile, prep))
    gaps += [standard_gap(plan, claims, ref, today, require_verified) for plan in preferred]
    # a standard is named once: its strongest gap (a must-have before a preferred one)
    named, unique = set(), []
    for gap in [g for g in gaps if g is not None and g.blocking] + [
            g for g in gaps if g is not None and not g.blocking]:
        key = gap.params.get("standard")
        if key is not None and key in named:
            continue
        if key is not None:
            named.add(key)
        unique.append(gap)
    return tuple(unique)
