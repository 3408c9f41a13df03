"""The organisation profile: view and edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from supplierlink.access import current_membership, ensure_owned, org_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.labels import ORG_KIND_LABELS, SIZE_CLASS_LABELS, label
from supplierlink.organisations.forms import OrganisationFieldsForm
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import update_organisation

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _own_organisation(org_id: int) -> Organisation:
    return ensure_owned(get_session().get(Organisation, org_id), "id")


@bp.route("/<int:org_id>")
@org_required()
def show(org_id: int):
    org = _own_organisation(org_id)
    return render_template(
        "organisations/show.html", org=org,
        kind_label=label(ORG_KIND_LABELS, org.kind),
        size_label=label(SIZE_CLASS_LABELS, org.size_class),
    )


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@org_required()
def edit(org_id: int):
    org = _own_organisation(org_id)
    if current_membership().role != "owner":
        abort(403)
    form = OrganisationFieldsForm(obj=org)
    if form.validate_on_submit():
        try:
            update_organisation(get_session(), org, form.organisation_data(org.kind))
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("The profile is saved."), "success")
            return redirect(url_for("organisations.show", org_id=org.id))
    status = 422 if form.is_submitted() else 200
    return render_template("organisations/edit.html", form=form, org=org), status
