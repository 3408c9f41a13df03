"""The administrator's decision on a certificate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from supplierlink.forms import choices

DECISION_CHOICES = (
    ("verified", _l("Verify: the evidence matches the claim")),
    ("rejected", _l("Reject: the evidence does not support the claim")),
    ("revoked", _l("Revoke: the certificate is no longer valid")),
)


class ReviewForm(FlaskForm):
    status = RadioField(_l("Decision"), choices=choices(DECISION_CHOICES),
                        validators=[DataRequired(_l("Choose a decision."))])
    reason = TextAreaField(_l("Reason (shown to the supplier; required to reject or revoke)"),
                           validators=[Length(max=2000)])
