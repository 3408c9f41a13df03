"""The administrator's home panel: the first page of the verification queue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink.admin.services import verification_queue


def panel_context(session: Session, org, user) -> dict:
    return {"queue": verification_queue(session, 1)}
