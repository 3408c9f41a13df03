"""Duplicate finder on the labelled reference pairs: precision and recall of "same" with the
default floors, then with floors tuned on labels (in-sample, and 4-fold cross-validated)."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching.duplicate_tuning import precision_recall, tune_thresholds  # noqa: E402
from matching.duplicates import CompanyRecord, normalise_company_name, score_pair  # noqa: E402
from supplierlink.imports.dedupe import blocking_keys  # noqa: E402

DATA = Path(os.environ.get("SUPPLIERLINK_SHARED_DATA") or ROOT.parent / "shared" / "data")


def flagged_recall(labels, review):
    positives = [s for s, t in labels if t]
    return sum(1 for s in positives if s >= review) / len(positives)


def main() -> None:
    with open(DATA / "companies" / "oshub-labelled-pairs.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    labels = [(score_pair(CompanyRecord(r["a_id"], r["a_name"], r["a_country"], r["a_address"]),
                          CompanyRecord(r["b_id"], r["b_name"], r["b_country"], r["b_address"])),
               r["label"] == "match") for r in rows]
    p, r = precision_recall(labels, 0.85)
    print(f"{len(labels)} labelled pairs ({sum(t for _s, t in labels)} match)")
    print(f"default floors 0.85 / 0.70: precision {p:.2f}, recall {r:.2f} (same); "
          f"same-or-review catches {flagged_recall(labels, 0.7):.2f}")
    matches = [r for r in rows if r["label"] == "match"]
    kept = sum(1 for r in matches if blocking_keys(normalise_company_name(r["a_name"]))
               & blocking_keys(normalise_company_name(r["b_name"])))
    lost = [score for (score, match), r in zip(labels, rows, strict=True)
            if match and not blocking_keys(normalise_company_name(r["a_name"]))
            & blocking_keys(normalise_company_name(r["b_name"]))]
    print(f"blocking (imports into a kind and country of over 500 names): {kept} of "
          f"{len(matches)} matching pairs share a key; the others score "
          f"{', '.join(f'{s:.2f}' for s in lost) or '-'}")
    same, review = tune_thresholds(labels)
    p, r = precision_recall(labels, same)
    print(f"tuned on all labels {same:.4f} / {review:.4f}: precision {p:.2f}, recall {r:.2f}; "
          f"same-or-review catches {flagged_recall(labels, review):.2f}")
    for folds in (4, 8):
        flagged = hits = positives = 0
        for k in range(folds):
            train = [x for i, x in enumerate(labels) if i % folds != k]
            test = [x for i, x in enumerate(labels) if i % folds == k]
            floor, _ = tune_thresholds(train)
            flagged += sum(1 for s, _t in test if s >= floor)
            hits += sum(1 for s, t in test if s >= floor and t)
            positives += sum(1 for _s, t in test if t)
        print(f"tuned, {folds}-fold cross-validated: precision {hits / flagged:.2f}, "
              f"recall {hits / positives:.2f}")


if __name__ == "__main__":
    main()
