"""Codes that the same suppliers hold: the links behind the ``related_code`` feature.

Prefix closeness knows only the code hierarchy. Suppliers know more: the firms that supply
laboratory instruments also supply laboratory chemicals, though the two codes may sit in
different segments of the scheme. Two codes are linked when they are held (declared or
won) by the same suppliers more often than chance:

* similarity: co-holders over the geometric mean of the two codes' holders (the cosine of
  their holder sets, 1 when exactly the same suppliers hold both);
* lift: co-holders over the number expected if codes were held independently; a link needs
  at least ``min_lift`` (very common codes are held together by chance alone);
* each code keeps its ``neighbours`` most similar codes with at least ``min_similarity``.

Links are fitted once, with the index, and stay as fitted until the next ``fit`` (as the text
weights do), so a supplier changing its codes never changes what codes mean to others.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .block import normalise_code
from .types import LinkedCode

#: Codes whose co-holders are worked out in one sparse product (bounds memory).
_CHUNK = 512


class CodeLinks:
    """Linked codes of every code of a code index, most similar first.

    Parameters
    ----------
    neighbours : int
        Links kept per code.
    min_similarity : float
        Lowest cosine similarity of the holder sets for a link.
    min_lift : float
        Lowest ratio of co-holders to the number expected by chance for a link.
    """

    def __init__(self, neighbours=100, min_similarity=0.05, min_lift=2.0):
        self.neighbours = neighbours
        self.min_similarity = min_similarity
        self.min_lift = min_lift

    def fit(self, tokens, indptr, rows, n_rows):
        """Links from a code index: ``tokens`` (sorted codes), and for code ``j`` the distinct
        rows ``rows[indptr[j]:indptr[j + 1]]`` holding it, out of ``n_rows``; returns self."""
        self.codes_ = list(tokens)
        n_codes = len(self.codes_)
        holders = np.diff(np.asarray(indptr)).astype(np.float64)
        held = sparse.csc_matrix((np.ones(len(rows), dtype=np.float32), np.asarray(rows),
                                  np.asarray(indptr)), shape=(max(n_rows, 1), n_codes))
        held_by_code = held.T.tocsr()
        starts, linked, similarity = [0], [], []
        for lo in range(0, n_codes, _CHUNK):
            hi = min(n_codes, lo + _CHUNK)
            co = (held_by_code[lo:hi] @ held).tocoo()
            code, other, together = co.row + lo, co.col, co.data.astype(np.float64)
            expected = holders[code] * holders[other]
            sim = together / np.sqrt(expected)
            keep = ((code != other) & (sim >= self.min_similarity)
                    & (together * max(n_rows, 1) >= self.min_lift * expected))
            code, other, sim = code[keep], other[keep], sim[keep]
            # most similar first, ties to the earlier code; then the first ``neighbours``
            order = np.lexsort((other, -sim, code))
            code, other, sim = code[order], other[order], sim[order]
            first = np.searchsorted(code, np.arange(lo, hi + 1))
            place = np.arange(len(code)) - np.repeat(first[:-1], np.diff(first))
            keep = place < self.neighbours
            counts = np.bincount(code[keep] - lo, minlength=hi - lo)
            starts.extend((starts[-1] + np.cumsum(counts)).tolist())
            linked.append(other[keep].astype(np.int32))
            similarity.append(sim[keep].astype(np.float32))
        self.indptr_ = np.asarray(starts, dtype=np.int64)
        self.linked_ = np.concatenate(linked) if linked else np.zeros(0, np.int32)
        self.similarity_ = np.concatenate(similarity) if similarity else np.zeros(0, np.float32)
        self._at = {code: j for j, code in enumerate(self.codes_)}
        return self

    @classmethod
    def of_index(cls, index, n_rows, **options):
        """Links from a ``PrefixIndex`` of codes (one entry per distinct row and code)."""
        return cls(**options).fit(index.tokens, index.indptr, index.rows, n_rows)

    def __len__(self) -> int:
        """Number of links (each direction counted)."""
        return len(self.linked_)

    def of(self, code: str) -> tuple[tuple[str, ...], np.ndarray]:
        """Codes linked to ``code`` and their similarities, most similar first (none for a
        code no supplier held when fitted)."""
        j = self._at.get(code)
        if j is None:
            return (), np.zeros(0, dtype=np.float32)
        a, b = self.indptr_[j], self.indptr_[j + 1]
        return tuple(self.codes_[i] for i in self.linked_[a:b]), self.similarity_[a:b]


def strongest_links(profile, codes, links) -> tuple[LinkedCode, ...]:
    """For each of ``codes`` (normalised requirement codes) with ``links`` (``CodeLinks.of``
    of each), the most similar linked code ``profile`` holds, declared or won."""
    held = {normalise_code(c) for c in profile.codes}
    held.update(normalise_code(a.code) for a in profile.awards)
    out = []
    for code, (linked, similarity) in zip(codes, links):
        if held.isdisjoint(linked):
            continue
        first = next(j for j, other in enumerate(linked) if other in held)
        out.append(LinkedCode(code, linked[first], float(similarity[first])))
    return tuple(out)
