"""Awards as the cluster figures need them: their value and day, and awards from a buyer's
procurement history from before the platform."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.clusters.models import AwardRecord


def record_past_award(session: Session, buyer_id: int, supplier_id: int, awarded_on: date,
                      value_usd: float | None = None) -> AwardRecord:
    """An award from the buyer's procurement history before the platform (no application)."""
    record = AwardRecord(buyer_id=buyer_id, supplier_id=supplier_id, awarded_on=awarded_on,
                         value_usd=value_usd)
    session.add(record)
    session.flush()
    return record


def record_award_value(session: Session, application_id: int, value_usd: float | None,
                       awarded_on: date | None = None) -> AwardRecord | None:
    """Set the value (and, when known, the day) of an award."""
    record = session.scalar(select(AwardRecord).where(
        AwardRecord.application_id == application_id))
    if record is not None:
        record.value_usd = value_usd
        if awarded_on is not None:
            record.awarded_on = awarded_on
        session.flush()
    return record
