"""One row per recorded event. Rows are only ever added: no service changes them, and the
database refuses UPDATE and DELETE on the table (triggers of migration 0008)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(40), index=True)
    # plain values, not foreign keys: the trail outlives the accounts and organisations it names
    user_id: Mapped[int | None] = mapped_column(index=True)
    user_email: Mapped[str | None] = mapped_column(String(254))
    organisation_id: Mapped[int | None] = mapped_column(index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
