"""A tracked job's row: what it is doing, how far it got and what it found, for a page to poll."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed")


class JobRun(Base):
    __tablename__ = "job_run"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200), default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default="queued", server_default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    total: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == "done" else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
