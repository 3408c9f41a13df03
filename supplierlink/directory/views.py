"""The supplier directory: search with filters and facets, and a supplier's profile."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from supplierlink.access import current_org, org_required
from supplierlink.db import get_session
from supplierlink.directory.forms import ListingForm
from supplierlink.directory.pages import directory_body, profile_context, visible_supplier
from supplierlink.directory.publication import published_fields, set_publication
from supplierlink.directory.search import DirectoryQuery
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors

bp = Blueprint("directory", __name__, url_prefix="/directory")


def _locale() -> str:
    return str(get_locale() or "es")


@bp.route("/")
def index():
    body = directory_body(get_session(), DirectoryQuery.from_args(request.args), current_org(),
                          _locale())
    return render_template("directory/index.html", body=body)


@bp.route("/<int:supplier_id>")
def supplier(supplier_id: int):
    session, viewer = get_session(), current_org()
    found = visible_supplier(session, supplier_id, viewer)
    if found is None:
        abort(404)
    return render_template("directory/profile.html",
                           **profile_context(session, found, viewer, _locale()))


@bp.route("/listing", methods=["GET", "POST"])
@org_required("sme", role="owner")
def listing():
    """The SME's choice: whether it appears in the public directory, and what it shows."""
    org = current_org()
    form = ListingForm()
    if not form.is_submitted():
        form.published.data = org.published
        form.fields.data = sorted(published_fields(org))
    if form.validate_on_submit():
        try:
            set_publication(get_session(), org, form.published.data, form.fields.data or [],
                            user_id=current_user.id)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("Your public directory listing is saved."), "success")
            return redirect(url_for("directory.listing"))
    status = 422 if form.is_submitted() else 200
    return render_template("directory/listing.html", form=form, org=org), status
