"""The spreadsheet import wizard: upload, map the columns, dry run, then import the valid rows."""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from supplierlink.access import admin_required
from supplierlink.db import get_session
from supplierlink.forms import SafeForm, choices
from supplierlink.imports.runs import import_folder
from supplierlink.imports.spreadsheet import run_sheet
from supplierlink.imports.tables import (
    KINDS,
    LANGUAGE_INDEX,
    TableError,
    auto_mapping,
    missing_fields,
    read_table,
    template_csv,
)

bp = Blueprint("sheets", __name__, url_prefix="/admin/imports/sheets")
KIND_CHOICES = (("suppliers", _l("Suppliers")), ("certificates", _l("Certificates")),
                ("requirements", _l("Requirements")))
FIELD_LABELS = {
    "legal_name": _l("Legal name"), "trade_name": _l("Trade name"), "country": _l("Country"),
    "tax_id": _l("Tax id"), "region": _l("Region"), "town": _l("Town"),
    "employees": _l("Employees"), "website": _l("Website"), "description": _l("Description"),
    "categories": _l("Category codes"), "regions_served": _l("Regions served"),
    "capacity": _l("Capacity"), "capacity_unit": _l("Capacity unit"),
    "capabilities_text": _l("Capabilities"), "standard": _l("Standard"),
    "body": _l("Certifying body"), "number": _l("Certificate number"), "scope": _l("Scope"),
    "issued_on": _l("Issued on"), "expires_on": _l("Expires on"), "title": _l("Title"),
    "must_standards": _l("Required standards"),
    "preferred_standards": _l("Preferred standards"),
    "min_capacity": _l("Minimum capacity"), "regions": _l("Delivery regions"),
    "need_date": _l("Need date"), "delivery_site": _l("Delivery site"),
}
_UPLOAD = re.compile(r"^(suppliers|certificates|requirements)-[0-9a-f]{32}\.(csv|xlsx)$")


class SheetUploadForm(SafeForm):
    kind = SelectField(_l("What the file lists"), choices=choices(KIND_CHOICES))
    file = FileField(_l("CSV or Excel file (first row: the column headers)"),
                     validators=[FileRequired(_l("Choose a file."))])


class StepForm(SafeForm):
    pass


@bp.route("/", methods=["GET", "POST"])
@admin_required
def upload():
    form = SheetUploadForm()
    if form.validate_on_submit():
        filename = form.file.data.filename or ""
        data = form.file.data.read()
        try:
            read_table(data, filename)
        except TableError as exc:
            form.file.errors.append(str(exc))
        else:
            ext = "xlsx" if filename.lower().endswith((".xlsx", ".xlsm")) else "csv"
            name = f"{form.kind.data}-{uuid.uuid4().hex}.{ext}"
            (import_folder() / name).write_bytes(data)
            return redirect(url_for("sheets.review", upload_name=name))
    return render_template("imports/sheet_upload.html", form=form, kinds=KIND_CHOICES,
                           languages=LANGUAGE_INDEX), 422 if form.is_submitted() else 200


@bp.route("/template/<kind>-<language>.csv")
@admin_required
def template(kind: str, language: str):
    if kind not in KINDS or language not in LANGUAGE_INDEX:
        abort(404)
    return Response(template_csv(kind, language), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="supplierlink-{kind}-{language}.csv"'})


def _stored(upload_name: str):
    path = import_folder() / upload_name
    if not _UPLOAD.match(upload_name) or not path.is_file():
        abort(404)
    return upload_name.split("-", 1)[0], path


def _mapping_from(form_data, kind, headers):
    known = {f.key for f in KINDS[kind]}
    mapping, errors = {}, []
    for index in range(len(headers)):
        key = form_data.get(f"col-{index}") or None
        mapping[index] = key if key in known else None
    used = [k for k in mapping.values() if k]
    if len(used) != len(set(used)):
        errors.append(_l("Each field can take one column only."))
    return mapping, errors


@bp.route("/<upload_name>", methods=["GET", "POST"])
@admin_required
def review(upload_name: str):
    kind, path = _stored(upload_name)
    headers, rows = read_table(path.read_bytes(), path.name)
    form = StepForm()
    mapping, errors = auto_mapping(kind, headers), []
    report, step = None, request.form.get("step", "map")
    if form.validate_on_submit():
        mapping, errors = _mapping_from(request.form, kind, headers)
        missing = missing_fields(kind, mapping)
        if missing:
            errors.append(_l("Choose a column for: %(fields)s",
                             fields=", ".join(str(FIELD_LABELS[k]) for k in missing)))
        if not errors:
            report = run_sheet(get_session(), kind, rows, mapping, user=current_user,
                               commit=step == "commit")
            if report.committed:
                path.unlink(missing_ok=True)
    column_of = {key: headers[i] for i, key in mapping.items() if key}
    return render_template(
        "imports/sheet_review.html", form=form, kind=kind, kinds=dict(KIND_CHOICES),
        upload_name=upload_name, headers=headers, mapping=mapping, rows=len(rows),
        sample=rows[:3], fields=KINDS[kind], labels=FIELD_LABELS, errors=errors,
        report=report, column_of=column_of), 422 if errors else 200
