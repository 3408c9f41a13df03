"""Vectorised lookups of one requirement over a block of suppliers: code closeness, linked
codes, texts and certificates. Each returns one value per row of a ``frame.Frame``; the
features (``features``) and the constraints (``constraints``) are built from them.
"""

from __future__ import annotations

import numpy as np

from .block import SEP
from .frame import Frame, squash_values
from .prepared import Prepared


def valid_claims(frame, status, keys, ref):
    """Which rows hold a claim with ``status`` ("v" verified, "s" self-declared) of one of
    ``keys`` not expired on the ordinal day ``ref``."""
    ids = frame.block.cert_ids
    wanted = [ids[t] for t in (status + SEP + key for key in keys) if t in ids]
    if not wanted:
        return np.zeros(frame.m, dtype=bool)
    return frame.block.certs.members(frame.rows, wanted, ref)



def per_block(frame, prep: Prepared, name, compute) -> np.ndarray:
    """``compute(frame)`` for a small frame; for a large one, the rows' share of the whole
    block's values, computed once per requirement and kept in ``prep.shared`` (and read
    from there for a small frame too, once they are)."""
    block = frame.block
    key = (name, id(block))
    values = prep.shared.get(key)
    if values is None and frame.rows is not None and frame.m * 8 < block.n:
        return compute(frame)
    if values is None:
        values = prep.shared[key] = compute(Frame(block) if frame.rows is not None else frame)
    return frame.take(values)


def code_match(frame, prep: Prepared) -> np.ndarray:
    """Closeness in the code hierarchy: for each requirement code, the longest prefix (of at
    least its first 2 characters) a row shares with it, over the code's length; averaged."""

    def compute(frame):
        total = np.zeros(frame.m, dtype=np.float32)
        index = frame.block.codes
        for code in prep.codes:
            # the longest shared prefix length of each row (a byte: a quarter of the memory
            # traffic of float32 for the largest writes of a query)
            best = np.zeros(frame.m, dtype=np.uint8 if len(code) < 256 else np.uint16)
            # every longer prefix's entries lie inside the shorter one's: locate the shortest
            # once, then write each entry once, at the last prefix length it shares; lengths
            # go up, so a row holding several codes keeps its longest
            low = min(2, len(code))
            cuts = [index.entry_slice(index.span(code[:length]))
                    for length in range(low, len(code) + 1)]
            outer = cuts[0]
            pos = frame.positions(index.rows[outer])
            for length, cut, inner in zip(range(low, len(code) + 1), cuts, cuts[1:] + [None]):
                lo, hi = cut.start - outer.start, cut.stop - outer.start
                if inner is None:
                    pieces = (pos[lo:hi],)
                else:
                    pieces = (pos[lo:inner.start - outer.start], pos[inner.stop - outer.start:hi])
                for at in pieces:
                    best[at if frame.rows is None else at[at >= 0]] = length
            total += best * np.float32(1.0 / len(code))
        return total / max(1, len(prep.codes))

    return per_block(frame, prep, "code_match", compute)


def related_code(frame, prep: Prepared) -> np.ndarray:
    """For each requirement code, the highest similarity of a linked code a row holds
    (``links.CodeLinks``; 0 when it holds none); averaged over the requirement's codes."""

    def compute(frame):
        total = np.zeros(frame.m, dtype=np.float32)
        index = frame.block.codes
        for codes, similarity in prep.links:
            best = np.zeros(frame.m, dtype=np.float32)
            # least similar first, so a row holding several linked codes keeps the highest
            for code, value in zip(reversed(codes), similarity[::-1]):
                at = frame.positions(index.entry_rows(index.exact(code)))
                best[at if frame.rows is None else at[at >= 0]] = value
            total += best
        return total / max(1, len(prep.codes))

    return per_block(frame, prep, "related_code", compute)


def text_similarity(frame, prep: Prepared) -> np.ndarray:
    """Text similarity of every row of ``frame`` (float32, at most 1)."""

    def compute(frame):
        sim = np.zeros(frame.m, dtype=np.float32)
        block = frame.block
        indptr, indices, data = block.text.indptr, block.text.indices, block.text.data
        # a term's rows are distinct, so each term is one fancy-indexed add, in query order
        for term, weight in zip(prep.query_terms, prep.query_values):
            a, b = indptr[term], indptr[term + 1]
            if a == b:
                continue
            rows, vals = indices[a:b], weight * data[a:b]
            if frame.rows is not None:
                rows, vals = frame.locate(rows, vals)
            sim[rows] += vals
        return np.minimum(sim, 1.0, out=sim)

    return per_block(frame, prep, "text", compute)


def award_similarities(block, prep: Prepared):
    """``(hit, sim)``: the past awards of ``block`` sharing a term with the requirement's text
    and the cosine of each one's text with it (at most 1); computed once per requirement and
    block, for every per-award text feature."""
    key = ("award_similarities", id(block))
    found = prep.shared.get(key)
    if found is None:
        worded = block.award_text
        sim = np.zeros(worded.shape[0], dtype=np.float32)
        for term, weight in zip(prep.query_terms, prep.query_values):
            a, b = worded.indptr[term], worded.indptr[term + 1]
            if a < b:
                sim[worded.indices[a:b]] += weight * worded.data[a:b]
        hit = np.flatnonzero(sim)
        found = prep.shared[key] = (hit, np.minimum(sim[hit], 1.0))
    return found


def _best_award(frame, hit, values) -> np.ndarray:
    """Per row of ``frame``, the highest of ``values`` over its awards ``hit`` (0 without)."""
    best = np.zeros(frame.m, dtype=np.float32)
    if len(hit):
        at = frame.positions(frame.block.award_text_rows[hit])
        inside = at >= 0
        np.maximum.at(best, at[inside], values[inside])
    return best


def award_text(frame, prep: Prepared) -> np.ndarray:
    """For each row, the highest text similarity of one of its past awards (cosine of the
    award's text and the requirement's; 0 without any): a supplier of many trades is judged
    by the work closest to the requirement, which its whole text dilutes."""
    return _best_award(frame, *award_similarities(frame.block, prep))


def recent_award_text(frame, prep: Prepared) -> np.ndarray:
    """``award_text`` with each past award's similarity weighted by its long-term recency
    (``block.LASTING``): close work done lately counts more than close work done long ago."""
    block = frame.block
    hit, sim = award_similarities(block, prep)
    return _best_award(frame, hit, sim * block.award_text_lasting[hit])


def award_text_mass(frame, prep: Prepared) -> np.ndarray:
    """Squashed sum of the similarities of the row's past awards: how much close work it
    has done, not only its closest job."""
    block = frame.block
    hit, sim = award_similarities(block, prep)
    total = np.zeros(frame.m, dtype=np.float64)
    if len(hit):
        at = frame.positions(block.award_text_rows[hit])
        inside = at >= 0
        np.add.at(total, at[inside], sim[inside])
    return squash_values(total)
