"""Weights and sums: feature weights per requirement, the candidate rows worth scoring, and
the weighted score (see ``matching.features`` for how a score is made, top to bottom).
"""

from __future__ import annotations

import numpy as np

from .block import SEP
from .features import FEATURES
from .frame import Frame, Sparse
from .history import BackoffCounts
from .lookups import code_match, related_code
from .prepared import Prepared
from .types import CRITERIA

#: Features of the buyer's site (``history.site_features``): they apply only to a requirement
#: that names one.
SITE_FEATURES = frozenset(f for f in FEATURES
                          if f.startswith(("site_", "share_site", "town_", "near_site")))

#: Features that can be non-zero for a supplier sharing no code segment, text term or buyer
#: with the requirement (see ``candidate_rows``; ``place_awards`` counts awards in any code).
PRIOR_FEATURES = ("preferred_covered", "capacity_headroom", "same_location", "near_site",
                  "place_awards", "awards_total", "momentum", "programme_stage",
                  "standing_firm")

#: Features every supplier has whatever the requirement: their weighted sum is computed once
#: per block and weighting (``static_score``).
STATIC_FEATURES = ("awards_total", "momentum", "programme_stage", "standing_firm")

#: Weights used when no ranking model has been learned; they add up to 1.
DEFAULT_FEATURE_WEIGHTS = {
    "code_match": 0.23,
    "code_exact": 0.05,
    "related_code": 0.02,
    "text_similarity": 0.10,
    "award_text": 0.05,
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
    mark = (code_match(Frame(block), prep) > 0) if prep.codes else np.zeros(block.n, bool)
    if prep.has_links:
        mark |= related_code(Frame(block), prep) > 0
    if prep.buyer_id:
        mark[block.buyer_awards.entry_rows(block.buyer_awards.span(prep.buyer_id + SEP))] = True
    indptr, indices = block.text.indptr, block.text.indices
    for term in terms:
        mark[indices[indptr[term]:indptr[term + 1]]] = True
    # the texts of past awards are few: their rows are always candidates
    worded = block.award_text
    for term in prep.query_terms:
        awards = worded.indices[worded.indptr[term]:worded.indptr[term + 1]]
        mark[block.award_text_rows[awards]] = True
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
            "programme_stage": block.stage_share, "standing_firm": block.standing}[name]


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
