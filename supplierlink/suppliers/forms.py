"""Forms of the supplier pages: profile, exports, certificates and applications."""

from __future__ import annotations

import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
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

from supplierlink.capacity_units import unit_choices
from supplierlink.forms import SafeForm, choices, in_range
from supplierlink.geo import country_choices
from supplierlink.suppliers.services import CertificationData, ProfileData


def split_codes(text: str | None) -> list[str]:
    """Codes typed in one box, separated by commas, semicolons, spaces or new lines."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


class ProfileForm(SafeForm):
    category_codes = StringField(_l("Category codes (UNSPSC)"), validators=[Length(max=2000)],
                                 render_kw={"data-suggest": "categories", "autocomplete": "off"})
    capabilities_text = TextAreaField(_l("What you make or do, in your own words"),
                                      validators=[Length(max=4000)])
    capacity = FloatField(_l("Capacity"), validators=[Optional(), in_range("capacity")])
    capacity_unit = SelectField(_l("Capacity unit"), choices=choices(unit_choices()),
                                validators=[Optional()])
    regions = StringField(_l("Regions served"), validators=[Length(max=500)])
    employees = IntegerField(_l("Employees"), validators=[Optional(), in_range("employees")])
    version = HiddenField(validators=[Optional(), Length(max=20)])

    def expected_version(self) -> int:
        """The stored profile's version this form was filled from (-1 when missing)."""
        return int(self.version.data) if (self.version.data or "").isdigit() else -1

    def profile_data(self) -> ProfileData:
        return ProfileData(
            capabilities_text=(self.capabilities_text.data or "").strip(),
            capacity=self.capacity.data, capacity_unit=self.capacity_unit.data or None,
            category_codes=split_codes(self.category_codes.data),
            regions=split_codes(self.regions.data),
        )


class ExportForm(SafeForm):
    market = SelectField(_l("Destination country"), validators=[DataRequired()])
    year = IntegerField(_l("Year"), validators=[DataRequired(), in_range("year")])
    product_code = StringField(_l("Product code (optional)"), validators=[Optional(), Length(max=32)])
    value_usd = FloatField(_l("Value in US dollars (optional)"),
                           validators=[Optional(), in_range("value_usd")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.market.choices = choices([("", "—")] + country_choices(str(get_locale() or "en")))


class CertificateForm(SafeForm):
    standard = StringField(_l("Standard"), validators=[DataRequired(), Length(max=200)])
    body = StringField(_l("Certifying body"), validators=[Optional(), Length(max=200)])
    number = StringField(_l("Certificate number"), validators=[Optional(), Length(max=100)])
    scope = TextAreaField(_l("Scope"), validators=[Length(max=2000)])
    issued_on = DateField(_l("Issued on"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    evidence = FileField(_l("Certificate (PDF, at most 10 MB)"))

    def certification_data(self) -> CertificationData:
        # The standard is resolved from the typed name by the service.
        return CertificationData(
            standard=None, body=(self.body.data or "").strip(),
            number=(self.number.data or "").strip(), scope=(self.scope.data or "").strip(),
            issued_on=self.issued_on.data, expires_on=self.expires_on.data,
        )


class ApplicationForm(SafeForm):
    message = TextAreaField(_l("Message to the buyer"), validators=[Length(max=4000)])


class ShareForm(SafeForm):
    buyer_id = SelectField(_l("Lead firm"), coerce=int, validators=[InputRequired()])
