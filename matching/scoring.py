"""Vectorised features and hard constraints of one requirement over a block of suppliers.

Every feature lies in [0, 1] and never decreases when a supplier gains a code, an award, a
certificate, capacity or a programme stage, so any non-negative weighting is monotone. A
criterion's contribution is the weighted sum of its features; the score is the sum of the
contributions.
"""

from __future__ import annotations

import numpy as np

from .block import (
    LEVELS,
    SEP,
    code_levels,
    normalise_region,
    region_country,
)
from .frame import Frame, Sparse, squash
from .history import BackoffCounts, backoff_counts, site_features
from .prepared import Prepared
from .types import CRITERIA


def _features():
    out = {"code_match": "category", "code_exact": "category", "related_code": "category",
           "text_similarity": "text", "preferred_covered": "preferred_standards",
           "capacity_headroom": "capacity", "same_location": "proximity",
           "local_code": "proximity", "local_family": "proximity", "near_site": "proximity",
           "near_site_code": "proximity", "near_site_family": "proximity"}
    for level in LEVELS:
        out[f"awards_{level}"] = "track_record"
        out[f"recent_{level}"] = "track_record"
        out[f"share_{level}"] = "track_record"
        out[f"buyer_{level}"] = "track_record"
        out[f"share_buyer_{level}"] = "track_record"
        out[f"place_{level}"] = "track_record"
        out[f"office_{level}"] = "track_record"
        out[f"share_office_{level}"] = "track_record"
        out[f"site_{level}"] = "track_record"
        out[f"share_site_{level}"] = "track_record"
        out[f"site_recent_{level}"] = "track_record"
        out[f"town_{level}"] = "track_record"
    out.update({"lasting_code": "track_record", "buyer_recent_code": "track_record",
                "buyer_awards": "track_record", "buyer_recent": "track_record",
                "share_buyer": "track_record", "office_awards": "track_record",
                "share_office": "track_record", "office_recent": "track_record",
                "office_recent_code": "track_record", "office_recent_family": "track_record",
                "hot_code": "track_record", "hot_family": "track_record",
                "buyer_hot": "track_record", "site_awards": "track_record",
                "share_site": "track_record", "site_recent": "track_record",
                "backoff": "track_record", "awards_total": "track_record",
                "momentum": "track_record", "programme_stage": "programme_stage"})
    return out


#: Feature name -> criterion it belongs to.
FEATURES = _features()

#: Features of the buyer's site (``history.site_features``): they apply only to a requirement
#: that names one.
SITE_FEATURES = frozenset(f for f in FEATURES
                          if f.startswith(("site_", "share_site", "town_", "near_site")))

#: Features that can be non-zero for a supplier sharing no code segment, text term or buyer
#: with the requirement (see ``candidate_rows``).
PRIOR_FEATURES = ("preferred_covered", "capacity_headroom", "same_location", "near_site",
                  "awards_total", "momentum", "programme_stage")

#: Features every supplier has whatever the requirement: their weighted sum is computed once
#: per block and weighting (``static_score``).
STATIC_FEATURES = ("awards_total", "momentum", "programme_stage")

#: Weights used when no ranking model has been learned; they add up to 1.
DEFAULT_FEATURE_WEIGHTS = {
    "code_match": 0.23,
    "code_exact": 0.05,
    "related_code": 0.02,
    "text_similarity": 0.15,
    "preferred_covered": 0.10,
    "capacity_headroom": 0.05,
    "same_location": 0.04,
    "local_code": 0.01,
    "awards_code": 0.05,
    "awards_parent": 0.02,
    "awards_segment": 0.01,
    "recent_code": 0.04,
    "buyer_awards": 0.02,
    "buyer_code": 0.02,
    "share_code": 0.03,
    "share_parent": 0.01,
    "share_segment": 0.01,
    "buyer_recent_code": 0.01,
    "share_buyer_code": 0.02,
    "site_code": 0.02,
    "buyer_segment": 0.02,
    "awards_total": 0.01,
    "momentum": 0.01,
    "programme_stage": 0.05,
}

MAX_STAGE = 7.0

def criterion_applies(criterion: str, prep: Prepared) -> bool:
    """Whether the requirement says anything about ``criterion``."""
    return {
        "category": bool(prep.codes),
        "text": len(prep.query_terms) > 0,
        "preferred_standards": bool(prep.preferred),
        "capacity": bool(prep.min_capacity),
        "proximity": bool(prep.locations or prep.site),
    }.get(criterion, True)


def scale_criteria(feature_weights: dict, criterion_weights: dict | None) -> dict:
    """Rescale feature weights so each criterion in ``criterion_weights`` totals its value."""
    out = {f: float(feature_weights.get(f, 0.0)) for f in FEATURES}
    for criterion, value in (criterion_weights or {}).items():
        if criterion not in CRITERIA:
            raise ValueError(f"unknown criterion {criterion!r}")
        members = [f for f, c in FEATURES.items() if c == criterion]
        current = sum(out[f] for f in members)
        for f in members:
            share = out[f] / current if current > 0 else 1.0 / len(members)
            out[f] = max(0.0, float(value)) * share
    return out


def effective_weights(base: dict, overrides: dict | None, prep: Prepared) -> dict:
    """Feature weights for one requirement: criterion overrides applied, then the applicable
    features rescaled to add up to 1 (an all-zero weighting stays zero)."""
    weights = scale_criteria(base, overrides)
    weights = {f: w for f, w in weights.items() if w > 0 and criterion_applies(FEATURES[f], prep)
               and (prep.site or f not in SITE_FEATURES)}
    total = sum(weights.values())
    return {f: w / total for f, w in weights.items()} if total > 0 else {}


def candidate_rows(block, prep: Prepared, text=True):
    """Rows sharing a code segment or the buyer (and, with ``text``, a text term) with the
    requirement, or holding a code linked to one of its codes; None when the requirement
    names none of those (every row is a candidate).

    Rows outside score only through the text (when ``text`` is False) and
    ``PRIOR_FEATURES``; ``outside_bound`` caps that score.
    """
    terms = prep.query_terms if text else ()
    if not (prep.codes or len(terms) or prep.buyer_id):
        return None
    mark = (_code_match(Frame(block), prep) > 0) if prep.codes else np.zeros(block.n, bool)
    if prep.has_links:
        mark |= related_code(Frame(block), prep) > 0
    if prep.buyer_id:
        mark[block.buyer_awards.entry_rows(block.buyer_awards.span(prep.buyer_id + SEP))] = True
    indptr, indices = block.text.indptr, block.text.indices
    for term in terms:
        mark[indices[indptr[term]:indptr[term + 1]]] = True
    return np.flatnonzero(mark)


def outside_bound(block, weights: dict, prep: Prepared, text=True) -> float:
    """Highest score a row outside ``candidate_rows(block, prep, text)`` can reach."""
    top = {"awards_total": block.max_totals, "momentum": block.max_momentum,
           "programme_stage": block.max_stage}
    bound = sum(w * top.get(f, 1.0) for f, w in weights.items() if f in PRIOR_FEATURES)
    if not text and "text_similarity" in weights and len(prep.query_terms):
        best = float(np.dot(prep.query_values, block.text_max[prep.query_terms]))
        bound += weights["text_similarity"] * min(1.0, best)
    return bound


def valid_claims(frame, status, keys, ref):
    """Which rows hold a claim with ``status`` ("v" verified, "s" self-declared) of one of
    ``keys`` not expired on the ordinal day ``ref``."""
    ids = frame.block.cert_ids
    wanted = [ids[t] for t in (status + SEP + key for key in keys) if t in ids]
    if not wanted:
        return np.zeros(frame.m, dtype=bool)
    return frame.block.certs.members(frame.rows, wanted, ref)


def compute_features(frame, prep: Prepared, want) -> tuple[dict, dict]:
    """Feature arrays (one value per row of ``frame``) for the features in ``want``.

    Share features come back as raw counts with their block totals: call ``finish_shares``
    once every block of the index has been computed.
    """
    block, m, out, totals = frame.block, frame.m, {}, {}
    if "code_match" in want or "code_exact" in want:
        out["code_match"] = _code_match(frame, prep)
        # few suppliers hold the very code: a sparse feature
        index = block.codes
        held = [frame.locate(index.entry_rows(index.exact(code)))[0] for code in prep.codes]
        held, count = np.unique(np.concatenate(held) if held else np.zeros(0, np.int64),
                                return_counts=True)
        out["code_exact"] = Sparse(held, (count / max(1, len(prep.codes))).astype(np.float32), m)
    if "related_code" in want:
        out["related_code"] = related_code(frame, prep)
    levels = list(zip(*[code_levels(c) for c in prep.codes])) or [(), (), (), ()]
    buyer = (prep.buyer_id or "") + SEP
    counted = {}
    for level, prefixes in zip(LEVELS, levels):
        prefixes = set(prefixes)
        names = (f"awards_{level}", f"recent_{level}", f"share_{level}", f"lasting_{level}")
        if any(n in want for n in names) or f"local_{level}" in want:
            counts, total = frame.accumulate(block.awards, prefixes, 0)
            counted[level] = counts
            out[names[0]] = squash(counts)
            out[names[2]] = counts
            totals[names[2]] = total
            if names[1] in want:
                out[names[1]] = squash(frame.accumulate(block.awards, prefixes, 1)[0])
            if names[3] in want:
                out[names[3]] = squash(frame.accumulate(block.awards, prefixes, 2)[0])
        names = (f"buyer_{level}", f"share_buyer_{level}", f"buyer_recent_{level}")
        if prep.buyer_id and any(n in want for n in names):
            mine = {buyer + p for p in prefixes}
            counts, total = frame.accumulate(block.buyer_awards, mine, 0)
            out[names[0]] = squash(counts)
            out[names[1]] = counts
            totals[names[1]] = total
            if names[2] in want:
                out[names[2]] = squash(frame.accumulate(block.buyer_awards, mine, 1)[0])
    offices = [normalise_region(loc) + SEP for loc in prep.locations]
    for level, prefixes in zip(LEVELS, levels):
        prefixes = set(prefixes)
        if f"place_{level}" in want and offices:
            counts, _ = frame.accumulate(block.place_awards, {o + p for o in offices
                                                               for p in prefixes})
            out[f"place_{level}"] = squash(counts)
        names = (f"office_{level}", f"share_office_{level}")
        if prep.buyer_id and offices and any(n in want for n in names):
            counts, total = frame.accumulate(block.office_awards, {buyer + o + p for o in offices
                                                                    for p in prefixes})
            out[names[0]] = squash(counts)
            out[names[1]] = counts
            totals[names[1]] = total
        if prep.buyer_id and offices and f"office_recent_{level}" in want:
            out[f"office_recent_{level}"] = squash(frame.accumulate(
                block.office_awards, {buyer + o + p for o in offices for p in prefixes}, 1)[0])
        if f"hot_{level}" in want:
            out[f"hot_{level}"] = squash(frame.accumulate(block.awards, prefixes, 3)[0])
    if prep.buyer_id and offices and {"office_awards", "share_office", "office_recent"} & set(want):
        counts, total = frame.accumulate(block.office_awards, {buyer + o for o in offices})
        out["office_awards"] = squash(counts)
        out["share_office"] = counts
        totals["share_office"] = total
        out["office_recent"] = squash(frame.accumulate(block.office_awards,
                                                       {buyer + o for o in offices}, 1)[0])
    site_features(frame, prep, levels, want, out, totals, counted)
    if "backoff" in want and prep.codes:
        out["backoff"], totals["backoff"] = backoff_counts(frame, prep, levels)
    if prep.buyer_id and "buyer_hot" in want:
        out["buyer_hot"] = squash(frame.accumulate(block.buyer_awards, (buyer,), 3)[0])
    if prep.buyer_id and {"buyer_awards", "buyer_recent", "share_buyer"} & set(want):
        counts, total = frame.accumulate(block.buyer_awards, (buyer,), 0)
        out["buyer_awards"] = squash(counts)
        out["share_buyer"] = counts
        totals["share_buyer"] = total
        out["buyer_recent"] = squash(frame.accumulate(block.buyer_awards, (buyer,), 1)[0])
    if "awards_total" in want:
        out["awards_total"] = frame.take(block.award_totals_squashed)
    if "momentum" in want:
        out["momentum"] = frame.take(block.momentum)
    if "text_similarity" in want:
        out["text_similarity"] = _text_similarity(frame, prep)
    if "preferred_covered" in want:
        covered = np.zeros(m, dtype=np.float32)
        # a verified claim counts 1, a self-declared one 0.5: looked up by (verified, declared)
        credit = np.array([0.0, 0.5, 1.0, 1.0], dtype=np.float32)
        for _, keys in prep.preferred:
            verified = valid_claims(frame, "v", keys, prep.ref_ordinal).view(np.uint8)
            declared = valid_claims(frame, "s", keys, prep.ref_ordinal).view(np.uint8)
            covered += credit[(verified << 1) | declared]
        out["preferred_covered"] = covered / max(1, len(prep.preferred))
    if "capacity_headroom" in want and not (prep.min_capacity_base
                                            and prep.min_capacity_base > 0):
        out["capacity_headroom"] = np.zeros(m, dtype=np.float32)
    elif "capacity_headroom" in want:
        # log2(capacity / minimum) / 2 in [0, 1]: full headroom at four times the minimum,
        # in the base unit of the requirement's dimension; none in another dimension
        ratio = frame.take(block.log2_capacity) - np.float32(np.log2(prep.min_capacity_base))
        ratio *= np.float32(0.5)
        np.clip(ratio, 0, 1, out=ratio)
        dim = block.dimension_ids.get(prep.capacity_dimension, -2)
        ratio[frame.take(block.capacity_dimension) != dim] = 0
        out["capacity_headroom"] = ratio
    locals_wanted = {"same_location", "local_code", "local_family"} & set(want)
    if locals_wanted:
        # closeness of each place id (1 same region, 0.5 same country); the last slot is
        # for suppliers with no known place (id -1)
        by_region = np.zeros(len(block.place_ids) + 1, dtype=np.float32)
        by_country = np.zeros(len(block.place_ids) + 1, dtype=np.float32)
        for loc in prep.locations:
            country = region_country(loc) or (loc if len(loc) == 2 else None)
            if country in block.place_ids:
                by_country[block.place_ids[country]] = 0.5
            if loc in block.place_ids:
                by_region[block.place_ids[loc]] = 1.0
        local = by_region[frame.take(block.home_region)]
        near = np.maximum(local, by_country[frame.take(block.home_country)])
        out["same_location"] = near
        for level in ("code", "family"):
            if f"local_{level}" in want:
                counts = squash(counted[level])
                out[f"local_{level}"] = (counts.with_values(local[counts.positions] * counts.values)
                                         if isinstance(counts, Sparse) else local * counts)
    if "programme_stage" in want:
        out["programme_stage"] = frame.take(block.stage_share)
    for name in want:
        if name not in out:
            out[name] = np.zeros(m, dtype=np.float32)
    return out, totals


def per_block(frame, prep: Prepared, name, compute) -> np.ndarray:
    """``compute(frame)`` for a small frame; for a large one, the rows' share of the whole
    block's values, computed once per requirement and kept in ``prep.shared``."""
    block = frame.block
    if frame.rows is not None and frame.m * 8 < block.n:
        return compute(frame)
    key = (name, id(block))
    values = prep.shared.get(key)
    if values is None:
        values = prep.shared[key] = compute(Frame(block) if frame.rows is not None else frame)
    return frame.take(values)


def _code_match(frame, prep: Prepared) -> np.ndarray:
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


def _text_similarity(frame, prep: Prepared) -> np.ndarray:
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


def finish_shares(computed) -> list[dict]:
    """Turn share counts into shares of the total over all blocks (live suppliers only)."""
    grand = {}
    for _, totals in computed:
        for name, value in totals.items():
            grand[name] = grand.get(name, 0.0) + value
    for feats, _ in computed:
        for name, total in grand.items():
            value = feats[name]
            if isinstance(value, BackoffCounts):
                feats[name] = value.finish(total)
                continue
            raw = value.values if isinstance(value, Sparse) else value
            raw = (raw / total if total > 0 else raw).astype(np.float32)
            feats[name] = value.with_values(raw) if isinstance(value, Sparse) else raw
    return [feats for feats, _ in computed]


def static_feature(block, name: str) -> np.ndarray:
    """The whole block's values of one of ``STATIC_FEATURES``."""
    return {"awards_total": block.award_totals_squashed, "momentum": block.momentum,
            "programme_stage": block.stage_share}[name]


def static_score(block, weights: dict) -> np.ndarray | None:
    """Weighted sum of ``STATIC_FEATURES`` over the whole block (float64), cached on the block
    per weighting; None when none of them is weighted."""
    names = tuple((f, weights[f]) for f in STATIC_FEATURES if f in weights)
    if not names:
        return None
    cache = block.static_scores
    hit = cache.get(names)
    if hit is None:
        hit = np.zeros(block.n, dtype=np.float64)
        product = np.empty(block.n, dtype=np.float64)
        for name, weight in names:
            np.multiply(static_feature(block, name), np.float64(weight), out=product)
            hit += product
        if len(cache) >= 8:
            cache.pop(next(iter(cache)))
        cache[names] = hit
    return hit


def weighted_score(features: dict, weights: dict, n: int, static=None) -> np.ndarray:
    """Sum of weighted features (float64). With ``static`` (the rows' ``static_score``) the
    ``STATIC_FEATURES`` are taken from it rather than from ``features``."""
    score = np.zeros(n, dtype=np.float64)
    product = np.empty(n, dtype=np.float64)
    sparse = {}  # sparse features over the same positions are added up before scattering
    for name, weight in weights.items():
        if static is not None and name in STATIC_FEATURES:
            continue
        # float64 products, as in explanations; a sparse feature adds nothing elsewhere
        feature = features[name]
        if isinstance(feature, Sparse):
            key = id(feature.positions)
            part = np.float64(weight) * feature.values
            if key in sparse:
                sparse[key][1] += part
            else:
                sparse[key] = [feature.positions, part]
        else:
            np.multiply(feature, np.float64(weight), out=product)
            score += product
    for positions, part in sparse.values():
        score[positions] += part
    if static is not None:
        score += static
    return score
