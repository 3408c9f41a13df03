"""A near-miss scenario shared by the programme tests: an open requirement that asks for
ISO 9001, a supplier that fits it in every other way, an operator and a sponsored programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from supplierlink.matches.services import rank_requirement
from supplierlink.programmes.agreements import answer_enrolment
from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
    enrol_supplier,
)
from supplierlink.programmes.sponsorship import answer_sponsorship
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.services import ProfileData, update_profile


@dataclass
class Scenario:
    buyer: object
    buyer_user: object
    supplier: object
    supplier_user: object
    operator: object
    manager: object
    requirement: object
    programme: object
    cohort: object


def build(session, make_org, make_user, today: date | None = None, target_kind="standard",
          standard="iso-9001") -> Scenario:
    today = today or date.today()
    buyer = make_org("lead_firm")
    buyer_user = make_user(buyer)
    supplier = make_org("sme", region="CL-AN", legal_name="Correas del Norte SpA")
    supplier_user = make_user(supplier)
    operator = make_org("programme_operator")
    manager = make_user(operator)
    update_profile(session, supplier, ProfileData(
        capabilities_text="Mantención de correas transportadoras para la minería",
        capacity=500, capacity_unit="t_month", category_codes=["20101501"],
        regions=["CL-AN"]))
    requirement = create_requirement(session, buyer, buyer_user, RequirementData(
        title="Mantención de correas transportadoras",
        description="Mantención de correas transportadoras en faena minera",
        category_codes=["20101501"], must_standards=[standard], min_capacity=100,
        capacity_unit="t_month",
        regions=["CL-AN"], need_date=today + timedelta(days=120)), today=today)
    change_status(session, requirement, "open")
    rank_requirement(session, requirement, today=today)
    programme = create_programme(session, operator, manager, ProgrammeData(
        name="Proveedores de clase mundial", target_count=2, target_kind=target_kind,
        target_standard_key=standard, start_date=today - timedelta(days=60),
        end_date=today + timedelta(days=600), sponsor_ids=[buyer.id]))
    answer_sponsorship(session, programme, buyer, buyer_user, accept=True)
    cohort = add_cohort(session, programme, "Cohorte 1", today - timedelta(days=30))
    session.flush()
    return Scenario(buyer, buyer_user, supplier, supplier_user, operator, manager, requirement,
                    programme, cohort)


def enrol_accepted(session, s: Scenario, today: date, **options):
    """Offer the scenario's supplier a place and let it accept (tracking needs its consent)."""
    enrolment = enrol_supplier(session, s.programme, s.supplier, s.manager, today=today,
                               **options)
    return answer_enrolment(session, enrolment, s.supplier, s.supplier_user, accept=True,
                            today=today)
