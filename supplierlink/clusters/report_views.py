"""The report to sponsors: a print-ready page and the same report as a PDF."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, render_template, request

from supplierlink.access import org_required
from supplierlink.clusters.blueprint import bp, load_cluster
from supplierlink.clusters.forms import PeriodForm
from supplierlink.clusters.pdf import report_pdf
from supplierlink.clusters.report import cluster_report, report_programmes
from supplierlink.clusters.wording import ZONE_LABELS
from supplierlink.db import get_session


def _report(cluster_id: int) -> dict:
    cluster, role = load_cluster(cluster_id)
    session = get_session()
    form = PeriodForm(request.args)
    today = date.today()
    form.validate()
    end = min(form.end.data or today, today)
    start = form.start.data or end - timedelta(days=365)
    if start > end:
        start, end = end, start
    form.start.data, form.end.data = start, end
    programme = None
    wanted = request.args.get("programme", type=int)
    if wanted is not None:
        programme = next((p for p in report_programmes(session, cluster) if p.id == wanted), None)
        if programme is None:
            abort(404)
    report = cluster_report(session, cluster, start, end, programme)
    return {**report, "role": role, "form": form,
            "programme_id": programme.id if programme else None}


@bp.route("/<int:cluster_id>/report")
@org_required()
def report(cluster_id: int):
    return render_template("clusters/report.html", zones=ZONE_LABELS, **_report(cluster_id))


@bp.route("/<int:cluster_id>/report.pdf")
@org_required()
def report_pdf_view(cluster_id: int):
    data = _report(cluster_id)
    name = f"cluster-{cluster_id}-report-{data['end'].isoformat()}.pdf"
    return Response(report_pdf(data), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})
