"""The onboarding page of a new SME: one form per step, and the completeness meter."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from supplierlink.access import current_org, org_required
from supplierlink.catalogue.models import Category
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.geo import SUBDIVISIONS, country_name
from supplierlink.onboarding import services
from supplierlink.onboarding.everyday import find_categories

bp = Blueprint("onboarding", __name__, url_prefix="/supplier/onboarding")


def _locale() -> str:
    return str(get_locale() or "es")


def _region_options(org) -> list[tuple[str, str]]:
    """The whole country, then its regions, by name."""
    options = [(org.country, _("All of %(country)s", country=country_name(org.country,
                                                                          _locale())))]
    options += sorted(SUBDIVISIONS.get(org.country, {}).items(), key=lambda item: item[1])
    return options


@bp.route("/")
@org_required("sme")
def index(errors: list | None = None, status: int = 200):
    session, org = get_session(), current_org()
    found_steps = services.steps(session, org)
    data = services.current_profile(session, org)
    query = request.args.get("q", "")[:100]
    chosen = {c.code: c for c in session.query(Category).filter(
        Category.code.in_(data.category_codes))} if data.category_codes else {}
    return render_template(
        "onboarding/index.html", steps=found_steps, meter=services.completeness(found_steps),
        data=data, query=query, locale=_locale(),
        results=find_categories(session, query, _locale()) if query else [],
        chosen=[chosen[c] for c in data.category_codes if c in chosen],
        region_options=_region_options(org),
        # nothing served yet: the SME's own region is offered, ticked
        served=set(data.regions) or ({org.region} if org.region else {org.country}),
        errors=errors or [],
    ), status


def _save(action, *args):
    try:
        action(get_session(), current_org(), *args)
    except ServiceError as exc:
        return index([str(m) for ms in exc.errors.values() for m in ms], 422)
    flash(_("Saved. Your opportunities are updated."), "success")
    return redirect(url_for("onboarding.index"))


@bp.route("/categories", methods=["POST"])
@org_required("sme")
def categories():
    codes = request.form.getlist("code")
    if not codes:
        return index([_("Tick at least one category.")], 422)
    return _save(services.add_categories, codes)


@bp.route("/categories/remove", methods=["POST"])
@org_required("sme")
def remove_category():
    return _save(services.remove_category, request.form.get("code", ""))


@bp.route("/regions", methods=["POST"])
@org_required("sme")
def regions():
    chosen = request.form.getlist("region")
    if not chosen:
        return index([_("Choose at least one region you deliver to.")], 422)
    return _save(services.set_regions, chosen)


@bp.route("/capacity", methods=["POST"])
@org_required("sme")
def capacity():
    raw = request.form.get("capacity", "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else None
    except ValueError:
        return index([_("The capacity must be a number.")], 422)
    return _save(services.set_capacity, value, request.form.get("capacity_unit", "").strip()[:40],
                 request.form.get("capabilities_text", "").strip()[:4000])
