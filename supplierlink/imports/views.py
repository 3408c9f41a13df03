"""Administrators import OCDS files and follow the import as it runs."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from supplierlink.access import admin_required
from supplierlink.db import get_session
from supplierlink.forms import SafeForm
from supplierlink.imports.runs import (
    import_folder,
    recent_runs,
    start_ocds_import,
    stored_name,
)
from supplierlink.jobs_models import JobRun

bp = Blueprint("imports", __name__, url_prefix="/admin/imports")


class OcdsUploadForm(SafeForm):
    file = FileField(_l("OCDS file (release or record package, JSON lines, gzipped or not)"),
                     validators=[FileRequired(_l("Choose a file."))])


@bp.route("/ocds", methods=["GET", "POST"])
@admin_required
def ocds():
    session = get_session()
    form = OcdsUploadForm()
    if form.validate_on_submit():
        name = stored_name(form.file.data.filename or "")
        if name is None:
            form.file.errors.append(_l("Upload a .json, .jsonl or .ndjson file, gzipped or not."))
        else:
            path = import_folder() / name
            form.file.data.save(path)
            run = start_ocds_import(session, path, form.file.data.filename, current_user.id)
            return redirect(url_for("imports.run", run_id=run.id))
    return render_template("imports/ocds.html", form=form,
                           runs=recent_runs(session, "ocds_import")), \
        422 if form.is_submitted() else 200


def _run_or_404(run_id: int) -> JobRun:
    run = get_session().get(JobRun, run_id)
    if run is None or run.kind != "ocds_import":
        abort(404)
    return run


@bp.route("/runs/<int:run_id>")
@admin_required
def run(run_id: int):
    return render_template("imports/run.html", run=_run_or_404(run_id))


@bp.route("/runs/<int:run_id>/progress")
@admin_required
def progress(run_id: int):
    run = _run_or_404(run_id)
    return jsonify(status=run.status, done=run.done, total=run.total, percent=run.percent,
                   summary=run.summary, error=run.error)
