"""CSV exports of the dashboard's tables, so every chart's numbers can be taken away."""

from __future__ import annotations

import csv
import io

from flask import Response
from sqlalchemy.orm import Session

from programs import COMPARISON_CSV_COLUMNS
from supplierlink.programmes.dashboard import overview, programme_enrolments
from supplierlink.programmes.kpis import comparison_export_rows
from supplierlink.programmes.models import Programme
from supplierlink.programmes.wording import stage_name

TABLES = ("enrolments", "funnel", "at_risk", "kpis", "progress", "comparison")


def _cell(value):
    """Spreadsheets run cells starting with = + - @ as formulas: neutralise text ones."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def csv_response(filename: str, header, rows) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def table_rows(session: Session, programme: Programme, table: str):
    """``(header, rows)`` of one table, or None for an unknown table name."""
    if table not in TABLES:
        return None
    if table == "comparison":
        rows = comparison_export_rows(session, programme, programme_enrolments(session, programme))
        return COMPARISON_CSV_COLUMNS, [[getattr(r, c) for c in COMPARISON_CSV_COLUMNS]
                                        for r in rows]
    data = overview(session, programme)
    ladder = programme.ladder
    if table == "enrolments":
        return (("enrolment_id", "supplier_id", "supplier", "cohort", "stage", "stage_since",
                 "enrolled_on", "plan_items", "plan_items_done"),
                [[e.id, e.supplier_id, e.supplier.display_name, e.cohort.name if e.cohort else "",
                  stage_name(ladder, e.stage_key), e.stage_entered_on.isoformat(),
                  e.enrolled_on.isoformat(), len(e.plan_items),
                  sum(1 for i in e.plan_items if i.done_on)] for e in data["enrolments"]])
    if table == "funnel":
        return (("stage_key", "stage", "suppliers_at_stage", "suppliers_at_or_beyond"),
                [[r["key"], r["label"], r["count"], r["reached"]] for r in data["funnel"]])
    if table == "at_risk":
        return (("enrolment_id", "supplier", "severity", "reasons"),
                [[r.enrolment.id, r.enrolment.supplier.display_name, r.severity,
                  " | ".join(r.reasons)] for r in data["at_risk"]])
    if table == "kpis":
        return (("metric", "suppliers", "median_change", "median_pct_change", "q1_change",
                 "q3_change", "improved_pct"),
                [[r["metric"], r["n"], r["median_change"], r["median_pct_change"], r["q1"],
                  r["q3"], r["improved_pct"]] for r in data["kpis"]])
    outlook = data["forecast"]
    return (("achieved", "target", "share", "pace_per_month", "projected_date", "on_track",
             "reason", "deadline"),
            [[outlook.achieved, outlook.target, round(outlook.share, 4),
              None if outlook.pace_per_month is None else round(outlook.pace_per_month, 3),
              outlook.projected_date.isoformat() if outlook.projected_date else None,
              outlook.on_track, outlook.reason, programme.end_date.isoformat()]])
