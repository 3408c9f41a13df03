"""The cluster overview ready for the template and the exports: each figure now, a year ago
(or the first month on record), its change and its monthly trend as a small chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.catalogue.models import Standard
from supplierlink.clusters.figures import key_standards, overview_figures
from supplierlink.clusters.history import trends
from supplierlink.clusters.models import Cluster
from supplierlink.clusters.wording import definition_key, metric_name, show_value
from supplierlink.organisations.models import SIZE_CLASSES
from supplierlink.programmes import charts
from supplierlink.programmes.models import Programme
from supplierlink.programmes.wording import stage_name

SPARK_W, SPARK_H = 160, 36
GROUPS = (("members", ("smes",)), ("size", ()), ("standards", ()),
          ("exports", ("exporters", "export_markets")),
          ("demand", ("lead_firms", "open_requirements", "qualified", "near_miss")),
          ("programmes", ("enrolled",)))


@dataclass
class FigureRow:
    metric: str
    name: str
    definition: str  # anchor on the definitions page
    value: float | None
    shown: str
    before: float | None
    before_shown: str
    since: date | None
    spark: dict | None


def sparkline(points: list[tuple[date, float]]) -> dict | None:
    """A polyline of the monthly values in a SPARK_W × SPARK_H box (attributes only)."""
    if len(points) < 2:
        return None
    values = [v for _d, v in points]
    low, high = min(values), max(values)
    step = (SPARK_W - 4) / (len(points) - 1)

    def y(value: float) -> float:
        if high == low:  # a flat line through the middle
            return SPARK_H / 2
        return round(SPARK_H - 3 - (value - low) / (high - low) * (SPARK_H - 6), 1)

    coords = [(round(2 + i * step, 1), y(v)) for i, v in enumerate(values)]
    return {"width": SPARK_W, "height": SPARK_H,
            "points": " ".join(f"{x},{y}" for x, y in coords),
            "last_x": coords[-1][0], "last_y": coords[-1][1], "first": points[0][0],
            "last": points[-1][0], "months": len(points)}


def stage_names(session: Session, cluster: Cluster) -> dict[str, str]:
    names: dict[str, str] = {}
    for programme in session.scalars(select(Programme).where(
            Programme.operator_id == cluster.operator_id)):
        ladder = programme.ladder
        for stage in ladder:
            names.setdefault(stage.key, stage_name(ladder, stage.key))
    return names


def ordered_metrics(figures: dict[str, float], standards: list[str],
                    stages: dict[str, str]) -> list[tuple[str, list[str]]]:
    groups = []
    for group, fixed in GROUPS:
        if group == "size":
            metrics = [f"size.{s}" for s in SIZE_CLASSES]
        elif group == "standards":
            metrics = [f"standard.{k}.{s}" for k in standards
                       for s in ("verified", "self_declared")]
        elif group == "programmes":
            metrics = list(fixed) + [f"stage.{k}" for k in stages if f"stage.{k}" in figures]
        else:
            metrics = list(fixed)
        groups.append((group, [m for m in metrics if m in figures]))
    return groups


def cluster_overview(session: Session, cluster: Cluster, today: date,
                     counts: list | None = None) -> dict:
    """``counts``: the open requirements' qualified and near-miss counts when at hand."""
    standards = key_standards(session, cluster)
    figures = overview_figures(session, cluster, today, standards, counts)
    history = trends(session, cluster)
    names = dict(session.execute(select(Standard.key, Standard.name)
                                 .where(Standard.key.in_(standards))).all()) if standards else {}
    stages = stage_names(session, cluster)
    year_ago = today.replace(year=today.year - 1, day=1)
    groups = []
    for group, metrics in ordered_metrics(figures, standards, stages):
        rows = []
        for metric in metrics:
            points = [(m, v) for m, v in history.get(metric, []) if m < today.replace(day=1)]
            points.append((today.replace(day=1), figures[metric]))
            earlier = [(m, v) for m, v in points if m >= year_ago][:1] or points[:1]
            since, before = earlier[0] if len(points) > 1 else (None, None)
            rows.append(FigureRow(metric, metric_name(metric, names, stages),
                                  definition_key(metric), figures[metric],
                                  show_value(metric, figures[metric]), before,
                                  show_value(metric, before), since, sparkline(points)))
        groups.append((group, rows))
    rows = dict(groups)
    groups = [(group, found) for group, found in groups if found]
    return {"groups": groups, "figures": figures,
            "size_chart": charts.bar_chart([(r.name, r.value) for r in rows["size"]]),
            "standards_chart": charts.bar_chart([(r.name, round(r.value * 100, 1))
                                                 for r in rows["standards"]]), "standards": standards,
            "standard_names": names, "stages": stages, "history": history}
