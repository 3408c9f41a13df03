"""The administrator's home panel: the first page of the verification queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink.admin.forms import DECISION_CHOICES
from supplierlink.admin.queue import QueueFilters
from supplierlink.admin.services import verification_queue
from supplierlink.labels import CERTIFICATION_STATUS_LABELS


def panel_context(session: Session, org, user) -> dict:
    filters = QueueFilters()
    return {"queue": verification_queue(session, 1, filters=filters), "filters": filters,
            "status_labels": CERTIFICATION_STATUS_LABELS, "decisions": DECISION_CHOICES}
