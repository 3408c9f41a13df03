"""A small market for the directory, messages and notifications tests: a buyer with an open
requirement and an SME that qualifies for it and applied with a message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from supplierlink.catalogue.models import Standard
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    save_profile,
)

CODE = "20101501"


@dataclass
class Market:
    buyer: object
    buyer_user: object
    sme: object
    sme_user: object
    requirement: object
    application: object = None


def make_sme(session, make_org, make_user, name="Maestranza Alfa", locale="en",
             standards=("iso-9001",), expires_on=None, **org):
    sme = make_org("sme", legal_name=name, **org)
    user = make_user(sme, locale=locale)
    save_profile(session, sme, ProfileData(capabilities_text="Mantención de correas",
                                           capacity=100, capacity_unit="t_month",
                                           category_codes=[CODE],
                                           regions=["CL-AN"]), sme.employees)
    for key in standards:
        standard = session.scalar(select(Standard).where(Standard.key == key))
        add_certification(session, sme, CertificationData(
            standard=standard, expires_on=expires_on or date.today() + timedelta(days=500)))
    return sme, user


def build_market(app, session, make_org, make_user, apply: bool = True,
                 message: str = "Hemos mantenido correas en Escondida por diez años.") -> Market:
    with app.app_context():
        buyer = make_org("lead_firm", legal_name="Minera Norte SA")
        buyer_user = make_user(buyer, locale="en")
        sme, sme_user = make_sme(session, make_org, make_user)
        req = post_requirement(session, buyer, buyer_user, RequirementData(
            title="Correas para Escondida", category_codes=[CODE], regions=["CL-AN"],
            min_capacity=10, capacity_unit="t_month", need_date=date.today() + timedelta(days=60)), publish=True)
        market = Market(buyer, buyer_user, sme, sme_user, req)
        if apply:
            market.application = apply_to_requirement(session, sme, sme_user, req, message)
        session.flush()
    return market
