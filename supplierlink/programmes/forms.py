"""Forms of the programme pages; rules are checked again by the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from supplierlink.forms import SafeForm, choices, in_range
from supplierlink.programmes.kpis import OBSERVED_METRICS, PERCENT_METRICS
from supplierlink.programmes.wording import METRIC_LABELS, TARGET_KIND_LABELS

PDF_HINT = _l("PDF, at most 10 MB.")


class ProgrammeForm(SafeForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the programme does"), validators=[Length(max=4000)])
    target_count = IntegerField(_l("Target: number of suppliers"),
                                validators=[InputRequired(), in_range("target_count")])
    target_kind = SelectField(_l("What counts toward the target"),
                              choices=choices(TARGET_KIND_LABELS.items()))
    target_stage = StringField(_l("Target stage (name or key)"), default="certified",
                               validators=[Length(max=120)])
    target_standard_key = SelectField(_l("Target standard"), validators=[Optional()])
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    end_date = DateField(_l("Deadline"), validators=[InputRequired()])
    stage_names = TextAreaField(_l("Your own stage ladder (optional)"),
                                validators=[Length(max=4000)])
    sponsor_ids = SelectMultipleField(_l("Sponsor lead firms"), coerce=int,
                                      validators=[Optional()])


class CohortForm(SafeForm):
    name = StringField(_l("Cohort name"), validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("Starts on"), validators=[InputRequired()])


class EnrolForm(SafeForm):
    programme_cohort = SelectField(_l("Programme and cohort"), validators=[DataRequired()])


class StageForm(SafeForm):
    version = HiddenField(validators=[Length(max=20)])
    stage_key = SelectField(_l("Move to stage"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (needed when skipping a stage or moving back)"),
                           validators=[Length(max=2000)])


class MilestoneForm(SafeForm):
    version = HiddenField(validators=[Length(max=20)])
    achieved_on = DateField(_l("Achieved on"), validators=[InputRequired()])
    note = TextAreaField(_l("Evidence note"), validators=[Length(max=4000)])
    evidence = FileField(_l("Evidence file"))


class PlanItemForm(SafeForm):
    version = HiddenField(validators=[Length(max=20)])
    note = TextAreaField(_l("What was done"), validators=[Length(max=4000)])
    evidence = FileField(_l("Evidence file"))
    body = StringField(_l("Certification body"), validators=[Length(max=200)])
    number = StringField(_l("Certificate number"), validators=[Length(max=100)])
    issued_on = DateField(_l("Issued on"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])


ANSWERS = choices([("accept", _l("Accept")), ("decline", _l("Decline"))])


class AnswerForm(SafeForm):
    answer = SelectField(_l("Answer"), choices=ANSWERS, validators=[DataRequired()])


class SponsorForm(SafeForm):
    organisation_id = SelectField(_l("Lead firm"), coerce=int, validators=[InputRequired()])


class LeaveForm(SafeForm):
    reason = TextAreaField(_l("Why you leave (optional, shown to the programme)"),
                           validators=[Length(max=2000)])


class MilestoneCorrectionForm(SafeForm):
    version = HiddenField(validators=[Length(max=20)])
    achieved_on = DateField(_l("Right date (leave empty if it was not achieved)"),
                            validators=[Optional()])
    reason = TextAreaField(_l("What was wrong"), validators=[DataRequired(), Length(max=2000)])


class KpiCorrectionForm(SafeForm):
    value = FloatField(_l("Right figure"), validators=[InputRequired(), in_range("kpi")])
    reason = TextAreaField(_l("What was wrong"), validators=[DataRequired(), Length(max=2000)])


class EvidenceForm(SafeForm):
    evidence = FileField(_l("Evidence file (PDF)"))


class KpiForm(SafeForm):
    observed_on = DateField(_l("Figures as of"), validators=[InputRequired()])
    is_baseline = BooleanField(_l("This is the baseline (before the programme's support)"))


for _metric in OBSERVED_METRICS:
    setattr(KpiForm, _metric, FloatField(METRIC_LABELS[_metric], validators=[
        Optional(), in_range("percent" if _metric in PERCENT_METRICS else "kpi")]))


def kpi_values(form: KpiForm) -> dict[str, float | None]:
    return {metric: form[metric].data for metric in OBSERVED_METRICS}
