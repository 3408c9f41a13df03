"""The administrator's decision on a certificate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from supplierlink.forms import SafeForm, choices

DECISION_CHOICES = (
    ("verified", _l("Verify: the evidence matches the claim")),
    ("rejected", _l("Reject: the evidence does not support the claim")),
    ("revoked", _l("Revoke: the certificate is no longer valid")),
)


class ReviewForm(SafeForm):
    status = RadioField(_l("Decision"), choices=choices(DECISION_CHOICES),
                        validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (shown to the supplier; required to reject or revoke)"),
                           validators=[Length(max=2000)])


class VerifierForm(SafeForm):
    email = EmailField(_l("E-mail of the account"), validators=[DataRequired(), Email(),
                                                                Length(max=254)])
    appoint = SelectField(_l("Decision"), choices=choices([("1", _l("Appoint as verifier")),
                                                           ("0", _l("Stand down"))]),
                          validators=[DataRequired()])
