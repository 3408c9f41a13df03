"""A comparison group of similar non-enrolled suppliers, for a before/after programme evaluation.

Each enrolled supplier is matched to the most similar non-enrolled suppliers: same country, same
size class, closest number of employees. Their KPIs side by side let a sponsor see whether
enrolled suppliers improved more than comparable firms that were not enrolled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from programs.kpis import METRIC_KEYS, KpiObservation, baseline_and_latest, derive

COMPARISON_CSV_COLUMNS = ("supplier_id", "group", "matched_to", "metric", "baseline", "latest")


def size_class_for(employees: int) -> str:
    """Size class by employees: micro <= 10, small 11-50, medium 51-250, large > 250."""
    if employees <= 10:
        return "micro"
    if employees <= 50:
        return "small"
    if employees <= 250:
        return "medium"
    return "large"


@dataclass(frozen=True)
class SupplierProfile:
    supplier_id: int | str
    country: str
    employees: int
    size_class: str | None = None

    @property
    def effective_size_class(self) -> str:
        return self.size_class or size_class_for(self.employees)


@dataclass(frozen=True)
class ComparisonRow:
    supplier_id: int | str
    group: str
    matched_to: int | str | None
    metric: str
    baseline: float | None
    latest: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def select_comparison_group(
    enrolled_profiles: Iterable[SupplierProfile],
    candidates: Iterable[SupplierProfile],
    *,
    per_enrolled: int = 1,
) -> dict[int | str, list[SupplierProfile]]:
    """Map each enrolled supplier id to its matched comparison suppliers (possibly none).

    Matching is greedy without replacement, enrolled suppliers taken in id order so the result is
    reproducible; each comparison firm is used once so the group is not dominated by a few firms.
    Ties in employee distance go to the lower supplier id.
    """
    enrolled = sorted(enrolled_profiles, key=lambda p: str(p.supplier_id))
    enrolled_ids = {profile.supplier_id for profile in enrolled}
    pool = [c for c in candidates if c.supplier_id not in enrolled_ids]
    used: set[int | str] = set()
    matches: dict[int | str, list[SupplierProfile]] = {}
    for profile in enrolled:
        similar = [
            c
            for c in pool
            if c.supplier_id not in used
            and c.country == profile.country
            and c.effective_size_class == profile.effective_size_class
        ]
        similar.sort(key=lambda c: (abs(c.employees - profile.employees), str(c.supplier_id)))
        chosen = similar[:per_enrolled]
        used.update(c.supplier_id for c in chosen)
        matches[profile.supplier_id] = chosen
    return matches


def comparison_rows(
    enrolled_profiles: Iterable[SupplierProfile],
    candidates: Iterable[SupplierProfile],
    observations: Iterable[KpiObservation],
    *,
    metrics: Sequence[str] | None = None,
    per_enrolled: int = 1,
) -> list[ComparisonRow]:
    """Rows for a CSV: each enrolled supplier then its comparison firms, one row per metric.

    ``baseline`` and ``latest`` follow ``kpis.baseline_and_latest`` (derived metrics included);
    missing values are None. ``metrics`` defaults to every metric observed for anyone listed.
    """
    enrolled = list(enrolled_profiles)
    matches = select_comparison_group(enrolled, candidates, per_enrolled=per_enrolled)
    values = baseline_and_latest(derive(observations))
    listed = {p.supplier_id for p in enrolled} | {
        c.supplier_id for chosen in matches.values() for c in chosen
    }
    if metrics is None:
        observed = {key for supplier_id, key in values if supplier_id in listed}
        metrics = [key for key in METRIC_KEYS if key in observed]

    def rows_for(supplier_id: int | str, group: str, matched_to: int | str | None):
        for key in metrics:
            baseline, latest = values.get((supplier_id, key), (None, None))
            yield ComparisonRow(
                supplier_id,
                group,
                matched_to,
                key,
                baseline.value if baseline else None,
                latest.value if latest else None,
            )

    rows: list[ComparisonRow] = []
    for enrolled_id, chosen in matches.items():
        rows.extend(rows_for(enrolled_id, "enrolled", None))
        for comparison in chosen:
            rows.extend(rows_for(comparison.supplier_id, "comparison", enrolled_id))
    return rows
