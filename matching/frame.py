"""The rows of a block scored for one requirement, and per-row sums read from its indexes.

A ``Frame`` is every row of a block or a sorted subset of them; ``Frame.accumulate`` adds up
index entries per row and returns a dense array or a ``Sparse`` one, whichever the block's
size calls for, with the same values either way.
"""

from __future__ import annotations

import numpy as np


class Sparse:
    """A feature that is zero but at a few positions: ``values`` at sorted ``positions`` of a
    length-``m`` array. Indexing gives dense values; scoring touches only the positions."""

    __slots__ = ("positions", "values", "m", "entries")

    def __init__(self, positions, values, m, entries=None):
        self.positions, self.values, self.m = positions, values, m
        # ``(index, value, cut, inside)`` when ``values`` are those entries of one index as
        # they are, so that transforms of them can be read from the index's cache
        self.entries = entries

    def __len__(self):
        return self.m

    def with_values(self, values):
        return Sparse(self.positions, values, self.m)

    def __getitem__(self, at):
        at = np.asarray(at, dtype=np.int64)
        out = np.zeros(at.shape, dtype=self.values.dtype)
        if len(self.positions):
            where = np.minimum(np.searchsorted(self.positions, at), len(self.positions) - 1)
            hit = self.positions[where] == at
            out[hit] = self.values[where[hit]]
        return out

    def dense(self):
        out = np.zeros(self.m, dtype=self.values.dtype)
        out[self.positions] = self.values
        return out


def squash_values(values):
    """log1p(x) / (log1p(x) + 1) of every value, as float32 (``squash`` of a dense array)."""
    logs = np.log1p(np.asarray(values, dtype=np.float64))
    return (logs / (logs + 1.0)).astype(np.float32)


def squash(counts):
    """Map counts to [0, 1) slowly, so large suppliers stay ordered: log1p(x) / (log1p(x) + 1)."""
    if isinstance(counts, Sparse):
        if counts.entries is not None:  # the same arithmetic, done once per index entry
            index, value, cut, inside = counts.entries
            squashed = index.derived(value, squash_values)[cut]
            return counts.with_values(squashed if inside is None else squashed[inside])
        return counts.with_values(squash_values(counts.values))
    out = np.zeros(len(counts), dtype=np.float32)
    nonzero = np.flatnonzero(counts)  # counts are sparse: transform only what is set
    logs = np.log1p(counts[nonzero])
    out[nonzero] = logs / (logs + 1.0)
    return out


class Frame:
    """The rows of a block being scored: all of them, or a sorted candidate subset.

    ``locate(rows)`` maps block rows to positions in the frame, dropping rows outside it.
    """

    def __init__(self, block, rows=None):
        self.block = block
        self.rows = rows
        self._spans = {}
        if rows is None:
            self.m = block.n
        else:
            self.m = len(rows)
            self.pos = np.full(block.n, -1, dtype=np.int32)  # -1: outside the frame
            self.pos[rows] = np.arange(self.m, dtype=np.int32)

    def locate(self, rows, values=None):
        if self.rows is None:
            return rows, values
        pos = self.pos[rows]
        inside = pos >= 0
        if values is not None:
            values = values[inside]
        return pos[inside], values

    def take(self, array):
        return array if self.rows is None else array[self.rows]

    def positions(self, rows):
        """Frame position of each of ``rows`` (block rows), -1 outside the frame."""
        return rows if self.rows is None else self.pos[rows]

    def _span(self, index, prefix):
        """Where ``prefix``'s entries in ``index`` are (``prefix_entries``), which of them are
        live, and where those inside the frame go (``inside`` None when all are); cached per
        frame, as several features read the same prefixes."""
        key = (id(index), prefix)
        hit = self._spans.get(key)
        if hit is None:
            source, cut, distinct = index.prefix_entries(prefix)
            rows = source.rows[cut]
            alive = self.block.alive[rows]
            if self.rows is None:
                inside, pos = None, rows
            else:
                pos = self.pos[rows]
                inside = pos >= 0
                pos = pos[inside]
            hit = self._spans[key] = (source, cut, distinct, alive, inside, pos)
        return hit

    def accumulate(self, index, prefixes, value=0):
        """Per-row sum of ``index`` values under ``prefixes`` (an array, or ``Sparse`` when
        few rows hold any or the rows come distinct and sorted from one prefix), and the
        total over live rows. Each row's sum adds its entries in the same order whatever the
        form and the frame, so every form holds the same values."""
        total = 0.0
        found = []
        distinct = True
        entries = 0
        for prefix in prefixes:
            source, cut, once, alive, inside, pos = self._span(index, prefix)
            if cut.stop == cut.start:
                continue
            vals = source.values[value][cut]
            total += float(vals[alive].sum(dtype=np.float64))
            if inside is not None:
                vals = vals[inside]
            found.append((pos, vals))
            distinct &= once
            entries += cut.stop - cut.start
            origin = (source, value, cut, inside)
        # the form depends on the block, not the frame, so that ``weighted_score`` adds a
        # row's features in the same order whichever frame the row is scored in
        if len(found) == 1 and distinct:
            pos, vals = found[0]
            return Sparse(pos, vals.astype(np.float64), self.m, origin), total
        if entries * 8 < self.block.n:
            if not found:
                return Sparse(np.zeros(0, dtype=np.int64), np.zeros(0), self.m), total
            pos = np.concatenate([p for p, _ in found])
            vals = np.concatenate([v for _, v in found])
            rows, inverse = np.unique(pos, return_inverse=True)
            return Sparse(rows, np.bincount(inverse, weights=vals, minlength=len(rows)),
                          self.m), total
        out = np.zeros(self.m, dtype=np.float64)
        for pos, vals in found:
            out += np.bincount(pos, weights=vals, minlength=self.m)
        return out, total
