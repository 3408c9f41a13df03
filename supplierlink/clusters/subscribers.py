"""What the cluster view does when something happens: keep a dated record of each award, and
refresh this month's figures of every cluster after the commit (``history``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import jobs, signals
from supplierlink.clusters.history import refresh_cluster_snapshots
from supplierlink.clusters.models import AwardRecord
from supplierlink.requirements.models import Requirement


@signals.award_made.connect
def _on_award(session: Session, requirement_id: int | None = None,
              application_id: int | None = None, supplier_id: int | None = None,
              today: date | None = None, value_usd: float | None = None, **_) -> None:
    if application_id is None or supplier_id is None or session.scalar(select(AwardRecord.id).where(
            AwardRecord.application_id == application_id)) is not None:
        return
    buyer_id = session.scalar(select(Requirement.organisation_id).where(
        Requirement.id == requirement_id))
    session.add(AwardRecord(application_id=application_id, requirement_id=requirement_id,
                            buyer_id=buyer_id, supplier_id=supplier_id,
                            awarded_on=today or date.today(), value_usd=value_usd))
    session.flush()


@signals.supplier_changed.connect
@signals.certificate_status_changed.connect
@signals.requirement_status_changed.connect
@signals.enrolment_changed.connect
@signals.award_made.connect
@signals.mentoring_pair_changed.connect
@signals.cluster_changed.connect
def _on_cluster_figures_changed(session: Session, **_) -> None:
    # queued once per transaction however many changes it holds (same job, same arguments)
    jobs.enqueue(session, refresh_cluster_snapshots)
