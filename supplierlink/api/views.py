"""Pages around the API: the user's personal tokens and the browsable API reference."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from supplierlink.api.models import ApiToken
from supplierlink.api.tokens import MAX_DAYS, create_token, revoke_token, user_tokens
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import SafeForm, apply_service_errors, choices

bp = Blueprint("api_pages", __name__)


SCOPE_CHOICES = (("read", _l("Read only")), ("read_write", _l("Read and write")))


class TokenForm(SafeForm):
    name = StringField(_l("Name (what will use it)"), validators=[
        DataRequired(_l("Give the token a name (what will use it).")), Length(max=100)])
    scope = RadioField(_l("Scope"), choices=choices(SCOPE_CHOICES),
                       default="read", validators=[DataRequired()])
    days = IntegerField(_l("Valid for (days)"), default=90, validators=[
        DataRequired(), NumberRange(1, MAX_DAYS)])


class RevokeForm(SafeForm):
    pass


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@login_required
def tokens():
    session = get_session()
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            new = create_token(session, current_user, form.name.data, form.scope.data,
                               form.days.data)
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            secret = new.secret
            form = TokenForm(formdata=None)
    status = 422 if form.errors else 200
    return render_template("api/tokens.html", form=form, secret=secret,
                           tokens=user_tokens(session, current_user),
                           revoke_form=RevokeForm()), status


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    session = get_session()
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if RevokeForm().validate_on_submit():
        revoke_token(session, token)
        flash(_("The token %(name)s is revoked.", name=token.name), "success")
    return redirect(url_for("api_pages.tokens"))


@bp.route("/api/v1/docs")
def docs():
    return render_template("api/docs.html")
