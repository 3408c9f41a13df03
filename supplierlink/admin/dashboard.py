"""The administrator's home panel: the first page of the verification queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink.admin.pages import queue_html
from supplierlink.admin.queue import QueueFilters
from supplierlink.admin.services import verification_queue


def panel_context(session: Session, org, user) -> dict:
    filters = QueueFilters()
    queue = verification_queue(session, 1, filters=filters)
    return {"queue": queue, "queue_html": queue_html(queue, filters)}
