"""Sign in, sign out, register and confirm, change or reset the password."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from supplierlink.access import ACTIVE_ORG_KEY
from supplierlink.audit.services import client_ip
from supplierlink.auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    RegistrationForm,
    ResetPasswordForm,
)
from supplierlink.auth.recovery import (
    change_password,
    find_token,
    request_password_reset,
    reset_password,
)
from supplierlink.auth.services import authenticate
from supplierlink.auth.sessions import (
    end_all_sessions,
    end_session,
    end_session_by_id,
    live_sessions_query,
    start_session,
    token_hash,
)
from supplierlink.auth.signup import confirm_email, sign_up
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors
from supplierlink.paging import paginate_query, requested_page
from supplierlink.urls import safe_next

bp = Blueprint("auth", __name__)


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


def _sign_in(user) -> None:
    """A fresh Flask session and a new server-side session for ``user``."""
    session.clear()
    start_session(get_session(), user, client_ip())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(get_session(), form.email.data, form.password.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            if user is not None:
                _sign_in(user)
                flash(_("Welcome back, %(name)s.", name=user.name), "success")
                return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
            form.form_errors.append(_("Wrong e-mail or password."))
    return render_template("auth/login.html", form=form), _status(form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    end_session(get_session(), current_user.session_token)
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.home"))


class _Links:
    """Absolute links for the registration e-mails."""

    @staticmethod
    def confirm(token):
        return url_for("auth.confirm", token=token, _external=True)

    @staticmethod
    def sign_in():
        return url_for("auth.login", _external=True)

    @staticmethod
    def reset():
        return url_for("auth.forgot_password", _external=True)


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            sign_up(get_session(), form.organisation_data(form.kind.data), form.email.data,
                    form.name.data, form.password.data, str(get_locale()), _Links)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            return render_template("auth/check_email.html", email=form.email.data.strip(),
                                   title=_("Check your e-mail"), text=_(
                                       "We sent a message to %(email)s. Open the link in it "
                                       "to confirm your registration and sign in.",
                                       email=form.email.data.strip()))
    return render_template("auth/register.html", form=form), _status(form)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Opening the link shows a button; the POST confirms (mail scanners only GET links)."""
    if request.method == "GET":
        valid = find_token(get_session(), token, "confirm") is not None
        return render_template("auth/confirm.html", valid=valid), 200 if valid else 404
    try:
        user = confirm_email(get_session(), token)
    except ServiceError:
        return render_template("auth/confirm.html", valid=False), 404
    _sign_in(user)
    org = user.memberships[0].organisation if user.memberships else None
    if org is not None:
        session[ACTIVE_ORG_KEY] = org.id
    flash(_("%(org)s is registered. Welcome to SupplierLink.",
            org=org.legal_name if org else user.name), "success")
    return redirect(url_for("main.dashboard"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = change_password(get_session(), current_user, form.current.data,
                                    form.password.data, form.confirm.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("Your password is changed. Other browsers signed in to your account were "
                    "signed out (%(n)s).", n=ended), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form), _status(form)


@bp.route("/account/sessions")
@login_required
def sessions():
    config = current_app.config
    page = paginate_query(get_session(), live_sessions_query(
        current_user, idle_minutes=config["SESSION_IDLE_MINUTES"],
        max_hours=config["SESSION_MAX_HOURS"]), requested_page())
    return render_template("auth/sessions.html", page=page,
                           current_hash=token_hash(current_user.session_token or ""))


@bp.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_one_session(session_id: int):
    if not end_session_by_id(get_session(), current_user, session_id):
        abort(404)
    flash(_("That browser is signed out."), "success")
    return redirect(url_for("auth.sessions"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    ended = end_all_sessions(get_session(), current_user, keep_token=current_user.session_token)
    flash(_("Every other browser is signed out (%(n)s).", n=ended), "success")
    return redirect(url_for("auth.sessions"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(get_session(), form.email.data, lambda token: url_for(
            "auth.reset_password", token=token, _external=True))
        flash(_("If an account uses %(email)s, we sent it a link to choose a new password. "
                "The link works once, within one hour.", email=form.email.data.strip()), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), _status(form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_view(token: str):
    form = ResetPasswordForm()
    if find_token(get_session(), token, "reset") is None:
        return render_template("auth/reset.html", form=None), 404
    if form.validate_on_submit():
        try:
            reset_password(get_session(), token, form.password.data, form.confirm.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(_("Your password is changed and every session of your account was signed "
                    "out. Sign in with the new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), _status(form)
