"""Following an enrolment: stage moves along the ladder, milestones achieved with evidence,
plan items completed (a certificate gap closes with a recorded certificate, and the supplier is
re-ranked), and evidence uploaded by the supplier. Every change goes into the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from programs import StageMoveError, VersionConflict, check_version
from programs.plans import STANDARD_GAP_KINDS
from supplierlink import consent, ranges, signals
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Standard
from supplierlink.errors import ConflictError, ServiceError
from supplierlink.programmes.history import history, log_event, sync_programme_stage
from supplierlink.programmes.models import Enrolment, Milestone, PlanItem
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.services import (
    CertificationData,
    add_certification,
    request_verification,
)
from supplierlink.transactions import flush_or_conflict, lock
from supplierlink.uploads import StoredFile, read_pdf, store_pdf

CONFLICT_MESSAGE = _l("Someone else changed this while you were editing it. The page now shows "
                      "their changes: check them and try again.")
STAGE_MOVE_MESSAGES = {
    "same_stage": _l("The supplier is already at that stage."),
    "skip_needs_reason": _l("This move skips stages: say why, so the decision is on record."),
    "backwards_needs_reason": _l("Moving a supplier back needs a reason."),
    "unknown_stage": _l("Choose a stage of the programme's ladder."),
}


def _check_version(expected: int | None, actual: int) -> None:
    try:
        check_version(int(expected) if expected is not None else -1, actual)
    except (VersionConflict, ValueError) as exc:
        raise ConflictError({"": CONFLICT_MESSAGE}) from exc


def _flush(session: Session) -> None:
    """Flush; a concurrent change that got in first turns into a conflict for this user."""
    flush_or_conflict(session, CONFLICT_MESSAGE)


def _locked_version(session: Session, record, expected: int | None) -> None:
    """Lock ``record`` and check it is still the version the user saw."""
    lock(session, record)
    _check_version(expected, record.version)


def _may_track(enrolment: Enrolment, user: User | None) -> None:
    """The operator's members track an enrolment, and only once the SME accepted it."""
    consent.require_operator_user(user, enrolment.programme)
    consent.require_active(enrolment)


def _upload(session: Session, upload, field: str) -> StoredFile | None:
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return store_pdf(session, read_pdf(upload, field), upload.filename)


def move_stage(session: Session, enrolment: Enrolment, user: User | None, target_key: str,
               expected_version: int | None, reason: str | None = None,
               today: date | None = None) -> Enrolment:
    """Move along the ladder; skipping or going back needs a reason, which is recorded."""
    today = today or date.today()
    _may_track(enrolment, user)
    _locked_version(session, enrolment, expected_version)
    try:
        move = enrolment.programme.ladder.check_move(enrolment.stage_key, target_key, reason)
    except StageMoveError as exc:
        field = "reason" if exc.code.endswith("needs_reason") else "stage_key"
        raise ServiceError({field: STAGE_MOVE_MESSAGES.get(exc.code, str(exc))}) from exc
    enrolment.stage_key = move.to_key
    enrolment.stage_entered_on = today
    _flush(session)
    log_event(session, enrolment, "stage_moved", user, reason=move.reason, **{
        "from": move.from_key, "to": move.to_key, "skipped": list(move.skipped),
        "backwards": move.backwards, "on": today})
    if sync_programme_stage(session, enrolment.supplier):
        signals.supplier_changed.send(session, organisation_id=enrolment.supplier_id,
                                      today=today)
    return enrolment


def achieve_milestone(session: Session, milestone: Milestone, enrolment: Enrolment,
                      user: User | None, expected_version: int | None, achieved_on: date | None,
                      note: str | None = None, upload=None, today: date | None = None) -> Milestone:
    """Mark a milestone achieved with its evidence (a note, a PDF, or both)."""
    today = today or date.today()
    _may_track(enrolment, user)
    if milestone.enrolment_id != enrolment.id:
        raise consent.ConsentRefused({"": _l("This milestone belongs to another enrolment.")})
    _locked_version(session, milestone, expected_version)
    errors = {}
    if milestone.achieved_on is not None:
        errors[""] = _l("This milestone is already achieved.")
    if achieved_on is None:
        errors["achieved_on"] = _l("Give the date it was achieved.")
    elif achieved_on > today:
        errors["achieved_on"] = _l("The date cannot be in the future.")
    elif ranges.date_problem(achieved_on):
        errors["achieved_on"] = ranges.date_problem(achieved_on)
    note = (note or "").strip()
    has_file = upload is not None and getattr(upload, "filename", "")
    if not note and not has_file:
        errors["note"] = _l("Add the evidence: a note saying what was done, a PDF, or both.")
    if errors:
        raise ServiceError(errors)
    stored = _upload(session, upload, "evidence")
    milestone.achieved_on = achieved_on
    milestone.evidence_note = note or None
    if stored:
        milestone.evidence_file, milestone.evidence_name = stored.name, stored.original_name
    milestone.logged_by_id = user.id if user else None
    _flush(session)
    log_event(session, enrolment, "milestone_achieved", user, milestone_id=milestone.id,
              title=milestone.title, achieved_on=achieved_on, note=note or None,
              file=stored.name if stored else None)
    return milestone


@dataclass
class CertificateEvidence:
    body: str | None
    number: str | None
    issued_on: date | None
    expires_on: date | None


def needs_certificate(item: PlanItem) -> bool:
    return item.closes_gap_kind in STANDARD_GAP_KINDS


def complete_plan_item(session: Session, item: PlanItem, enrolment: Enrolment, user: User,
                       expected_version: int | None, *, note: str | None = None, upload=None,
                       certificate: CertificateEvidence | None = None,
                       today: date | None = None) -> PlanItem:
    """Close a plan item with its evidence and re-rank the supplier.

    A certificate gap closes with the certificate itself: it is recorded on the supplier's
    profile as self-declared and its verification is requested from the platform's
    administrators (only they, and the verifiers they appoint, verify it).
    """
    today = today or date.today()
    _may_track(enrolment, user)
    if item.enrolment_id != enrolment.id:
        raise consent.ConsentRefused({"": _l("This plan item belongs to another enrolment.")})
    _locked_version(session, item, expected_version)
    if item.done_on is not None:
        raise ServiceError({"": _l("This plan item is already done.")})
    note = (note or "").strip()
    standard = None
    if needs_certificate(item):
        standard = _certificate_errors(session, item, certificate, today)
    elif not note and not (upload is not None and getattr(upload, "filename", "")):
        raise ServiceError({"note": _l("Add the evidence: a note saying what was done, "
                                       "a PDF, or both.")})
    stored = _upload(session, upload, "evidence")
    if standard is not None:
        cert = _record_certificate(session, enrolment, user, standard, certificate, stored)
        item.certification_id = cert.id
    item.done_on = today
    item.done_by_id = user.id if user else None
    item.evidence_note = note or None
    if stored:
        item.evidence_file, item.evidence_name = stored.name, stored.original_name
    _flush(session)
    log_event(session, enrolment, "plan_item_done", user, **_item_ref(item), note=note or None,
              file=stored.name if stored else None)
    signals.supplier_changed.send(session, organisation_id=enrolment.supplier_id, today=today)
    return item


def _certificate_errors(session, item, certificate, today) -> Standard:
    key = (item.params or {}).get("standard")
    standard = session.scalar(select(Standard).where(Standard.key == key)) if key else None
    errors = {}
    if standard is None:
        errors[""] = _l("The standard of this plan item is not in the catalogue any more.")
    if certificate is None or not (certificate.number or "").strip():
        errors["number"] = _l("Give the certificate number.")
    if certificate is None or not (certificate.body or "").strip():
        errors["body"] = _l("Give the certification body that issued it.")
    if certificate is None or certificate.issued_on is None:
        errors["issued_on"] = _l("Give the issue date.")
    elif certificate.issued_on > today:
        errors["issued_on"] = _l("The issue date cannot be in the future.")
    elif ranges.date_problem(certificate.issued_on):
        errors["issued_on"] = ranges.date_problem(certificate.issued_on)
    if certificate is not None and certificate.expires_on is not None:
        if ranges.date_problem(certificate.expires_on):
            errors["expires_on"] = ranges.date_problem(certificate.expires_on)
        elif certificate.expires_on < today:
            errors["expires_on"] = _l("This certificate has already expired; it cannot close "
                                      "the gap.")
        elif certificate.issued_on and certificate.expires_on < certificate.issued_on:
            errors["expires_on"] = _l("The expiry date is before the issue date.")
    if errors:
        raise ServiceError(errors)
    return standard


def _record_certificate(session, enrolment, user, standard, certificate, stored) -> Certification:
    cert = add_certification(session, enrolment.supplier, CertificationData(
        standard=standard, body=certificate.body.strip(), number=certificate.number.strip(),
        issued_on=certificate.issued_on, expires_on=certificate.expires_on,
        evidence_file=stored.name if stored else None,
        evidence_name=stored.original_name if stored else None), user)
    request_verification(session, cert, user)
    log_event(session, enrolment, "certificate_recorded", user, certification_id=cert.id,
              standard=standard.name, number=cert.number, status=cert.status)
    return cert


def _item_ref(item: PlanItem) -> dict:
    """What the timeline needs to name a plan item in any language later."""
    return {"plan_item_id": item.id, "action_key": item.action_key,
            "params": {k: v for k, v in (item.params or {}).items()
                       if k in ("standard", "standard_name", "regions", "required")}}


def add_plan_item_evidence(session: Session, item: PlanItem, enrolment: Enrolment,
                           user: User | None, upload) -> PlanItem:
    """The supplier uploads a PDF for one of its own plan items; the manager then closes it."""
    consent.require_supplier(enrolment, enrolment.supplier, user)
    if item.enrolment_id != enrolment.id:
        raise consent.ConsentRefused({"": _l("This plan item belongs to another enrolment.")})
    if upload is None or not getattr(upload, "filename", ""):
        raise ServiceError({"evidence": _l("Choose a PDF file to upload.")})
    lock(session, item)
    stored = _upload(session, upload, "evidence")
    item.evidence_file, item.evidence_name = stored.name, stored.original_name
    _flush(session)
    log_event(session, enrolment, "evidence_added", user, **_item_ref(item), file=stored.name,
              file_name=stored.original_name)
    return item


def evidence_name(session: Session, enrolment: Enrolment, stored_name: str) -> str | None:
    """The original name of a file of this enrolment, or None when it is not one of its files
    (a name from another enrolment must not be served here)."""
    for record in [*enrolment.milestones, *enrolment.plan_items]:
        if record.evidence_file == stored_name:
            return record.evidence_name
    for item in enrolment.plan_items:
        if item.certification_id:
            cert = session.get(Certification, item.certification_id)
            if cert is not None and cert.evidence_file == stored_name:
                return cert.evidence_name
    for entry in history(session, enrolment):
        if (entry.details or {}).get("file") == stored_name:
            return (entry.details or {}).get("file_name") or "evidence.pdf"
    return None
