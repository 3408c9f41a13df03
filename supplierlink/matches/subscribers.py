"""What matching does when something happens: log the change for every process's engine and
re-rank the affected requirements in a job after the commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm import Session

from supplierlink import jobs, signals
from supplierlink.db import utcnow
from supplierlink.matches.services import (
    open_requirements,
    rank_requirement,
    record_change,
)
from supplierlink.requirements.models import Requirement


@jobs.job
def rerank_open_requirements(session: Session, today: date | None = None) -> int:
    """Rank every open requirement again (after a supplier or catalogue change)."""
    requirements = open_requirements(session)
    for req in requirements:
        rank_requirement(session, req, today=today)
    return len(requirements)


@jobs.job
def rerank_requirement(session: Session, requirement_id: int, today: date | None = None) -> None:
    req = session.get(Requirement, requirement_id)
    if req is not None:  # deleted since: nothing to rank
        rank_requirement(session, req, today=today)


def _ask_rerank(session: Session, requirement_id: int) -> None:
    # not an edit: the version a buyer's open form carries stays as it is
    session.execute(update(Requirement).where(Requirement.id == requirement_id)
                    .values(rank_requested_at=utcnow())
                    .execution_options(synchronize_session=False))


@signals.supplier_changed.connect
def _on_supplier_changed(session: Session, organisation_id: int, today: date | None = None,
                         **_) -> None:
    record_change(session, "supplier", organisation_id)
    jobs.enqueue(session, rerank_open_requirements, today=today)


@signals.catalogue_changed.connect
@signals.ranking_model_changed.connect
@signals.records_imported.connect
def _on_everything_changed(session: Session, today: date | None = None, **_) -> None:
    record_change(session, "refit")
    jobs.enqueue(session, rerank_open_requirements, today=today)


@signals.requirement_changed.connect
@signals.requirement_status_changed.connect
def _on_requirement_changed(session: Session, requirement_id: int, today: date | None = None,
                            **_) -> None:
    _ask_rerank(session, requirement_id)
    jobs.enqueue(session, rerank_requirement, requirement_id, today=today)
