"""Forms of the cluster pages; the services check every rule again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from supplierlink.forms import SafeForm


class ClusterForm(SafeForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    regions = StringField(_l("Regions (ISO 3166-2 codes, comma separated; empty: the whole "
                             "country)"), validators=[Length(max=400)])
    sectors = StringField(_l("Sectors (segment or family codes, comma separated)"),
                          validators=[DataRequired(), Length(max=400)])
    key_standards = StringField(_l("Key standards (keys, comma separated; empty: those the "
                                   "buyers require most)"), validators=[Length(max=400)])
    description = TextAreaField(_l("Description"), validators=[Length(max=4000)])


class InviteForm(SafeForm):
    sponsor_id = SelectField(_l("Lead firm"), coerce=int, validators=[InputRequired()])


class AnswerForm(SafeForm):
    answer = HiddenField(validators=[DataRequired(), Length(max=20)])


class EndForm(SafeForm):
    """Ending a sponsorship or a mentoring pair: the confirmation carries the CSRF token only."""
    confirm = HiddenField(validators=[DataRequired(), Length(max=10)])


class PairForm(SafeForm):
    mentor_id = HiddenField(validators=[DataRequired(), Length(max=20)])
    mentee_id = HiddenField(validators=[DataRequired(), Length(max=20)])
    gap = HiddenField(validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(_l("Note for both SMEs"), validators=[Length(max=2000)])


class DraftForm(SafeForm):
    name = StringField(_l("Programme name"), validators=[DataRequired(), Length(max=200)])


class PeriodForm(SafeForm):
    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])


def split_codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def join_codes(codes) -> str:
    return ", ".join(codes or ())
