"""Supplier KPIs for programme results: derived metrics and change from baseline.

Programmes report what happened to enrolled suppliers between their baseline and the latest
follow-up: sales, employment, exports, productivity, quality and certifications.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MetricDefinition:
    key: str
    higher_is_better: bool
    derived: bool = False


METRICS: dict[str, MetricDefinition] = {
    definition.key: definition
    for definition in (
        MetricDefinition("sales", True),
        MetricDefinition("employees", True),
        MetricDefinition("export_sales", True),
        MetricDefinition("export_share", True, derived=True),
        MetricDefinition("export_markets", True),
        MetricDefinition("labour_productivity", True, derived=True),
        MetricDefinition("defect_rate", False),
        MetricDefinition("on_time_delivery", True),
        MetricDefinition("certifications_held", True),
    )
}
METRIC_KEYS: tuple[str, ...] = tuple(METRICS)


class UnknownMetric(ValueError):
    code = "unknown_metric"


def metric(key: str) -> MetricDefinition:
    try:
        return METRICS[key]
    except KeyError:
        raise UnknownMetric(f"Unknown KPI metric {key!r}; expected one of {METRIC_KEYS}.") from None


@dataclass(frozen=True)
class KpiObservation:
    supplier_id: int | str
    metric: str
    value: float
    observed_on: date
    is_baseline: bool = False


@dataclass(frozen=True)
class ProgrammeChange:
    """Change per supplier = latest follow-up minus baseline, summarised over ``n`` suppliers.

    ``median_pct_change`` uses only suppliers with a non-zero baseline (None when there are none);
    ``improved_share`` counts a change in the metric's good direction (down for defect_rate).
    """

    metric: str
    n: int
    median_change: float
    median_pct_change: float | None
    quartiles: tuple[float, float, float]
    improved_share: float
    higher_is_better: bool


# Derived metric -> (numerator, denominator).
_RATIOS = {"export_share": ("export_sales", "sales"), "labour_productivity": ("sales", "employees")}


def derive(observations: Iterable[KpiObservation]) -> list[KpiObservation]:
    """Return the observations plus derived ones (export share, labour productivity).

    A derived value is computed from observations of the same supplier, date and baseline flag,
    only when the denominator is positive and no value for it was observed directly.
    """
    observed = list(observations)
    by_occasion: dict[tuple, dict[str, float]] = defaultdict(dict)
    for obs in observed:
        metric(obs.metric)
        by_occasion[(obs.supplier_id, obs.observed_on, obs.is_baseline)][obs.metric] = obs.value
    derived = []
    for (supplier_id, observed_on, is_baseline), values in by_occasion.items():
        for key, (numerator, denominator) in _RATIOS.items():
            if key in values or numerator not in values or not values.get(denominator, 0) > 0:
                continue
            ratio = values[numerator] / values[denominator]
            derived.append(KpiObservation(supplier_id, key, ratio, observed_on, is_baseline))
    return observed + derived


def baseline_and_latest(
    observations: Iterable[KpiObservation],
) -> dict[tuple[int | str, str], tuple[KpiObservation, KpiObservation | None]]:
    """Per (supplier, metric): the baseline and the latest follow-up after it (or None).

    The baseline is the observation flagged ``is_baseline`` (the latest such, if several); a
    supplier with no flagged baseline uses its earliest observation, which lets comparison firms
    that were never enrolled be measured the same way. Follow-ups dated on or before the baseline
    are ignored.
    """
    grouped: dict[tuple[int | str, str], list[KpiObservation]] = defaultdict(list)
    for obs in observations:
        grouped[(obs.supplier_id, obs.metric)].append(obs)
    result = {}
    for key, series in grouped.items():
        flagged = [obs for obs in series if obs.is_baseline]
        if flagged:
            baseline = max(flagged, key=lambda obs: obs.observed_on)
        else:
            baseline = min(series, key=lambda obs: obs.observed_on)
        follow_ups = [
            obs for obs in series if not obs.is_baseline and obs.observed_on > baseline.observed_on
        ]
        latest = max(follow_ups, key=lambda obs: obs.observed_on) if follow_ups else None
        result[key] = (baseline, latest)
    return result


def _quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return values[0], values[0], values[0]
    p25, p50, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return p25, p50, p75


def change_from_baseline(
    observations: Iterable[KpiObservation], *, include_derived: bool = True
) -> dict[str, ProgrammeChange]:
    """Summarise change from baseline per metric, in ``METRIC_KEYS`` order.

    Only suppliers with a flagged baseline and a later follow-up count: a supplier whose baseline
    was never recorded says nothing about the programme's effect.
    """
    flagged = list(derive(observations) if include_derived else observations)
    has_baseline = {(obs.supplier_id, obs.metric) for obs in flagged if obs.is_baseline}
    changes: dict[str, list[tuple[float, float | None]]] = defaultdict(list)
    for (supplier_id, key), (baseline, latest) in baseline_and_latest(flagged).items():
        if latest is None or (supplier_id, key) not in has_baseline:
            continue
        change = latest.value - baseline.value
        pct = change / abs(baseline.value) * 100 if baseline.value != 0 else None
        changes[key].append((change, pct))

    summary = {}
    for key in METRIC_KEYS:
        pairs = changes.get(key)
        if not pairs:
            continue
        definition = METRICS[key]
        deltas = sorted(change for change, _ in pairs)
        pcts = [pct for _, pct in pairs if pct is not None]
        improved = sum(1 for d in deltas if (d > 0 if definition.higher_is_better else d < 0))
        summary[key] = ProgrammeChange(
            metric=key,
            n=len(deltas),
            median_change=statistics.median(deltas),
            median_pct_change=statistics.median(pcts) if pcts else None,
            quartiles=_quartiles(deltas),
            improved_share=improved / len(deltas),
            higher_is_better=definition.higher_is_better,
        )
    return summary
