"""Forms of the buyer's pages: the requirement, its status and the actions on candidates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from supplierlink.capacity_units import unit_choices
from supplierlink.catalogue.services import split_names, standard_keys
from supplierlink.forms import SafeForm, choices, in_range
from supplierlink.geo import PLACE_MAX
from supplierlink.requirements.services import RequirementData

CANDIDATE_ACTIONS = choices([
    ("shortlist", _l("Shortlist")),
    ("invite", _l("Invite to apply")),
    ("reject", _l("Reject")),
    ("award", _l("Award")),
])
STATUS_CHOICES = choices([
    ("open", _l("Publish")),
    ("closed", _l("Close")),
    ("awarded", _l("Mark as awarded")),
])
FEEDBACK_CHOICES = choices([("1", _l("Good candidate")), ("-1", _l("Poor candidate"))])
DEPTH_CHOICES = choices([
    ("code", _l("These categories or narrower ones")),
    ("family", _l("Also other categories of the same family")),
    ("related", _l("Also related categories (of the same family, or often supplied together)")),
])


def _names(keys) -> str:
    return "; ".join(keys)


class RequirementForm(SafeForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What you need"), validators=[Length(max=8000)])
    category_codes = StringField(
        _l("Categories (UNSPSC codes)"), validators=[DataRequired(), Length(max=2000)],
        render_kw={"data-suggest": "categories", "autocomplete": "off"})
    must_standards = StringField(
        _l("Required standards"), validators=[Optional(), Length(max=2000)],
        render_kw={"data-suggest": "standards", "autocomplete": "off"})
    preferred_standards = StringField(
        _l("Preferred standards"), validators=[Optional(), Length(max=2000)],
        render_kw={"data-suggest": "standards", "autocomplete": "off"})
    category_depth = SelectField(_l("Suppliers to consider"), choices=DEPTH_CHOICES,
                                 default="code", validators=[DataRequired()])
    min_capacity = FloatField(_l("Minimum capacity"),
                              validators=[Optional(), in_range("capacity")])
    capacity_unit = SelectField(_l("Capacity unit"), choices=choices(unit_choices()),
                                validators=[Optional()])
    regions = StringField(_l("Delivery regions"), validators=[Optional(), Length(max=400)],
                          filters=[lambda v: v.upper() if v else v])
    delivery_site = StringField(_l("Delivery site"),
                                validators=[Optional(), Length(max=PLACE_MAX)])
    need_date = DateField(_l("Needed by"), validators=[Optional()])
    version = HiddenField(validators=[Length(max=20)])

    @classmethod
    def for_requirement(cls, req):
        """The form filled in from a stored requirement (the request's data wins on POST)."""
        return cls(data={
            "title": req.title, "description": req.description,
            "category_codes": _names(rc.category.code for rc in req.categories),
            "must_standards": _names(rs.standard.name for rs in req.standards
                                     if rs.necessity == "must"),
            "preferred_standards": _names(rs.standard.name for rs in req.standards
                                          if rs.necessity == "preferred"),
            "category_depth": req.category_depth,
            "min_capacity": req.min_capacity, "capacity_unit": req.capacity_unit or "",
            "need_date": req.need_date,
            "regions": ", ".join(r.region_code for r in req.regions),
            "delivery_site": req.delivery_site,
            "version": str(req.version),
        })

    def expected_version(self) -> int:
        return int(self.version.data) if (self.version.data or "").isdigit() else -1

    def requirement_data(self, session) -> RequirementData:
        return RequirementData(
            title=self.title.data or "",
            description=self.description.data or "",
            category_codes=split_names(self.category_codes.data),
            must_standards=standard_keys(session, self.must_standards.data),
            preferred_standards=standard_keys(session, self.preferred_standards.data),
            category_depth=self.category_depth.data or "code",
            min_capacity=self.min_capacity.data,
            capacity_unit=self.capacity_unit.data or None,
            regions=split_names(self.regions.data),
            delivery_site=self.delivery_site.data,
            need_date=self.need_date.data,
        )


class StatusForm(SafeForm):
    status = SelectField(_l("New status"), choices=STATUS_CHOICES, validators=[DataRequired()])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(),
                                                            in_range("version")])


class CandidateActionForm(SafeForm):
    action = SelectField(_l("Action"), choices=CANDIDATE_ACTIONS, validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (sent to the supplier)"), validators=[Length(max=2000)])
    override_reason = TextAreaField(_l("Why award a supplier that does not meet every "
                                       "requirement (recorded)"),
                                    validators=[Length(max=2000)])


class FeedbackForm(SafeForm):
    value = SelectField(_l("Feedback"), choices=FEEDBACK_CHOICES, validators=[DataRequired()])
