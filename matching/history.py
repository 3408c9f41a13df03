"""Track-record features at the buyer's site and the backed-off chance of winning.

Both read the award indexes of a block through a ``Frame``; ``scoring.compute_features``
calls them with the requirement's code levels.
"""

from __future__ import annotations

import numpy as np

from .block import COUNT, LEVELS, RECENT, SEP
from .frame import Sparse, squash
from .prepared import Prepared

#: Pseudo-count with which each context of the ``backoff`` feature borrows the estimate of the
#: broader context it refines.
BACKOFF_PRIOR = 5.0


def site_features(frame, prep: Prepared, levels, want, out, totals, counted):
    """Features of the buyer's site: the supplier's awards from this buyer at this site (per
    code level, recent, overall, as a share), from any buyer at this site per code level, and
    whether the supplier is based in the site's town (alone and with its awards in the code).

    A buyer's sites (regional offices, plants, mines) keep their own local suppliers, which
    the buyer-wide and region-wide features blur."""
    block, site = frame.block, prep.site
    if not site:
        return
    mine = (prep.buyer_id or "") + SEP + site + SEP
    for level, prefixes in zip(LEVELS, levels):
        names = (f"site_{level}", f"share_site_{level}", f"site_recent_{level}")
        if prep.buyer_id and any(n in want for n in names):
            keys = {mine + p for p in prefixes}
            counts, total = frame.accumulate(block.site_awards, keys)
            out[names[0]] = squash(counts)
            out[names[1]] = counts
            totals[names[1]] = total
            if names[2] in want:
                out[names[2]] = squash(frame.accumulate(block.site_awards, keys, RECENT)[0])
        if f"town_{level}" in want:
            counts, _ = frame.accumulate(block.town_awards, {site + SEP + p for p in prefixes})
            out[f"town_{level}"] = squash(counts)
    if prep.buyer_id and {"site_awards", "share_site", "site_recent"} & set(want):
        counts, total = frame.accumulate(block.site_awards, (mine,))
        out["site_awards"] = squash(counts)
        out["share_site"] = counts
        totals["share_site"] = total
        out["site_recent"] = squash(frame.accumulate(block.site_awards, (mine,), RECENT)[0])
    if {"near_site", "near_site_code", "near_site_family"} & set(want):
        site_id = block.site_ids.get(site, -2)
        near = (frame.take(block.home_site) == site_id).astype(np.float32)
        out["near_site"] = near
        for level in ("code", "family"):
            if f"near_site_{level}" in want:
                counts = counted.get(level)
                if counts is None:
                    prefixes = set(levels[LEVELS.index(level)])
                    counts = frame.accumulate(block.awards, prefixes, COUNT)[0]
                counts = squash(counts)
                out[f"near_site_{level}"] = (
                    counts.with_values(near[counts.positions] * counts.values)
                    if isinstance(counts, Sparse) else near * counts)


class BackoffCounts:
    """A block's award counts in the ``backoff`` feature's contexts, broadest first, for the
    rows with any (every narrower context lies inside the broadest, the code segment)."""

    def __init__(self, at, counts, m, sparse):
        self.at, self.counts, self.m, self.sparse = at, counts, m, sparse

    def finish(self, totals):
        """The feature from the contexts' totals over all blocks (and, last, the number of live
        suppliers n): the chance p of winning is estimated in each context as
        ``(count + BACKOFF_PRIOR * p_broader) / (total + BACKOFF_PRIOR)`` starting from 1/n,
        and the feature is ``log(p n) / log(n)`` clipped to [0, 1]: the log-lift over a
        supplier picked at random. Winning more awards in any context raises every
        estimate from it on, so the feature never decreases."""
        n = max(float(totals[-1]), 2.0)
        p = np.full(len(self.at), 1.0 / n)
        for counts, total in zip(self.counts, totals[:-1]):
            p = (counts + BACKOFF_PRIOR * p) / (total + BACKOFF_PRIOR)
        value = np.clip(np.log(p * n) / np.log(n), 0.0, 1.0).astype(np.float32)
        if self.sparse:
            return Sparse(self.at, value, self.m)
        out = np.zeros(self.m, dtype=np.float32)
        out[self.at] = value
        return out


def backoff_counts(frame, prep: Prepared, levels):
    """Counts and totals of the ``backoff`` contexts: code segment, family, parent, code, then
    the buyer's awards in the code and at the buyer's site in the code (when known).

    A linear mix of squashed counts cannot tell a supplier holding most of a small context
    from one holding a little of a large one; a probability estimated context by context,
    each backing off to the broader one in proportion to its sparsity, can."""
    block = frame.block
    steps = [(block.awards, set(levels[i])) for i in (3, 2, 1, 0)]
    if prep.buyer_id:
        steps.append((block.buyer_awards, {prep.buyer_id + SEP + c for c in levels[0]}))
        if prep.site:
            steps.append((block.site_awards, {prep.buyer_id + SEP + prep.site + SEP + c
                                              for c in levels[0]}))
    found = [frame.accumulate(index, keys) for index, keys in steps]
    broadest = found[0][0]
    sparse = isinstance(broadest, Sparse)
    at = broadest.positions if sparse else np.flatnonzero(broadest)
    counts = [np.asarray(c[at], dtype=np.float64) for c, _ in found]
    totals = np.array([t for _, t in found] + [np.count_nonzero(block.alive)], dtype=np.float64)
    return BackoffCounts(at, counts, frame.m, sparse), totals
