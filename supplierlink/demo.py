"""Loads the deterministic demo scenario through the services, as a user would create it.

Dates are offsets from the loading day, so expiries and need dates always look current; for a
given day the data are the same on every run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplierlink.auth.services import create_user, register_account
from supplierlink.catalogue.models import Standard
from supplierlink.catalogue.services import load_reference_data
from supplierlink.clusters.demo import load_clusters
from supplierlink.demo_data import (
    LEAD_FIRMS,
    LEGAL_FORMS,
    LINES,
    NAME_PREFIX,
    OPERATOR,
    PLACES,
    REGIONS,
    REQUIREMENT_TEMPLATES,
    TOWNS,
)
from supplierlink.directory.documents import rebuild_directory
from supplierlink.matches.services import rank_requirement
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import ruc_check_digit, rut_check_digit
from supplierlink.programmes.demo import load_programme
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    add_export,
    set_certification_status,
    update_profile,
)

DEMO_PASSWORD = "demo-supplierlink-2026"
SME_COUNT = 300
ADMIN_EMAIL = "admin@supplierlink.demo"
SME_LOGIN_COUNT = 5
SEED = 20261122
#: Established firms per trade and country (see ``_anchor``).
ANCHORS = 2


def sme_email(index: int) -> str:
    return f"proveedor{index + 1:03d}@pymes.demo"


def demo_logins() -> list[tuple[str, str]]:
    logins = [("administrator", ADMIN_EMAIL)]
    logins += [("lead firm buyer", firm[4]) for firm in LEAD_FIRMS]
    logins.append(("programme manager", OPERATOR[4]))
    logins += [("SME supplier", sme_email(i)) for i in range(SME_LOGIN_COUNT)]
    return logins


def _tax_id(country: str, serial: int) -> str:
    if country == "CL":
        body = str(76_100_000 + serial * 791)
        return f"{body}-{rut_check_digit(body)}"
    first10 = f"20{60_000_000 + serial * 791:08d}"
    return first10 + ruc_check_digit(first10)


def load_demo(session: Session, if_empty: bool = False, today: date | None = None) -> bool:
    """Load the scenario; with ``if_empty`` nothing happens when organisations exist."""
    if if_empty and session.scalar(select(func.count()).select_from(Organisation)):
        return False
    today = today or date.today()
    rng = random.Random(SEED)
    load_reference_data(session)
    standards = {s.key: s for s in session.scalars(select(Standard))}
    admin = create_user(session, ADMIN_EMAIL, "Administración SupplierLink", DEMO_PASSWORD,
                        is_admin=True, locale="es")
    buyers = [_lead_firm(session, i, firm) for i, firm in enumerate(LEAD_FIRMS)]
    operator = _operator(session)
    smes = [_sme(session, rng, i, standards, admin, today) for i in range(SME_COUNT)]
    _requirements(session, rng, buyers, today)
    session.flush()
    # every requirement, drafts and closed ones too, as posting one ranks it
    for req in session.scalars(select(Requirement).order_by(Requirement.id)):
        rank_requirement(session, req, today=today)
    rebuild_directory(session)
    _programme(session, operator, [org for org, _user in buyers], today)
    load_clusters(session, operator, [org for org, _user in buyers], today)
    return bool(smes)


def _programme(session: Session, operator: Organisation, sponsors: list[Organisation],
               today: date) -> None:
    """A running development programme built from the ranked requirements' near misses."""
    load_programme(session, operator, sponsors, today)


def _lead_firm(session: Session, index: int, firm) -> tuple[Organisation, object]:
    name, country, region, employees, email, person = firm
    org, user = register_account(
        session,
        OrganisationData(kind="lead_firm", legal_name=name, country=country,
                         tax_id=_tax_id(country, 10_000 + index), region=region,
                         town=TOWNS[region][0], employees=employees, sales_band="gt_50m",
                         description="Empresa minera de cobre con operaciones a rajo abierto."),
        email, person, DEMO_PASSWORD, locale="en" if email.startswith("procurement") else "es",
    )
    return org, user


def _operator(session: Session) -> Organisation:
    name, country, region, employees, email, person = OPERATOR
    org, _user = register_account(
        session,
        OrganisationData(kind="programme_operator", legal_name=name, country=country,
                         tax_id=_tax_id(country, 20_000), region=region, employees=employees,
                         description="Programa de desarrollo de proveedores de clase mundial "
                                     "para la minería del norte de Chile y sur del Perú."),
        email, person, DEMO_PASSWORD, locale="es",
    )
    return org


def _sme(session: Session, rng: random.Random, index: int, standards: dict, admin, today: date):
    country = "CL" if rng.random() < 0.6 else "PE"
    region = rng.choice(REGIONS[country])
    line = rng.choice(list(LINES))
    anchor = _anchor(index)
    if anchor is not None:  # an established firm of its trade and country (see ANCHORS)
        line, country = anchor
        region = random.Random(f"anchor-{index}").choice(REGIONS[country])
    codes, text_es, text_en, pool, unit, scale = LINES[line]
    name = (f"{rng.choice(NAME_PREFIX[line])} {rng.choice(PLACES[country])} "
            f"{index + 1:03d} {rng.choice(LEGAL_FORMS[country])}")
    employees = max(2, min(400, int(rng.lognormvariate(3.2, 0.9))))
    # a generator of its own, so that the rest of the demo stays as it was
    town = random.Random(f"town-{index}").choice(TOWNS[region])
    data = OrganisationData(kind="sme", legal_name=name, country=country,
                            tax_id=_tax_id(country, index + 1), region=region, town=town,
                            employees=employees, description=text_es, published=rng.random() < 0.8)
    if index < SME_LOGIN_COUNT:
        org, _user = register_account(session, data, sme_email(index),
                                      f"Contacto {name.split()[0]}", DEMO_PASSWORD, locale="es")
    else:
        org = create_organisation(session, data)
    all_codes = list(codes)
    text = text_es if rng.random() < 0.8 else text_en
    if rng.random() < 0.25:  # a second line of business
        other = LINES[rng.choice(list(LINES))]
        all_codes += other[0][:1]
        text += ". " + other[1]
    regions = [region]
    if rng.random() < 0.5:
        regions.append(rng.choice(REGIONS[country]))
    if rng.random() < 0.2:
        regions = [country]
    # mining suppliers travel: many serve the whole country, most a second region (drawn from
    # a generator of its own, so that the rest of the demo stays as it was)
    reach = random.Random(f"reach-{index}")
    if anchor is not None or reach.random() < 0.35:
        regions = [country]
    elif reach.random() < 0.7:
        regions = list(dict.fromkeys(regions + reach.sample(REGIONS[country], 2)))
    capacity = round(scale * rng.uniform(0.1, 1.6) * (employees / 40) ** 0.5, -1) or 10.0
    if anchor is not None:
        capacity = max(capacity, float(scale))
    update_profile(session, org, ProfileData(capabilities_text=text, capacity=capacity,
                                             capacity_unit=unit, category_codes=all_codes,
                                             regions=regions))
    if anchor is None:
        _certifications(session, rng, org, pool, standards, admin, today)
    else:
        _anchor_certifications(session, org, pool, standards, admin, today)
    if rng.random() < 0.2:
        add_export(session, org, rng.choice(["US", "CA", "AU", "AR", "BO", "EC"]),
                   today.year - rng.randint(1, 4), codes[0], round(rng.uniform(2e4, 8e5), -3))
    return org


def _anchor(index: int) -> tuple[str, str] | None:
    """``(line, country)`` of the established firms: after the login suppliers, ANCHORS per
    line and country, serving their whole country with their trade's certificates verified,
    so every requirement has qualified suppliers of its trade next to its near misses."""
    at = index - SME_LOGIN_COUNT
    lines = list(LINES)
    if not 0 <= at < ANCHORS * 2 * len(lines):
        return None
    return lines[at % len(lines)], ("CL", "PE")[(at // len(lines)) % 2]


def _anchor_certifications(session, org, pool, standards, admin, today):
    for key in pool:
        cert = add_certification(session, org, CertificationData(
            standard=standards[key], body="Bureau Veritas", number=f"CERT-{org.id:04d}-A-{key}",
            issued_on=today - timedelta(days=200), expires_on=today + timedelta(days=900)))
        set_certification_status(session, cert, "verified", admin)


def _certifications(session, rng, org, pool, standards, admin, today):
    held = [key for key in pool if rng.random() < 0.45]
    if "iso-45001" in pool and "iso-45001" not in held and rng.random() < 0.15:
        held.append("ohsas-18001")  # a certificate of a withdrawn standard, still claimed
    for key in held:
        issued = today - timedelta(days=rng.randint(60, 900))
        roll = rng.random()
        if roll < 0.15:
            expires = today - timedelta(days=rng.randint(5, 200))
        elif roll < 0.3:
            expires = today + timedelta(days=rng.randint(10, 75))
        else:
            expires = issued + timedelta(days=3 * 365)
        if key == "ohsas-18001":
            expires = min(expires, today - timedelta(days=30))
        cert = add_certification(session, org, CertificationData(
            standard=standards[key], body=rng.choice(["Bureau Veritas", "SGS", "AENOR", "TÜV"]),
            number=f"CERT-{org.id:04d}-{key.upper()}", issued_on=issued,
            expires_on=max(expires, issued)))
        if rng.random() < 0.55:
            set_certification_status(session, cert, "verified", admin)


def _requirements(session, rng, buyers, today):
    for index, template in enumerate(REQUIREMENT_TEMPLATES):
        line, title_es, title_en, must, preferred, share, scope, lang = template
        org, user = buyers[index % len(buyers)]
        codes, text_es, text_en, _pool, unit, scale = LINES[line]
        description = text_es if lang == "es" else text_en
        req = create_requirement(session, org, user, RequirementData(
            title=title_es or title_en,
            description=description,
            category_codes=codes[:2], must_standards=must, preferred_standards=preferred,
            min_capacity=round(scale * share, -1), capacity_unit=unit,
            regions=[org.region if scope == "own" else org.country],
            delivery_site=random.Random(f"site-{index}").choice(TOWNS[org.region]),
            need_date=today + timedelta(days=rng.randint(45, 200)),
        ), today=today)
        if index < 21:
            change_status(session, req, "open")
        elif index < 23:
            change_status(session, req, "open")
            change_status(session, req, "closed")
        # the last two stay drafts
