"""Sign-in and registration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from supplierlink.forms import SafeForm, choices
from supplierlink.organisations.forms import OrganisationFieldsForm

KIND_CHOICES = choices([
    ("sme", _l("SME supplier")),
    ("lead_firm", _l("Lead firm (buyer)")),
    ("programme_operator", _l("Programme operator or cluster")),
])


class LoginForm(SafeForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])


class RegistrationForm(OrganisationFieldsForm):
    kind = RadioField(_l("I register"), choices=KIND_CHOICES, default="sme",
                      validators=[DataRequired()])
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password (at least 12 characters)"),
                             validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), Length(max=1024),
                    EqualTo("password", message=_l("The passwords do not match."))],
    )


class PasswordChangeForm(SafeForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1024)])
    password = PasswordField(_l("New password (at least 12 characters)"),
                             validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), Length(max=1024)])


class ForgotPasswordForm(SafeForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(SafeForm):
    password = PasswordField(_l("New password (at least 12 characters)"),
                             validators=[DataRequired(), Length(max=1024)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), Length(max=1024)])
