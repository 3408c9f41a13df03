"""The demo's running programme: two cohorts of near-miss suppliers at different stages, some
late milestones, certificates gained and KPI history, built through the services."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.auth.models import Membership, User
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import rank_all_open
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.agreements import answer_enrolment
from supplierlink.programmes.kpis import add_observations, record_kpis
from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
    enrol_supplier,
)
from supplierlink.programmes.sponsorship import answer_sponsorship
from supplierlink.programmes.tracking import (
    CertificateEvidence,
    achieve_milestone,
    complete_plan_item,
    move_stage,
    needs_certificate,
)
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.services import set_certification_status

SEED = 5
FIRST_COHORT, SECOND_COHORT, COMPARISON_FIRMS = 14, 10, 16
# (stage reached, days after the cohort start it was reached) for the first cohort, in turn
FIRST_COHORT_PATHS = [
    ["aligned", "diagnosed", "plan_agreed", "technical_assistance", "quality_target_met",
     "certified"],
    ["aligned", "diagnosed", "plan_agreed", "technical_assistance"],
    ["aligned", "diagnosed"],
    ["aligned", "diagnosed", "plan_agreed", "technical_assistance", "quality_target_met"],
]


def _near_misses(session: Session) -> list[tuple[Requirement, Organisation]]:
    """One requirement per near-miss supplier, in a stable order."""
    rows = session.execute(select(MatchResult, Requirement, Organisation)
                           .join(Requirement, Requirement.id == MatchResult.requirement_id)
                           .join(Organisation, Organisation.id == MatchResult.supplier_id)
                           .where(MatchResult.qualified.is_(False))
                           .order_by(MatchResult.requirement_id, MatchResult.rank)).all()
    seen, picked = set(), []
    for _match, requirement, supplier in rows:
        if supplier.id not in seen:
            seen.add(supplier.id)
            picked.append((requirement, supplier))
    return picked


def _member(session: Session, org: Organisation) -> User:
    return session.scalar(select(User).join(Membership).where(
        Membership.organisation_id == org.id).order_by(User.id))


def load_programme(session: Session, operator: Organisation, sponsors: list[Organisation],
                   today: date) -> None:
    """Every party agrees through the services: the sponsors accept the operator's invitation,
    each SME accepts its offer, and an administrator verifies the certificates gained."""
    rng = random.Random(SEED)
    manager = _member(session, operator)
    admin = session.scalar(select(User).where(User.is_admin.is_(True)).order_by(User.id))
    start = today - timedelta(days=540)
    programme = create_programme(session, operator, manager, ProgrammeData(
        name="Proveedores de Clase Mundial — Minería del Norte",
        description="40 proveedores certificados y operando al estándar de las mineras "
                    "patrocinadoras, con asistencia técnica y metas de calidad.",
        target_count=40, target_kind="stage", target_stage_key="certified",
        start_date=start, end_date=today + timedelta(days=2 * 365),
        sponsor_ids=[s.id for s in sponsors]))
    for sponsor in sponsors:
        answer_sponsorship(session, programme, sponsor, _member(session, sponsor), accept=True)
    cohorts = [add_cohort(session, programme, "Cohorte 2025", start),
               add_cohort(session, programme, "Cohorte 2026", today - timedelta(days=150))]
    candidates = _near_misses(session)
    enrolled = []
    for index, (requirement, supplier) in enumerate(candidates[:FIRST_COHORT + SECOND_COHORT]):
        cohort = cohorts[0] if index < FIRST_COHORT else cohorts[1]
        day = cohort.start_date + timedelta(days=rng.randint(0, 20))
        enrolment = enrol_supplier(session, programme, supplier, manager, cohort=cohort,
                                   requirement=requirement,
                                   gaps=_stored_gaps(session, requirement, supplier), today=day)
        answer_enrolment(session, enrolment, supplier, _member(session, supplier), accept=True,
                         today=day)
        enrolled.append(enrolment)
        path = FIRST_COHORT_PATHS[index % len(FIRST_COHORT_PATHS)] if cohort is cohorts[0] \
            else ["aligned", "diagnosed", "plan_agreed"][: 1 + index % 3]
        _progress(session, rng, enrolment, manager, admin, path, day, today)
        if index % 3:  # two in three keep their paperwork up to date; the rest are stuck
            _catch_up(session, enrolment, manager, today)
        _kpis(session, rng, enrolment, manager, day, today, cohort is cohorts[0])
    others = [s for _r, s in candidates[FIRST_COHORT + SECOND_COHORT:]][:COMPARISON_FIRMS]
    for supplier in others:
        _comparison_kpis(session, rng, supplier, start, today)
    rank_all_open(session, today=today)


def _stored_gaps(session, requirement, supplier) -> list[dict]:
    match = session.scalar(select(MatchResult).where(
        MatchResult.requirement_id == requirement.id, MatchResult.supplier_id == supplier.id))
    return list(match.gaps) if match else []


def _progress(session, rng, enrolment, manager, admin, path, day, today) -> None:
    """Climb ``path`` stage by stage, logging the milestones of each stage as achieved (a few
    late, a few left open so they show as late), and close certificate gaps at certification."""
    for key in path:
        day = min(day + timedelta(days=rng.randint(45, 90)), today - timedelta(days=5))
        for milestone in enrolment.milestones:
            if milestone.achieved_on is None and milestone.due_on <= day and rng.random() < 0.85:
                achieve_milestone(session, milestone, enrolment, manager, milestone.version,
                                  min(milestone.due_on + timedelta(days=rng.randint(-10, 25)),
                                      today), "Acta de visita y registro fotográfico.",
                                  today=today)
        if key == "certified":
            for item in enrolment.plan_items:
                if needs_certificate(item) and item.done_on is None:
                    complete_plan_item(session, item, enrolment, manager, item.version,
                                       note="Auditoría de certificación aprobada.",
                                       certificate=CertificateEvidence(
                                           "Bureau Veritas", f"BV-{enrolment.id:04d}-{item.id}",
                                           day, day + timedelta(days=3 * 365)),
                                       today=day)
                    # the manager asked for verification; the administrator checks and verifies
                    set_certification_status(session, session.get(
                        Certification, item.certification_id), "verified", admin, today=day)
        move_stage(session, enrolment, manager, key, enrolment.version, today=day)


def _catch_up(session, enrolment, manager, today) -> None:
    """Log the milestones of the stages reached and the plan items other than certificates,
    as a diligent programme team does; certificates still wait for their audits."""
    reached = enrolment.programme.ladder.index(enrolment.stage_key)
    for milestone in enrolment.milestones:
        if (milestone.achieved_on is None and milestone.due_on <= today
                and enrolment.programme.ladder.index(milestone.stage_key) <= reached):
            achieve_milestone(session, milestone, enrolment, manager, milestone.version,
                              milestone.due_on, "Registro de avance del equipo del programa.",
                              today=today)
    for item in enrolment.plan_items:
        if item.done_on is None and not needs_certificate(item) and item.due_on <= today:
            complete_plan_item(session, item, enrolment, manager, item.version,
                               note="Declaración de regiones y capacidad actualizada.",
                               today=item.due_on)


def _kpis(session, rng, enrolment, manager, day, today, follow_up: bool) -> None:
    employees = float(enrolment.supplier.employees or 20)
    sales = round(employees * rng.uniform(40_000, 90_000), -3)
    baseline = {"sales": sales, "employees": employees,
                "export_sales": round(sales * rng.uniform(0, 0.15), -3),
                "export_markets": float(rng.randint(0, 2)),
                "defect_rate": round(rng.uniform(2, 8), 1),
                "on_time_delivery": round(rng.uniform(70, 90), 1),
                "certifications_held": float(rng.randint(0, 2))}
    record_kpis(session, enrolment, manager, day, True, baseline, today=today)
    if follow_up:
        growth = rng.uniform(0.95, 1.35)
        record_kpis(session, enrolment, manager, today - timedelta(days=30), False, {
            "sales": round(sales * growth, -3), "employees": employees + rng.randint(0, 8),
            "export_sales": round(baseline["export_sales"] * growth * rng.uniform(1, 1.6), -3),
            "export_markets": baseline["export_markets"] + rng.randint(0, 2),
            "defect_rate": round(baseline["defect_rate"] * rng.uniform(0.5, 1.05), 1),
            "on_time_delivery": min(100.0, round(baseline["on_time_delivery"]
                                                 * rng.uniform(1.0, 1.12), 1)),
            "certifications_held": baseline["certifications_held"] + rng.randint(0, 1)},
            today=today)


def _comparison_kpis(session, rng, supplier, start, today) -> None:
    """Similar firms outside the programme, measured by the same survey for the evaluation."""
    employees = float(supplier.employees or 20)
    sales = round(employees * rng.uniform(40_000, 90_000), -3)
    add_observations(session, supplier.id, None, start, True,
                     {"sales": sales, "employees": employees,
                      "defect_rate": round(rng.uniform(2, 8), 1)})
    add_observations(session, supplier.id, None, today - timedelta(days=30), False,
                     {"sales": round(sales * rng.uniform(0.9, 1.15), -3),
                      "employees": employees + rng.randint(-2, 3),
                      "defect_rate": round(rng.uniform(2, 8), 1)})
