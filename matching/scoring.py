"""Vectorised features and hard constraints of one requirement over a block of suppliers.

Every feature lies in [0, 1] and never decreases when a supplier gains a code, an award, a
certificate, capacity or a programme stage, so any non-negative weighting is monotone. A
criterion's contribution is the weighted sum of its features; the score is the sum of the
contributions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .block import SEP, normalise_code, normalise_region, region_country
from .types import CRITERIA

#: Feature name -> criterion it belongs to.
FEATURES = {
    "code_match": "category",
    "text_similarity": "text",
    "preferred_covered": "preferred_standards",
    "capacity_headroom": "capacity",
    "same_location": "proximity",
    "awards_code": "track_record",
    "awards_code_parent": "track_record",
    "awards_code_segment": "track_record",
    "awards_code_recent": "track_record",
    "buyer_awards": "track_record",
    "buyer_awards_code": "track_record",
    "buyer_awards_segment": "track_record",
    "buyer_awards_code_recent": "track_record",
    "share_code": "track_record",
    "share_parent": "track_record",
    "share_segment": "track_record",
    "share_recent": "track_record",
    "share_buyer_code": "track_record",
    "share_buyer_segment": "track_record",
    "awards_total": "track_record",
    "programme_stage": "programme_stage",
}

#: Weights used when no ranking model has been learned; they add up to 1.
DEFAULT_FEATURE_WEIGHTS = {
    "code_match": 0.30,
    "text_similarity": 0.15,
    "preferred_covered": 0.10,
    "capacity_headroom": 0.05,
    "same_location": 0.05,
    "awards_code": 0.05,
    "awards_code_parent": 0.02,
    "awards_code_segment": 0.01,
    "awards_code_recent": 0.04,
    "buyer_awards": 0.02,
    "buyer_awards_code": 0.04,
    "share_code": 0.03,
    "share_parent": 0.01,
    "share_segment": 0.01,
    "share_recent": 0.03,
    "share_buyer_code": 0.02,
    "share_buyer_segment": 0.01,
    "buyer_awards_segment": 0.01,
    "buyer_awards_code_recent": 0.01,
    "awards_total": 0.01,
    "programme_stage": 0.05,
}

MAX_STAGE = 7.0


def squash(counts):
    """Map counts to [0, 1) slowly, so large suppliers stay ordered: log1p(x) / (log1p(x) + 1)."""
    out = np.zeros(len(counts), dtype=np.float32)
    nonzero = np.flatnonzero(counts)  # counts are sparse: transform only what is set
    logs = np.log1p(counts[nonzero])
    out[nonzero] = logs / (logs + 1.0)
    return out


@dataclass
class Prepared:
    """A requirement normalised once for scoring every block."""

    codes: tuple
    query_terms: np.ndarray
    query_values: np.ndarray
    must: tuple  # (key, frozenset of satisfying keys)
    preferred: tuple
    min_capacity: float | None
    regions: tuple
    locations: tuple
    buyer_id: str | None
    ref_ordinal: float
    require_verified: bool
    weights: dict  # feature -> effective weight (applicable features only)
    ref_date: object = None  # day certificates must still be valid on
    today: object = None


def criterion_applies(criterion: str, prep: Prepared) -> bool:
    """Whether the requirement says anything about ``criterion``."""
    return {
        "category": bool(prep.codes),
        "text": len(prep.query_terms) > 0,
        "preferred_standards": bool(prep.preferred),
        "capacity": bool(prep.min_capacity),
        "proximity": bool(prep.locations),
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
    weights = {f: w for f, w in weights.items() if w > 0 and criterion_applies(FEATURES[f], prep)}
    total = sum(weights.values())
    return {f: w / total for f, w in weights.items()} if total > 0 else {}


def _code_levels(code: str) -> tuple[int, int, int]:
    full = len(code)
    return full, max(min(2, full), -(-full // 2)), min(2, full)


def _count(index, prefixes, n, value=0):
    """Per-row sum of the values under ``prefixes``.

    A row's share of the total over all rows is the empirical chance that it wins in those
    codes; adding an award to a row never lowers its share.
    """
    counts = np.zeros(n, dtype=np.float64)
    for prefix in prefixes:
        rows, vals = index.entries(index.span(prefix), value)
        if len(rows):
            counts += np.bincount(rows, weights=vals, minlength=n)
    return counts, None


def _valid_claims(block, status, keys, ref):
    ok = np.zeros(block.n, dtype=bool)
    for key in keys:
        rows, expiry = block.certs.entries(block.certs.exact(status + SEP + key))
        ok[rows[expiry >= ref]] = True
    return ok


def compute_features(block, prep: Prepared, want) -> tuple[dict, dict]:
    """Feature arrays (one value per supplier of ``block``) for the features in ``want``.

    Share features come back as raw counts with their block totals: call ``finish_shares``
    once every block of the index has been computed.
    """
    n, out, totals = block.n, {}, {}
    if "code_match" in want:
        total = np.zeros(n, dtype=np.float32)
        for code in prep.codes:
            best = np.zeros(n, dtype=np.float32)
            for length in range(min(2, len(code)), len(code) + 1):
                rows, _ = block.codes.entries(block.codes.span(code[:length]))
                best[rows] = length / len(code)
            total += best
        out["code_match"] = total / max(1, len(prep.codes))
    levels = [_code_levels(c) for c in prep.codes]
    buyer = (prep.buyer_id or "") + SEP
    by_level = [({c[: lv[pick]] for c, lv in zip(prep.codes, levels)}) for pick in range(3)]
    mine = {buyer + p for p in by_level[0]} if prep.buyer_id else set()
    mine_segment = {buyer + p for p in by_level[2]} if prep.buyer_id else set()
    specs = (  # count feature, share feature, index, prefixes, value column
        ("awards_code", "share_code", block.awards, by_level[0], 0),
        ("awards_code_parent", "share_parent", block.awards, by_level[1], 0),
        ("awards_code_segment", "share_segment", block.awards, by_level[2], 0),
        ("awards_code_recent", "share_recent", block.awards, by_level[0], 1),
        ("buyer_awards_code", "share_buyer_code", block.buyer_awards, mine, 0),
        ("buyer_awards_segment", "share_buyer_segment", block.buyer_awards, mine_segment, 0),
        ("buyer_awards_code_recent", None, block.buyer_awards, mine, 1),
        ("buyer_awards", None, block.buyer_awards, {buyer} if prep.buyer_id else set(), 0),
    )
    for count_name, share_name, index, prefixes, value in specs:
        if count_name in want or share_name in want:
            counts, total = _count(index, prefixes, n, value)
            if count_name in want:
                out[count_name] = squash(counts)
            if share_name in want:
                out[share_name] = counts  # divided by the total over all blocks later
                totals[share_name] = float(counts[block.alive].sum())
    if "awards_total" in want:
        out["awards_total"] = block.award_totals_squashed
    if "text_similarity" in want:
        sim = np.zeros(n, dtype=np.float32)
        indptr, indices, data = block.text.indptr, block.text.indices, block.text.data
        for term, weight in zip(prep.query_terms, prep.query_values):
            a, b = indptr[term], indptr[term + 1]
            sim[indices[a:b]] += weight * data[a:b]
        out["text_similarity"] = np.minimum(sim, 1.0)
    if "preferred_covered" in want:
        covered = np.zeros(n, dtype=np.float32)
        for _, keys in prep.preferred:
            verified = _valid_claims(block, "v", keys, prep.ref_ordinal)
            declared = _valid_claims(block, "s", keys, prep.ref_ordinal)
            covered += np.where(verified, 1.0, np.where(declared, 0.5, 0.0)).astype(np.float32)
        out["preferred_covered"] = covered / max(1, len(prep.preferred))
    if "capacity_headroom" in want and not prep.min_capacity:
        out["capacity_headroom"] = np.zeros(n, dtype=np.float32)
    elif "capacity_headroom" in want:
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.log2(block.capacity / prep.min_capacity) / 2.0
        out["capacity_headroom"] = np.clip(np.nan_to_num(ratio, nan=0.0), 0, 1).astype(np.float32)
    if "same_location" in want:
        near = np.zeros(n, dtype=np.float32)
        for loc in prep.locations:
            country = region_country(loc) or (loc if len(loc) == 2 else None)
            if country:
                rows, _ = block.places.entries(block.places.exact("c" + SEP + country))
                near[rows] = np.maximum(near[rows], 0.5)
            rows, _ = block.places.entries(block.places.exact("r" + SEP + loc))
            near[rows] = 1.0
        out["same_location"] = near
    if "programme_stage" in want:
        out["programme_stage"] = np.clip(block.stage / MAX_STAGE, 0, 1)
    return out, totals


def finish_shares(computed) -> list[dict]:
    """Turn share counts into shares of the total over all blocks (live suppliers only)."""
    grand = {}
    for _, totals in computed:
        for name, value in totals.items():
            grand[name] = grand.get(name, 0.0) + value
    for feats, _ in computed:
        for name, total in grand.items():
            feats[name] = (feats[name] / total if total > 0 else feats[name]).astype(np.float32)
    return [feats for feats, _ in computed]


def blocking_counts(block, prep: Prepared) -> np.ndarray:
    """Number of blocking gaps of each supplier (0 = qualified)."""
    count = np.zeros(block.n, dtype=np.int16)
    for _, keys in prep.must:
        ok = _valid_claims(block, "v", keys, prep.ref_ordinal)
        if not prep.require_verified:
            ok |= _valid_claims(block, "s", keys, prep.ref_ordinal)
        count += ~ok
    if prep.regions:
        missing = np.zeros(block.n, dtype=bool)
        for region in prep.regions:
            served = np.zeros(block.n, dtype=bool)
            for token in (region, region_country(region)):
                if token:
                    served[block.served.entries(block.served.exact(token))[0]] = True
            missing |= ~served
        count += missing
    if prep.min_capacity is not None:
        with np.errstate(invalid="ignore"):
            count += ~(block.capacity >= prep.min_capacity)
    return count


def weighted_score(features: dict, weights: dict, n: int) -> np.ndarray:
    """Sum of weighted features (float64)."""
    score = np.zeros(n, dtype=np.float64)
    for name, weight in weights.items():
        score += weight * features[name]
    return score


def prepare_codes(codes) -> tuple:
    """Normalised, de-duplicated requirement codes, order kept."""
    return tuple(dict.fromkeys(c for c in map(normalise_code, codes) if c))


def prepare_regions(regions) -> tuple:
    """Normalised, de-duplicated region codes, order kept."""
    return tuple(dict.fromkeys(normalise_region(r) for r in regions if r and str(r).strip()))
