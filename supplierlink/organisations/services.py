"""Creating and editing organisations, with tax-id and region rules."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import ranges, signals
from supplierlink.errors import ServiceError
from supplierlink.geo import clean_place, place_error, valid_region
from supplierlink.organisations.models import ORG_KINDS, Organisation
from supplierlink.organisations.taxids import TAX_ID_NAMES, check_tax_id


@dataclass
class OrganisationData:
    kind: str
    legal_name: str
    country: str
    tax_id: str
    region: str | None = None
    town: str | None = None
    employees: int | None = None
    trade_name: str | None = None
    sales_band: str | None = None
    description: str = ""
    website: str | None = None
    published: bool = False


def tax_id_error(country: str, raw: str) -> tuple[str, str | None]:
    """Normalised tax id and a readable error, if any."""
    check = check_tax_id(country, raw)
    name = TAX_ID_NAMES.get(country, _l("tax id"))
    if check.error == "check_digit":
        return check.normalised, _l("The check digit of this %(name)s is not valid.", name=name)
    if check.error == "format":
        return check.normalised, _l("This is not a valid %(name)s.", name=name)
    return check.normalised, None


def _validate(session: Session, data: OrganisationData, current_id: int | None = None,
              taken: set | None = None) -> str:
    errors: dict[str, str] = {}
    if data.kind not in ORG_KINDS:
        errors["kind"] = _l("Choose the kind of organisation.")
    if not data.legal_name.strip():
        errors["legal_name"] = _l("The legal name is required.")
    tax_id, error = tax_id_error(data.country, data.tax_id)
    if error is not None:
        errors["tax_id"] = error
    elif ((data.country, tax_id) in taken if taken is not None
          else _tax_id_taken(session, data.country, tax_id, current_id)):
        errors["tax_id"] = _l("An organisation with this tax id is already registered.")
    if data.region and not valid_region(data.country, data.region):
        errors["region"] = _l("This region is not in the chosen country.")
    data.town = clean_place(data.town)
    if error := place_error(data.town):
        errors["town"] = error
    if data.employees is not None and data.employees < 0:
        errors["employees"] = _l("The number of employees cannot be negative.")
    elif ranges.number_problem(data.employees, "employees"):
        errors["employees"] = ranges.number_problem(data.employees, "employees")
    if errors:
        raise ServiceError(errors)
    return tax_id


def _tax_id_taken(session: Session, country: str, tax_id: str, current_id: int | None) -> bool:
    query = select(Organisation.id).where(
        Organisation.tax_country == country, Organisation.tax_id == tax_id
    )
    found = session.scalar(query)
    return found is not None and found != current_id


def check_new_organisation(session: Session, data: OrganisationData,
                           taken: set | None = None) -> str:
    """The normalised tax id of the new organisation ``data`` describes, or a ServiceError.
    ``taken``: the (country, tax id) pairs registered, for a caller that checks many at once
    (else each check asks the database)."""
    return _validate(session, data, taken=taken)


def organisation_values(data: OrganisationData, tax_id: str) -> dict:
    """The columns of the organisation checked ``data`` describes (see
    :func:`check_new_organisation`)."""
    return dict(
        kind=data.kind,
        legal_name=data.legal_name.strip(),
        trade_name=(data.trade_name or "").strip() or None,
        tax_country=data.country,
        tax_id=tax_id,
        country=data.country,
        region=data.region or None,
        town=data.town,
        employees=data.employees,
        sales_band=data.sales_band,
        description=data.description or "",
        website=data.website or None,
        published=data.published,
    )


def create_organisation(session: Session, data: OrganisationData) -> Organisation:
    org = Organisation(**organisation_values(data, check_new_organisation(session, data)))
    session.add(org)
    session.flush()
    if org.kind == "sme":
        # a new supplier: the directory finds it at once (as far as it publishes itself), and
        # matching takes it in
        signals.supplier_changed.send(session, organisation_id=org.id)
    return org


def update_organisation(session: Session, org: Organisation, data: OrganisationData) -> Organisation:
    data.kind = org.kind  # the kind of an organisation does not change after registration
    org.tax_id = _validate(session, data, current_id=org.id)
    org.legal_name = data.legal_name.strip()
    org.trade_name = (data.trade_name or "").strip() or None
    org.tax_country = org.country = data.country
    org.region = data.region or None
    org.town = data.town
    org.employees = data.employees
    org.sales_band = data.sales_band
    org.description = data.description or ""
    org.website = data.website or None
    org.published = data.published
    session.flush()
    if org.kind == "sme":
        # name, place and description are part of the supplier's profile in the engine
        signals.supplier_changed.send(session, organisation_id=org.id)
    return org

def lead_firm_choices(session: Session) -> list[tuple[int, str]]:
    """The lead firms, by name, as ``(id, name)`` choices for a form."""
    rows = session.execute(select(Organisation.id, Organisation.trade_name,
                                  Organisation.legal_name)
                           .where(Organisation.kind == "lead_firm")
                           .order_by(Organisation.legal_name))
    return [(org_id, trade_name or legal_name) for org_id, trade_name, legal_name in rows]
