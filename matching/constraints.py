"""Hard constraints: the one place that says which ones each supplier fails.

Ranking counts the failures (a supplier failing none is *qualified*; one failing a few,
each closable, is a *near miss*), and ``matching.gaps`` words the very same failures, so the
two can never disagree.

================  ==========================================================================
constraint        a supplier fails it when
================  ==========================================================================
category          it offers (declares or has won) no requested code at the requirement's
                  depth: ``code`` the code or a descendant, ``family`` a code of the same
                  family, ``related`` the same family or a linked code (``links``); ``any``
                  makes the category a score only
standard:<key>    no claim of a standard satisfying the must-have ``key`` is valid on the
                  need date (verified, or self-declared unless verification is required)
regions           some delivery region is neither declared nor inside a declared country
capacity          no capacity in the requirement's dimension reaches the minimum (units
                  convert inside a dimension, never across: ``matching.units``)
================  ==========================================================================

The category also decides who may be a near miss at all (``category_reach``): a supplier that
misses the depth but offers a code of the same family or a linked one can be (its gap says
which code to declare); one that offers nothing relevant is neither qualified nor a near miss.
"""

from __future__ import annotations

import numpy as np

from . import units
from .block import region_country
from .frame import Frame
from .lookups import per_block, related_code, valid_claims
from .prepared import Prepared

#: ``category_reach`` values: fits the depth asked, relevant (may be a near miss), neither.
FITS, RELEVANT, UNRELATED = 2, 1, 0


def _mark(out, frame, rows):
    at = frame.positions(rows)
    out[at if frame.rows is None else at[at >= 0]] = True


def category_reach(frame, prep: Prepared) -> np.ndarray:
    """``FITS``, ``RELEVANT`` or ``UNRELATED`` per row (uint8; see the module docstring)."""

    def compute(frame):
        index, m = frame.block.codes, frame.m
        below, family = np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
        for stem, fam in prep.category_prefixes:
            _mark(below, frame, index.entry_rows(index.span(stem)))
            _mark(family, frame, index.entry_rows(index.span(fam)))
        linked = related_code(frame, prep) > 0 if prep.has_links else np.zeros(m, dtype=bool)
        depth = prep.category_depth
        if depth == "code":
            fits, near = below, family | linked
        elif depth == "family":
            fits, near = family, linked
        else:  # related
            fits, near = family | linked, np.zeros(m, dtype=bool)
        reach = near.astype(np.uint8)
        reach[fits] = FITS
        return reach

    if not prep.category_applies:
        return np.full(frame.m, FITS, dtype=np.uint8)
    return per_block(frame, prep, "category_reach", compute)


def relevant_rows(block, prep: Prepared) -> np.ndarray:
    """Rows of ``block`` that may be qualified or near misses by their category."""
    return np.flatnonzero(category_reach(Frame(block), prep) >= RELEVANT)


def failures(frame, prep: Prepared) -> dict[str, np.ndarray]:
    """Per constraint the requirement sets, which rows of ``frame`` fail it (bool arrays)."""
    block, out = frame.block, {}
    if prep.category_applies:
        out["category"] = category_reach(frame, prep) != FITS
    for key, keys in prep.must:
        ok = valid_claims(frame, "v", keys, prep.ref_ordinal)
        if not prep.require_verified:
            ok |= valid_claims(frame, "s", keys, prep.ref_ordinal)
        out["standard:" + key] = ~ok
    if prep.regions:
        missing = np.zeros(frame.m, dtype=bool)
        ids = block.place_ids
        for region in prep.regions:
            tokens = [ids[t] for t in (region, region_country(region)) if t and t in ids]
            missing |= ~block.served.members(frame.rows, tokens)
        out["regions"] = missing
    if prep.min_capacity is not None:
        dim = block.dimension_ids.get(prep.capacity_dimension, -2)
        out["capacity"] = ~((frame.take(block.capacity_dimension) == dim)
                            & units.meets(frame.take(block.capacity), prep.min_capacity_base))
    return out


def blocking_counts(failed: dict, m: int) -> np.ndarray:
    """Number of constraints each row fails (0 = qualified)."""
    count = np.zeros(m, dtype=np.int16)
    for rows in failed.values():
        count += rows
    return count


def failed_at(failed: dict, position: int) -> frozenset:
    """Names of the constraints the row at ``position`` fails."""
    return frozenset(name for name, rows in failed.items() if rows[position])
