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
    regions, standards) cost one dictionary pass. ``tokens`` may also be ``Labels``.
    """
    labels = tokens if isinstance(tokens, Labels) else Labels.of(tokens)
    seen = labels.uniques
    order = sorted(range(len(seen)), key=seen.__getitem__)
    rank = np.empty(len(seen), dtype=np.int32)
    rank[order] = np.arange(len(seen))
    return rank[labels.ids], [seen[i] for i in order]


class Labels:
    """One string per entry, held as ``ids`` (int32) into ``uniques`` (each string once).

    Long columns of repeated strings (an award's code, buyer, place) cost one integer each
    instead of one Python object, and combining columns works on integers.
    """

    def __init__(self, ids, uniques):
        self.ids, self.uniques = ids, uniques

    @classmethod
    def of(cls, strings, count=None):
        first = {}
        ids = np.fromiter((first.setdefault(s, len(first)) for s in strings), dtype=np.int32,
                          count=len(strings) if count is None else count)
        return cls(ids, list(first))

    def __len__(self):
        return len(self.ids)

    def filled(self) -> np.ndarray:
        """Which entries hold a non-empty string."""
        empty = [i for i, s in enumerate(self.uniques) if not s]
        return ~np.isin(self.ids, empty) if empty else np.ones(len(self.ids), dtype=bool)

    def take(self, selected) -> Labels:
        return Labels(self.ids[selected], self.uniques)

    @classmethod
    def concat(cls, *parts: Labels) -> Labels:
        """The entries of ``parts`` one after another, under one set of distinct strings."""
        first, ids = {}, []
        for part in parts:
            remap = np.array([first.setdefault(s, len(first)) for s in part.uniques],
                             dtype=np.int32)
            ids.append(remap[part.ids] if len(part.ids) else part.ids.astype(np.int32))
        return cls(np.concatenate(ids) if ids else np.zeros(0, np.int32), list(first))


def joined(sep: str, *columns: Labels) -> Labels:
    """The entries' strings of ``columns`` joined by ``sep``; each distinct combination is
    found on integers and joined once."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        key = key * len(column.uniques) + column.ids.astype(np.int64)
    combos, inverse = np.unique(key, return_inverse=True)
    parts = []
    for column in reversed(columns):
        combos, part = np.divmod(combos, len(column.uniques))
        parts.append(part.tolist())
    parts.reverse()
    strings = [sep.join(column.uniques[i] for column, i in zip(columns, combo))
               for combo in zip(*parts)]
    return Labels(inverse.reshape(-1).astype(np.int32), strings)


class PrefixIndex:
    """Sorted-token inverted index with per-entry values.

    Parameters
    ----------
    rows : sequence of int
        Row of each entry.
    tokens : sequence of str or Labels
        Token of each entry.
    values : list of sequences of float, or None
        One or more value arrays, aligned with ``rows`` (ones when empty; none when None).
    reduce : {"sum", "max"}
        How repeated (row, token) entries are combined.
    levelled : bool
        When True, ``prefix_entries`` reads a prefix of length ``n`` from the same entries
        with every token cut to ``n`` characters (built on first use, kept per length): the
        prefix is then one token whose rows are distinct and sorted, so however many suppliers
        it covers, a lookup needs no per-row reduction.
    """

    def __init__(self, rows, tokens, values=(), reduce="sum", levelled=False):
        cols, self.tokens = factorise(tokens)
        del tokens
        # narrow types while sorting: a million suppliers' entries stay within memory
        cols = cols.astype(np.int32)
        rows = np.asarray(rows, dtype=np.int32)
        if values is None:  # rows only (``values`` stays empty)
            values = []
        else:
            values = ([np.asarray(v, dtype=np.float32) for v in values]
                      or [np.ones(len(rows), dtype=np.float32)])
        self.reduce, self.levelled, self._levels, self._derived = reduce, levelled, {}, {}
        # entries sorted by (token, row), repeated ones combined, kept column-wise
        order = np.lexsort((rows, cols))
        cols, rows = cols[order], rows[order]
        values = [v[order] for v in values]
        del order
        if len(rows):
            starts = np.flatnonzero(np.r_[True, (np.diff(cols) != 0) | (np.diff(rows) != 0)])
            if len(starts) < len(rows):
                if self.reduce == "sum":  # sums add in double precision
                    values = [np.add.reduceat(v, starts, dtype=np.float64) for v in values]
                else:
                    values = [np.maximum.reduceat(v, starts) for v in values]
                cols, rows = cols[starts], rows[starts]
        self.indptr = np.searchsorted(cols, np.arange(len(self.tokens) + 1)).astype(np.int64)
        self.rows = rows.astype(np.int32, copy=False)
        self.values = [v.astype(np.float32, copy=False) for v in values]

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (tokens excluded), cut levels built so far included."""
        own = self.indptr.nbytes + self.rows.nbytes + sum(v.nbytes for v in self.values)
        own += sum(v.nbytes for v in self._derived.values())
        return own + sum(level.nbytes for level in self._levels.values() if level is not self)

    def at_length(self, n: int) -> PrefixIndex:
        """The same entries with tokens cut to their first ``n`` characters; tokens shorter
        than ``n`` are left out, as no prefix of length ``n`` can match them."""
        level = self._levels.get(n)
        if level is None:
            if all(len(t) == n for t in self.tokens):
                level = self
            else:
                cut = Labels.of([t[:n] for t in self.tokens])  # one label per column
                short = np.array([len(t) < n for t in self.tokens], dtype=bool)
                cols = self.entry_columns((0, len(self.tokens)))
                at = np.flatnonzero(~short[cols])
                level = PrefixIndex(self.rows[at], cut.take(cols[at]),
                                    [v[at] for v in self.values] if self.values else None,
                                    self.reduce)
            self._levels[n] = level
        return level

    def derived(self, value: int, transform):
        """``transform(values[value])`` over every entry, computed once and kept."""
        key = (value, transform)
        out = self._derived.get(key)
        if out is None:
            out = self._derived[key] = transform(self.values[value])
        return out

    def prefix_entries(self, prefix: str):
        """``(index, entries, distinct)``: the index and entry slice holding the entries under
        ``prefix``, and whether each of their rows occurs once (so in a levelled index)."""
        if self.levelled:
            level = self.at_length(len(prefix))
            return level, level.entry_slice(level.exact(prefix)), True
        return self, self.entry_slice(self.span(prefix)), False

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
