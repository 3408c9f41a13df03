"""The supplier directory: search with filters and facets, and a supplier's profile."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from supplierlink.auth.access import current_org
from supplierlink.db import get_session
from supplierlink.directory.pages import directory_context, profile_context, visible_supplier
from supplierlink.directory.search import DirectoryQuery

bp = Blueprint("directory", __name__, url_prefix="/directory")


def _locale() -> str:
    return str(get_locale() or "es")


@bp.route("/")
def index():
    context = directory_context(get_session(), DirectoryQuery.from_args(request.args),
                                current_org(), _locale())
    return render_template("directory/index.html", **context)


@bp.route("/<int:supplier_id>")
def supplier(supplier_id: int):
    session, viewer = get_session(), current_org()
    found = visible_supplier(session, supplier_id, viewer)
    if found is None:
        abort(404)
    return render_template("directory/profile.html",
                           **profile_context(session, found, viewer, _locale()))
