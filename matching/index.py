"""Column-oriented indexes over supplier profiles, built once and read with array operations.

A ``PrefixIndex`` maps string tokens to the rows (suppliers) that carry them, with one or more
values per (row, token). Tokens are stored in sorted order, so every token that starts with a
given prefix occupies one contiguous column range: hierarchical codes of any scheme (UNSPSC,
GSIN, CPC, national catalogues) are looked up level by level without knowing the scheme.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

_HIGH = "\U0010ffff"


def factorise(tokens):
    """``(codes, uniques)``: ``uniques`` sorted, ``codes[i]`` the position of ``tokens[i]``.

    Only the distinct tokens are sorted, so long token lists with few distinct values (codes,
    regions, standards) cost one dictionary pass.
    """
    first = {}
    ids = np.fromiter((first.setdefault(t, len(first)) for t in tokens), dtype=np.int64,
                      count=len(tokens))
    seen = list(first)
    order = sorted(range(len(seen)), key=seen.__getitem__)
    rank = np.empty(len(seen), dtype=np.int64)
    rank[order] = np.arange(len(seen))
    return rank[ids], [seen[i] for i in order]


class PrefixIndex:
    """Sorted-token inverted index with per-entry values.

    Parameters
    ----------
    rows : sequence of int
        Row of each entry.
    tokens : sequence of str
        Token of each entry.
    values : list of sequences of float
        One or more value arrays, aligned with ``rows``.
    reduce : {"sum", "max"}
        How repeated (row, token) entries are combined.
    """

    def __init__(self, rows, tokens, values=(), reduce="sum"):
        cols, self.tokens = factorise(tokens)
        rows = np.asarray(rows, dtype=np.int64)
        values = [np.asarray(v, dtype=np.float64) for v in values] or [np.ones(len(rows))]
        order = np.lexsort((rows, cols))
        cols, rows = cols[order], rows[order]
        values = [v[order] for v in values]
        if len(rows):
            starts = np.flatnonzero(np.r_[True, (np.diff(cols) != 0) | (np.diff(rows) != 0)])
            if len(starts) < len(rows):
                op = np.add if reduce == "sum" else np.maximum
                values = [op.reduceat(v, starts) for v in values]
                cols, rows = cols[starts], rows[starts]
        self.indptr = np.searchsorted(cols, np.arange(len(self.tokens) + 1)).astype(np.int64)
        self.rows = rows.astype(np.int32)
        self.values = [v.astype(np.float32) for v in values]

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (tokens excluded)."""
        return self.indptr.nbytes + self.rows.nbytes + sum(v.nbytes for v in self.values)

    def span(self, prefix: str) -> tuple[int, int]:
        """Column range ``[lo, hi)`` of the tokens starting with ``prefix``."""
        return bisect_left(self.tokens, prefix), bisect_left(self.tokens, prefix + _HIGH)

    def exact(self, token: str) -> tuple[int, int]:
        """Column range of ``token`` itself (empty when absent)."""
        lo = bisect_left(self.tokens, token)
        if lo < len(self.tokens) and self.tokens[lo] == token:
            return lo, lo + 1
        return lo, lo

    def entries(self, cols: tuple[int, int], value: int = 0):
        """Rows and values of every entry in the column range ``cols``."""
        a, b = self.indptr[cols[0]], self.indptr[cols[1]]
        return self.rows[a:b], self.values[value][a:b]

    def entry_rows(self, cols: tuple[int, int]):
        """Rows of every entry in the column range ``cols``."""
        return self.rows[self.indptr[cols[0]]:self.indptr[cols[1]]]

    def entry_slice(self, cols: tuple[int, int]) -> slice:
        """Slice of the entry arrays covering the column range ``cols``."""
        return slice(int(self.indptr[cols[0]]), int(self.indptr[cols[1]]))

    def entry_columns(self, cols: tuple[int, int]) -> np.ndarray:
        """Column of each entry returned by ``entries(cols)``."""
        lo, hi = cols
        return np.repeat(np.arange(lo, hi), np.diff(self.indptr[lo : hi + 1]))
