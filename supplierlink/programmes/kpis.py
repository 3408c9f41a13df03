"""Supplier KPI observations (baseline and follow-ups), the programme's change from baseline,
and the comparison group of similar non-enrolled suppliers for impact evaluations."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

import programs
from programs import METRICS, comparison_rows
from supplierlink import consent, ranges
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.history import log_event
from supplierlink.programmes.models import Enrolment, KpiObservation, Programme

# Observed directly; export share and labour productivity are derived from these.
OBSERVED_METRICS = tuple(key for key, definition in METRICS.items() if not definition.derived)
PERCENT_METRICS = ("defect_rate", "on_time_delivery")


def record_kpis(session: Session, enrolment: Enrolment, user: User | None, observed_on: date,
                is_baseline: bool, values: dict[str, float | None],
                today: date | None = None) -> list[KpiObservation]:
    """Store one occasion's measurements of the enrolled supplier (blank metrics are skipped)."""
    today = today or date.today()
    consent.require_operator_user(user, enrolment.programme)
    consent.require_active(enrolment)
    errors: dict[str, str] = {}
    if observed_on is None:
        errors["observed_on"] = _l("Give the date the figures refer to.")
    elif observed_on > today:
        errors["observed_on"] = _l("The date cannot be in the future.")
    elif ranges.date_problem(observed_on):
        errors["observed_on"] = ranges.date_problem(observed_on)
    given = {k: v for k, v in values.items() if v is not None}
    for key, value in given.items():
        if key not in OBSERVED_METRICS:
            errors[key] = _l("Unknown indicator.")
        elif value < 0:
            errors[key] = _l("The value cannot be negative.")
        elif ranges.number_problem(value, "kpi"):
            errors[key] = ranges.number_problem(value, "kpi")
        elif key in PERCENT_METRICS and value > 100:
            errors[key] = _l("A percentage is at most 100.")
    if not given and not errors:
        errors[""] = _l("Fill in at least one indicator.")
    if not errors and _already_recorded(session, enrolment.supplier_id, given, observed_on,
                                        is_baseline):
        errors["observed_on"] = _l("Figures for this date are already recorded; choose "
                                   "another date.")
    if errors:
        raise ServiceError(errors)
    rows = add_observations(session, enrolment.supplier_id, user, observed_on, is_baseline, given)
    log_event(session, enrolment, "kpis_recorded", user, observed_on=observed_on,
              baseline=is_baseline, metrics=sorted(given))
    return rows


def add_observations(session: Session, supplier_id: int, user: User | None, observed_on: date,
                     is_baseline: bool, values: dict[str, float]) -> list[KpiObservation]:
    """Store already checked figures; also used for comparison firms, which have no enrolment."""
    rows = [KpiObservation(supplier_id=supplier_id, metric=key, value=float(value),
                           observed_on=observed_on, is_baseline=is_baseline,
                           recorded_by_id=user.id if user else None)
            for key, value in values.items()]
    session.add_all(rows)
    session.flush()
    return rows


def _already_recorded(session, supplier_id, given, observed_on, is_baseline) -> bool:
    return session.scalar(select(KpiObservation.id).where(
        KpiObservation.supplier_id == supplier_id, KpiObservation.metric.in_(list(given)),
        KpiObservation.observed_on == observed_on, KpiObservation.is_baseline == is_baseline)
        .limit(1)) is not None


def observations(session: Session, supplier_ids) -> list[programs.KpiObservation]:
    ids = list(supplier_ids)
    if not ids:
        return []
    # a corrected figure counts in its latest revision only; the superseded rows stay stored
    superseded = select(KpiObservation.supersedes_id).where(
        KpiObservation.supersedes_id.is_not(None))
    rows = session.scalars(select(KpiObservation).where(
        KpiObservation.supplier_id.in_(ids), KpiObservation.id.not_in(superseded))
        .order_by(KpiObservation.observed_on, KpiObservation.id))
    return [programs.KpiObservation(r.supplier_id, r.metric, r.value, r.observed_on,
                                    r.is_baseline) for r in rows]


def supplier_kpi_table(session: Session, supplier_id: int) -> list[dict]:
    """The supplier's observations by date, with derived metrics, for its enrolment page."""
    derived = programs.derive(observations(session, [supplier_id]))
    occasions: dict[tuple, dict] = {}
    for obs in derived:
        occasion = occasions.setdefault((obs.observed_on, obs.is_baseline),
                                        {"observed_on": obs.observed_on,
                                         "baseline": obs.is_baseline, "values": {}})
        occasion["values"][obs.metric] = obs.value
    return [occasions[k] for k in sorted(occasions, key=lambda k: (k[0], not k[1]))]


def programme_changes(session: Session, enrolments: list[Enrolment]) -> dict:
    """Change from baseline per metric over the programme's suppliers (``programs`` rules)."""
    return programs.change_from_baseline(observations(session, {e.supplier_id for e in enrolments}))


def comparison_export_rows(session: Session, programme: Programme,
                           enrolments: list[Enrolment]) -> list[programs.ComparisonRow]:
    """Enrolled suppliers and similar non-enrolled ones with KPIs, side by side.

    Comparison firms are not part of the programme, so the export names them only by a
    pseudonym (``C1``, ``C2``…): the evaluation needs their figures, not who they are.
    """
    enrolled_ids = {e.supplier_id for e in enrolments}
    measured = set(session.scalars(select(KpiObservation.supplier_id).distinct()))
    orgs = session.scalars(select(Organisation).where(
        Organisation.kind == "sme", Organisation.id.in_(measured | enrolled_ids))).all()
    profiles = {o.id: programs.SupplierProfile(o.id, o.country, o.employees or 0) for o in orgs}
    enrolled = [profiles[i] for i in sorted(enrolled_ids) if i in profiles]
    candidates = [p for i, p in profiles.items() if i not in enrolled_ids]
    rows = comparison_rows(enrolled, candidates, observations(session, profiles))
    pseudonyms: dict[int, str] = {}
    renamed = []
    for row in rows:
        if row.group == "comparison":
            alias = pseudonyms.setdefault(row.supplier_id, f"C{len(pseudonyms) + 1}")
            row = programs.ComparisonRow(alias, row.group, row.matched_to, row.metric,
                                         row.baseline, row.latest)
        renamed.append(row)
    return renamed
