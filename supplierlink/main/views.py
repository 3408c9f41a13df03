"""Home page, per-role dashboards and the language switcher."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from supplierlink.access import current_org
from supplierlink.db import get_session
from supplierlink.i18n import LOCALE_COOKIE
from supplierlink.main.services import dashboard_context
from supplierlink.urls import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/home.html")


@bp.route("/dashboard")
@login_required
def dashboard():
    org = current_org()
    context = dashboard_context(get_session(), org, current_user)
    return render_template("main/dashboard.html", org=org, **context)


@bp.route("/language/<code>")
def set_language(code: str):
    target = safe_next(request.args.get("next")) or url_for("main.home")
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
