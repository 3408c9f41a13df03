"""What a candidate's reasons name, worked out when a requirement is ranked and stored with the
result: the closest category the supplier offers, its capacity, its contracts won on the
platform in the requested categories and whether it is in a development programme.

The candidates page reads these facts from the stored result instead of querying each
supplier's rows on every request; a change to any of them is a supplier change, which ranks
the open requirements again and so stores them anew.
"""

from __future__ import annotations

from .types import Requirement, SupplierProfile

#: Shared leading characters of two codes -> how close they are (UNSPSC-like 2/4/6/8 levels).
LEVELS = ((8, "exact"), (6, "class"), (4, "family"), (2, "segment"))


def closest_code(wanted, offered) -> tuple[str, str] | None:
    """The closest ``(level, offered code)`` between the requested and the offered codes: the
    same code, then the same class, family or segment; None when nothing is near."""
    for length, level in LEVELS:
        for code in offered:
            if any(code == w if level == "exact" else code[:length] == w[:length]
                   for w in wanted if len(w) >= length and len(code) >= length):
                return level, code
    return None


def evidence(requirement: Requirement, profile: SupplierProfile) -> dict:
    """The facts behind ``profile``'s reasons for ``requirement``, as JSON-ready values.

    ``wins`` counts the supplier's awards on the platform (not imported history) in the
    requested categories, one per awarded category, never the requirement's own award.
    """
    closest = closest_code(requirement.codes, profile.codes)
    wanted = set(requirement.codes)
    wins = sum(1 for award in profile.awards
               if award.requirement_id is not None and award.requirement_id != requirement.id
               and award.code in wanted)
    return {
        "closest": list(closest) if closest else None,
        "capacity": ([profile.capacity, profile.capacity_unit]
                     if profile.capacity is not None else None),
        "wins": wins,
        "programme": bool(profile.programme_stage),
    }
