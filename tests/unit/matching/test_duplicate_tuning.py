"""Thresholds learned from labelled pairs, and what they do on the reference labels."""

from __future__ import annotations

import csv

from matching.duplicate_tuning import precision_recall, tune_thresholds
from matching.duplicates import CompanyRecord, score_pair


def test_tuned_floor_keeps_the_precision_with_the_most_recall():
    labels = [(0.95, True), (0.9, True), (0.88, False), (0.86, True), (0.8, True),
              (0.78, False), (0.75, False), (0.72, True), (0.6, False)]
    same, review = tune_thresholds(labels, min_precision=0.75)
    assert same == 0.8 and precision_recall(labels, same) == (0.8, 0.8)
    assert review <= same
    assert tune_thresholds([(0.5, False)]) == (0.85, 0.7)


def test_on_the_reference_labels_tuning_holds_precision_and_adds_recall(data_dir):
    with open(data_dir / "companies" / "oshub-labelled-pairs.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = [(score_pair(CompanyRecord(r["a_id"], r["a_name"], r["a_country"], r["a_address"]),
                          CompanyRecord(r["b_id"], r["b_name"], r["b_country"], r["b_address"])),
               r["label"] == "match") for r in rows]
    before = precision_recall(labels, 0.85)
    # learned on the other folds, judged on each fold in turn
    folds, flagged, hits, positives = 4, 0, 0, 0
    for k in range(folds):
        train = [x for i, x in enumerate(labels) if i % folds != k]
        test = [x for i, x in enumerate(labels) if i % folds == k]
        same, _review = tune_thresholds(train)
        flagged += sum(1 for s, _t in test if s >= same)
        hits += sum(1 for s, t in test if s >= same and t)
        positives += sum(1 for _s, t in test if t)
    after = (hits / flagged, hits / positives)
    # the default floor already sits at the knee of these labels: tuning finds it again and
    # keeps the precision on unseen folds (figures: bench/bench_duplicates.py)
    assert before[0] >= 0.9 and after[0] >= 0.85
    assert abs(tune_thresholds(labels)[0] - 0.85) <= 0.03
