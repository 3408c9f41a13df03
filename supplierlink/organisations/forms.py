"""Organisation fields, shared by registration and the profile editor."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from supplierlink.forms import SafeForm, choices, in_range
from supplierlink.geo import PLACE_MAX, country_choices
from supplierlink.organisations.services import OrganisationData

SALES_BANDS = choices([
    ("", "—"),
    ("lt_100k", _l("Under USD 100 thousand")),
    ("100k_1m", _l("USD 100 thousand – 1 million")),
    ("1m_10m", _l("USD 1 – 10 million")),
    ("10m_50m", _l("USD 10 – 50 million")),
    ("gt_50m", _l("Over USD 50 million")),
])


class OrganisationFieldsForm(SafeForm):
    legal_name = StringField(_l("Legal name"), validators=[DataRequired(), Length(max=200)])
    trade_name = StringField(_l("Trade name"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    tax_id = StringField(
        _l("Tax id (RUT, RUC, RFC, CNPJ, NIT…)"), validators=[DataRequired(), Length(max=32)]
    )
    region = StringField(
        _l("Region (ISO 3166-2 code, e.g. CL-AN)"), validators=[Optional(), Length(max=6)],
        filters=[lambda v: v.strip().upper() if v else v],
    )
    town = StringField(_l("Town or city"), validators=[Optional(), Length(max=PLACE_MAX)])
    employees = IntegerField(_l("Employees"), validators=[Optional(), in_range("employees")])
    sales_band = SelectField(_l("Annual sales"), choices=SALES_BANDS, validators=[Optional()])
    description = TextAreaField(_l("What the organisation does"), validators=[Length(max=4000)])
    website = StringField(_l("Website"), validators=[Optional(), URL(), Length(max=200)])
    published = BooleanField(_l("Show this organisation in the public supplier directory"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = choices(country_choices(str(get_locale() or "en")))

    def organisation_data(self, kind: str) -> OrganisationData:
        return OrganisationData(
            kind=kind,
            legal_name=self.legal_name.data,
            trade_name=self.trade_name.data,
            country=self.country.data,
            tax_id=self.tax_id.data,
            region=self.region.data or None,
            town=self.town.data or None,
            employees=self.employees.data,
            sales_band=self.sales_band.data or None,
            description=self.description.data or "",
            website=self.website.data or None,
            published=bool(self.published.data),
        )
