"""Correcting a record entered by mistake without rewriting history.

A KPI figure is corrected by a new observation that supersedes it (both are kept, the newest
revision counts); a milestone logged by mistake is corrected by a history entry that supersedes
the one it corrects (the milestone then shows the corrected date, or is open again).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent, ranges
from supplierlink.auth.models import User
from supplierlink.errors import ServiceError
from supplierlink.programmes.history import history, log_event
from supplierlink.programmes.kpis import PERCENT_METRICS
from supplierlink.programmes.models import Enrolment, KpiObservation, Milestone
from supplierlink.programmes.tracking import _check_version, _flush

MAX_REASON = 2000


def _reason(reason: str | None, errors: dict) -> str:
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_l("Say what was wrong, so the correction is on record.")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [_l("The reason is too long (at most %(n)s characters).",
                               n=MAX_REASON)]
    return reason


def current_observations(session: Session, supplier_id: int) -> list[KpiObservation]:
    """The supplier's figures as they count now (latest revisions), newest first."""
    superseded = select(KpiObservation.supersedes_id).where(
        KpiObservation.supersedes_id.is_not(None))
    return list(session.scalars(select(KpiObservation).where(
        KpiObservation.supplier_id == supplier_id, KpiObservation.id.not_in(superseded))
        .order_by(KpiObservation.observed_on.desc(), KpiObservation.metric)))


def current_observation(session: Session, observation: KpiObservation) -> bool:
    """Whether no later revision supersedes ``observation``."""
    return session.scalar(select(KpiObservation.id).where(
        KpiObservation.supersedes_id == observation.id)) is None


def correct_kpi(session: Session, enrolment: Enrolment, user: User | None,
                observation: KpiObservation, value: float | None,
                reason: str | None) -> KpiObservation:
    """Record the right figure as a new revision that supersedes the wrong one."""
    consent.require_operator_user(user, enrolment.programme)
    consent.require_active(enrolment)
    if observation.supplier_id != enrolment.supplier_id:
        raise consent.ConsentRefused({"": _l("This figure belongs to another supplier.")})
    errors: dict[str, list] = {}
    if not current_observation(session, observation):
        errors[""] = [_l("This figure was already corrected; correct the latest one.")]
    reason = _reason(reason, errors)
    name = "percent" if observation.metric in PERCENT_METRICS else "kpi"
    if value is None:
        errors["value"] = [_l("Give the right figure.")]
    else:
        ranges.check_numbers(errors, value=(value, name))
    if errors:
        raise ServiceError(errors)
    corrected = KpiObservation(
        supplier_id=observation.supplier_id, metric=observation.metric, value=float(value),
        observed_on=observation.observed_on, is_baseline=observation.is_baseline,
        revision=observation.revision + 1, supersedes_id=observation.id,
        correction_reason=reason, recorded_by_id=user.id if user else None)
    session.add(corrected)
    session.flush()
    log_event(session, enrolment, "kpi_corrected", user, reason=reason,
              metric=observation.metric, observed_on=observation.observed_on,
              old=observation.value, new=corrected.value, supersedes=observation.id)
    return corrected


def correct_milestone(session: Session, milestone: Milestone, enrolment: Enrolment,
                      user: User | None, expected_version: int | None,
                      achieved_on: date | None, reason: str | None,
                      today: date | None = None) -> Milestone:
    """Change the date of a milestone logged by mistake, or open it again (``achieved_on``
    None); the entry it corrects stays in the history, marked as superseded."""
    today = today or date.today()
    consent.require_operator_user(user, enrolment.programme)
    consent.require_active(enrolment)
    if milestone.enrolment_id != enrolment.id:
        raise consent.ConsentRefused({"": _l("This milestone belongs to another enrolment.")})
    _check_version(expected_version, milestone.version)
    errors: dict[str, list] = {}
    if milestone.achieved_on is None:
        errors[""] = [_l("This milestone is not logged as achieved; there is nothing to "
                         "correct.")]
    reason = _reason(reason, errors)
    if achieved_on is not None:
        if achieved_on > today:
            errors["achieved_on"] = [_l("The date cannot be in the future.")]
        else:
            ranges.check_dates(errors, achieved_on=achieved_on)
    if errors:
        raise ServiceError(errors)
    superseded = next((e.id for e in history(session, enrolment)
                       if e.kind in ("milestone_achieved", "milestone_corrected")
                       and (e.details or {}).get("milestone_id") == milestone.id), None)
    old = milestone.achieved_on
    milestone.achieved_on = achieved_on
    if achieved_on is None:
        milestone.evidence_note = None
    _flush(session)
    log_event(session, enrolment, "milestone_corrected", user, reason=reason,
              milestone_id=milestone.id, title=milestone.title, old=old, new=achieved_on,
              supersedes=superseded)
    return milestone


def superseded_ids(entries) -> set[int]:
    """History entries a later correction supersedes (the timeline marks them)."""
    return {(e.details or {}).get("supersedes") for e in entries
            if e.kind in ("milestone_corrected",)} - {None}
