"""Reference rankers for the award-prediction benchmark (see data/README.md).

* popularity: award count in the same code, then in the 2-character prefix, then overall;
* affinity: popularity plus the buyer's own past suppliers in that code and the same region.

Both rank every supplier seen in the history and break remaining ties by first appearance.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np


class HistoryCounts:
    """Award counts from history events, as arrays over the suppliers seen."""

    def __init__(self, events):
        self.ids = list(dict.fromkeys(ev.supplier_id for ev in events))
        pos = {sid: i for i, sid in enumerate(self.ids)}
        n = len(self.ids)
        self.code, self.prefix, self.buyer_code = (defaultdict(Counter) for _ in range(3))
        self.total = np.zeros(n)
        region = {}
        for ev in events:
            row = pos[ev.supplier_id]
            self.total[row] += 1
            for code in ev.codes:
                self.code[code][row] += 1
                self.prefix[code[:2]][row] += 1
                self.buyer_code[(ev.buyer_id, code)][row] += 1
            if ev.supplier_region:
                region[row] = ev.supplier_region
        self.region = np.array([region.get(i) for i in range(n)], dtype=object)

    def vector(self, table, keys):
        out = np.zeros(len(self.ids))
        for key in keys:
            for row, count in table.get(key, {}).items():
                out[row] += count
        return out


def popularity_rank(counts: HistoryCounts, codes):
    """Supplier indices, best first, by (code count, prefix count, total)."""
    codes = list(dict.fromkeys(codes))
    same = counts.vector(counts.code, codes)
    near = counts.vector(counts.prefix, {c[:2] for c in codes})
    return np.lexsort((np.arange(len(same)), -counts.total, -near, -same))


def affinity_rank(counts: HistoryCounts, codes, buyer_id, region):
    """Supplier indices, best first: code count + the buyer's own awards to the supplier in
    those codes + 1 for the buyer's region, then prefix count, then total."""
    codes = list(dict.fromkeys(codes))
    same = counts.vector(counts.code, codes)
    near = counts.vector(counts.prefix, {c[:2] for c in codes})
    mine = counts.vector(counts.buyer_code, [(buyer_id, c) for c in codes])
    local = (counts.region == region).astype(float) if region else np.zeros(len(same))
    return np.lexsort((np.arange(len(same)), -counts.total, -near, -(same + mine + local)))
