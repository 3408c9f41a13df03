"""The records the concurrency test's users fight over, built through the services: a lead
firm with two buyers, a programme operator with two managers, and per round a requirement for
each scenario, an enrolled supplier's milestone, the suppliers acting on them, and their
users."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from supplierlink.auth.services import add_member, create_user
from supplierlink.catalogue.services import load_reference_data
from supplierlink.db import get_db
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit
from supplierlink.programmes.agreements import answer_enrolment
from supplierlink.programmes.services import ProgrammeData, create_programme, enrol_supplier
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.services import ProfileData, update_profile

PASSWORD = "correct horse battery"
CODE = "20101501"  # continuous mining equipment
REGION = "CL-AN"
_serial = itertools.count(1)


def requirement_fields(title: str) -> dict:
    """What the requirement form posts for a requirement built here."""
    return {"title": title, "description": "Overhaul of continuous miners",
            "category_codes": CODE, "regions": REGION,
            "need_date": (date.today() + timedelta(days=90)).isoformat()}


@dataclass
class Round:
    award_req: int = 0
    shortlist_req: int = 0
    apply_req: int = 0
    edit_req: int = 0
    profiled: int = 0  # the SME whose two users save its profile at once
    milestone: int = 0  # a milestone two managers log at once
    profile_users: list[str] = field(default_factory=list)
    certifying: list[tuple[int, str]] = field(default_factory=list)  # (SME id, user e-mail)


@dataclass
class World:
    buyers: list[str]
    managers: list[str]
    applicant: int  # an SME that applied to every award requirement
    ranked: int  # an SME ranked for every requirement, without an application
    applier: tuple[int, str]  # an SME (and its user) that applies twice at once
    rounds: list[Round]


def build_world(app, rounds: int, certifying: int) -> World:
    with app.app_context():
        session = get_db(app).session_factory()
        try:
            load_reference_data(session)
            world = _arrange(session, rounds, certifying)
            session.commit()  # the jobs that rank the requirements run after this
            return world
        finally:
            session.close()


def _arrange(session, rounds: int, certifying: int) -> World:
    buyer = _org(session, "lead_firm")
    buyers = [_user(session, buyer) for _ in range(2)]
    applicant, ranked = _supplier(session), _supplier(session)
    applier = _supplier(session)
    operator = _org(session, "programme_operator")
    managers = [_user(session, operator) for _ in range(2)]
    programme = create_programme(session, operator, managers[0], ProgrammeData(
        name="Proveedores de clase mundial", target_count=rounds,
        start_date=date.today() - timedelta(days=60), end_date=date.today() + timedelta(days=600),
        sponsor_ids=[buyer.id]))
    world = World(buyers=[u.email for u in buyers], managers=[u.email for u in managers],
                  applicant=applicant.id, ranked=ranked.id,
                  applier=(applier.id, _user(session, applier).email), rounds=[])
    for number in range(rounds):
        posted = {name: post_requirement(session, buyer, buyers[0], _requirement(
            f"{name} {number}"), publish=True) for name in ("award", "shortlist", "apply", "edit")}
        apply_to_requirement(session, applicant, None, posted["award"], "We can do it.")
        profiled = _supplier(session)
        enrolled = _supplier(session)
        enrolment = answer_enrolment(  # offered, then accepted: tracking needs the SME's consent
            session, enrol_supplier(session, programme, enrolled, managers[0]), enrolled, None,
            accept=True)
        world.rounds.append(Round(
            milestone=enrolment.milestones[0].id,
            award_req=posted["award"].id, shortlist_req=posted["shortlist"].id,
            apply_req=posted["apply"].id, edit_req=posted["edit"].id, profiled=profiled.id,
            profile_users=[_user(session, profiled).email for _ in range(2)],
            certifying=[(sme.id, _user(session, sme).email)
                        for sme in (_supplier(session) for _ in range(certifying))]))
    session.flush()
    return world


def registration_fields(number: int) -> dict:
    """The registration form of a new SME and its owner, sent twice at once (a double click)."""
    body = str(75_000_000 + number * 43)
    return {"kind": "sme", "name": f"Owner {number}", "email": f"owner{number}@new.example.org",
            "password": PASSWORD, "confirm": PASSWORD, "legal_name": f"Nueva {number} SpA",
            "country": "CL", "tax_id": f"{body}-{rut_check_digit(body)}", "region": REGION,
            "employees": "12"}


def _requirement(title: str) -> RequirementData:
    return RequirementData(title=title, description="Overhaul of continuous miners",
                           category_codes=[CODE], regions=[REGION], min_capacity=10,
                           capacity_unit="t_month", need_date=date.today() + timedelta(days=90))


def _org(session, kind: str):
    serial = next(_serial)
    body = str(76_000_000 + serial * 41)
    return create_organisation(session, OrganisationData(
        kind=kind, legal_name=f"Empresa {serial} SpA", country="CL",
        tax_id=f"{body}-{rut_check_digit(body)}", region=REGION, employees=25))


def _supplier(session):
    org = _org(session, "sme")
    update_profile(session, org, ProfileData(capabilities_text="Mining equipment maintenance",
                                             capacity=100, capacity_unit="t_month",
                                             category_codes=[CODE],
                                             regions=[REGION]))
    return org


def _user(session, org):
    serial = next(_serial)
    user = create_user(session, f"user{serial}@concurrency.example.org", f"User {serial}",
                       PASSWORD)
    add_member(session, user, org, role="owner")
    session.flush()
    return user
