"""Gaps between one supplier and one requirement, as structured data with an English detail.

Kinds, their remedies and whether they block:

=====================  =====================  ==========================================
kind                   remedy                 blocks
=====================  =====================  ==========================================
missing_standard       obtain_certificate     yes for a must-have, no for a preferred one
expired_standard       renew_certificate      idem (expires before the need date, or did)
revoked_standard       obtain_certificate     idem
superseded_standard    migrate_standard       idem (holds the predecessor, e.g. OHSAS 18001)
unverified_standard    verify_certificate     no, unless the engine requires verification
region_not_served      extend_regions         yes
insufficient_capacity  increase_capacity      yes (``declare_capacity`` when none is declared)
=====================  =====================  ==========================================

A self-declared certificate counts as held: the platform's verification queue, not the buyer,
is where it gets checked, and the buyer sees the ``unverified_standard`` gap.
"""

from __future__ import annotations

from datetime import date

from .block import region_country, served_regions
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


def capacity_gap(profile, min_capacity):
    """Gap when capacity is below the minimum or undeclared, or None."""
    if min_capacity is None:
        return None
    cap = profile.capacity
    if cap is None:
        return Gap("insufficient_capacity", {"required": min_capacity, "available": None,
                                             "shortfall": None}, True, "declare_capacity", None,
                   f"No capacity declared (minimum {min_capacity:g}): declare capacity")
    if cap >= min_capacity:
        return None
    return Gap("insufficient_capacity", {"required": min_capacity, "available": cap,
                                         "shortfall": min_capacity - cap}, True,
               "increase_capacity", None,
               f"Capacity {cap:g} is below the minimum {min_capacity:g}: increase capacity")


def supplier_gaps(profile, prep, catalogue, key_for, ref: date, today: date, require_verified):
    """Every gap of ``profile`` for a prepared requirement (blocking ones first)."""
    plans = prep.shared.get("standard_plans")
    if plans is None:  # the same for every supplier of the requirement
        plans = prep.shared["standard_plans"] = (
            [StandardPlan(catalogue, key, True) for key, _ in prep.must],
            [StandardPlan(catalogue, key, False) for key, _ in prep.preferred])
    must, preferred = plans
    claims = [(key_for(c.standard), c) for c in profile.certifications]
    gaps = [standard_gap(plan, claims, ref, today, require_verified) for plan in must]
    gaps.append(region_gap(profile, prep.regions) if prep.regions else None)
    gaps.append(capacity_gap(profile, prep.min_capacity))
    gaps += [standard_gap(plan, claims, ref, today, require_verified) for plan in preferred]
    return tuple([g for g in gaps if g is not None and g.blocking]
                 + [g for g in gaps if g is not None and not g.blocking])
