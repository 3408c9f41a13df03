"""Sign in, sign out, register."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from supplierlink.auth.access import ACTIVE_ORG_KEY
from supplierlink.auth.forms import LoginForm, RegistrationForm
from supplierlink.auth.services import authenticate, register_account
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
        form.form_errors.append(_("Wrong e-mail or password."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.pop(ACTIVE_ORG_KEY, None)
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            org, user = register_account(
                get_session(), form.organisation_data(form.kind.data), form.email.data,
                form.name.data, form.password.data, locale=str(get_locale()),
            )
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            login_user(user)
            session[ACTIVE_ORG_KEY] = org.id
            flash(_("%(org)s is registered. Welcome to SupplierLink.", org=org.legal_name),
                  "success")
            return redirect(url_for("main.dashboard"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status
