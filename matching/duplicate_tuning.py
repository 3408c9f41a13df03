"""Thresholds of the duplicate finder learned from labelled pairs (decisions of the review
queue, or reference labels): the "same" floor that keeps precision at a target with the most
recall, and the "review" floor that still catches nearly every true pair."""

from __future__ import annotations


def precision_recall(labels, same: float) -> tuple[float, float]:
    """Precision and recall of "same" (score at or above ``same``) on (score, is_same) labels."""
    flagged = [is_same for score, is_same in labels if score >= same]
    positives = sum(1 for _score, is_same in labels if is_same)
    precision = sum(flagged) / len(flagged) if flagged else 1.0
    recall = sum(flagged) / positives if positives else 0.0
    return precision, recall


def tune_thresholds(labels, min_precision: float = 0.9, review_recall: float = 0.95,
                    default: tuple[float, float] = (0.85, 0.7)) -> tuple[float, float]:
    """(same, review) floors from (score, is_same) pairs.

    ``same`` is the lowest score whose band keeps precision at ``min_precision`` or more (the
    most recall at that precision); ``review`` the highest score that still flags
    ``review_recall`` of the true pairs, never above ``same``. Without a floor that reaches the
    precision, the default stays.
    """
    labels = [(float(s), bool(t)) for s, t in labels]
    positives = sorted((s for s, t in labels if t), reverse=True)
    if not positives:
        return default
    same = None
    for candidate in sorted({s for s, _t in labels}, reverse=True):
        precision, _recall = precision_recall(labels, candidate)
        if precision >= min_precision:
            same = candidate
        # keep lowering while the precision holds; later (lower) floors overwrite
    if same is None:
        return default
    index = max(0, int(len(positives) * review_recall + 0.999999) - 1)
    review = min(same, positives[min(index, len(positives) - 1)])
    return round(same, 4), round(review, 4)
