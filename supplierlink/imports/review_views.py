"""Administrators decide the pairs the duplicate finder was unsure of."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supplierlink.access import admin_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import SafeForm
from supplierlink.imports.models import DuplicateCandidate
from supplierlink.imports.review import (
    MERGE_FIELDS,
    evidence,
    mark_distinct,
    merge_pair,
    open_pairs,
    undo_merge,
)

bp = Blueprint("duplicates", __name__, url_prefix="/admin/duplicates")
FIELD_LABELS = {"legal_name": _l("Legal name"), "trade_name": _l("Trade name"),
                "tax_id": _l("Tax id"), "country": _l("Country"), "region": _l("Region"),
                "town": _l("Town"), "employees": _l("Employees"), "sales_band": _l("Sales band"),
                "description": _l("Description"), "website": _l("Website")}


class DecisionForm(SafeForm):
    pass


def _pair(pair_id: int) -> DuplicateCandidate:
    return get_session().get(DuplicateCandidate, pair_id) or abort(404)


@bp.route("/")
@admin_required
def index():
    session = get_session()
    pairs = [(pair, evidence(session, pair)) for pair in open_pairs(session)]
    return render_template("imports/duplicates.html", pairs=pairs)


@bp.route("/<int:pair_id>", methods=["GET", "POST"])
@admin_required
def show(pair_id: int):
    session = get_session()
    pair = _pair(pair_id)
    form = DecisionForm()
    error = None
    if form.validate_on_submit() and pair.status == "open":
        keep = request.form.get("keep", type=int)
        choices = {f: request.form.get(f) for f in MERGE_FIELDS
                   if request.form.get(f) in ("first", "second")}
        try:
            kept = merge_pair(session, pair, keep, choices, current_user)
        except ServiceError as exc:
            error = "; ".join(str(m) for ms in exc.errors.values() for m in ms)
        else:
            flash(_("Merged into %(name)s. The merge can be undone from this page.",
                    name=kept.display_name), "success")
            return redirect(url_for("duplicates.show", pair_id=pair.id))
    sides = evidence(session, pair) if pair.status != "merged" else []
    return render_template("imports/duplicate.html", pair=pair, sides=sides, form=form,
                           fields=MERGE_FIELDS, labels=FIELD_LABELS, error=error), \
        422 if error else 200


@bp.route("/<int:pair_id>/distinct", methods=["POST"])
@admin_required
def distinct(pair_id: int):
    pair = _pair(pair_id)
    if DecisionForm().validate_on_submit():
        try:
            mark_distinct(get_session(), pair, current_user)
        except ServiceError:
            abort(409)
        flash(_("Recorded: not the same organisation. The pair will not be proposed again."),
              "success")
    return redirect(url_for("duplicates.index"))


@bp.route("/<int:pair_id>/undo", methods=["POST"])
@admin_required
def undo(pair_id: int):
    pair = _pair(pair_id)
    if DecisionForm().validate_on_submit():
        try:
            undo_merge(get_session(), pair, current_user)
        except ServiceError:
            abort(409)
        flash(_("The merge is undone: both organisations are back as they were."), "success")
    return redirect(url_for("duplicates.show", pair_id=pair.id))
