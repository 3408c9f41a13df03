"""Supplier-development programmes: sponsors, cohorts, enrolments, milestones, plan items,
KPI observations and the append-only history of every change to an enrolment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from programs import DEFAULT_LADDER, Ladder
from supplierlink.db import Base, utcnow
from supplierlink.organisations.models import Organisation

TARGET_KINDS = ("stage", "standard")


class Programme(Base):
    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint("target_count > 0", name="target_count"),
        CheckConstraint("target_count <= 100000", name="target_count_max"),
        CheckConstraint("start_date >= '1950-01-01' AND end_date <= '2100-12-31'",
                        name="date_window"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("target_kind IN ('stage', 'standard')", name="target_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    target_count: Mapped[int] = mapped_column(Integer)
    target_kind: Mapped[str] = mapped_column(String(10), default="stage")
    target_stage_key: Mapped[str] = mapped_column(String(40))
    target_standard_id: Mapped[int | None] = mapped_column(ForeignKey("standard.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    # (key, name) pairs of the operator's own ladder; None means the default ladder.
    stages: Mapped[list | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    operator: Mapped[Organisation] = relationship(lazy="joined")
    sponsors: Mapped[list[ProgrammeSponsor]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    cohorts: Mapped[list[Cohort]] = relationship(
        cascade="all, delete-orphan", order_by="Cohort.start_date", lazy="selectin"
    )

    @property
    def ladder(self) -> Ladder:
        return Ladder.from_pairs([tuple(pair) for pair in self.stages]) if self.stages \
            else DEFAULT_LADDER

    @property
    def sponsor_ids(self) -> set[int]:
        """Lead firms that accepted to sponsor (invitations count for nothing until then)."""
        return {s.organisation_id for s in self.sponsors if s.status == "accepted"}


SPONSOR_STATUSES = ("invited", "accepted", "declined")
ENROLMENT_STATUSES = ("offered", "requested", "active", "declined", "left")


class ProgrammeSponsor(Base):
    """A lead firm invited to sponsor a programme; it counts only once the firm accepts."""

    __tablename__ = "programme_sponsor"
    __table_args__ = (
        UniqueConstraint("programme_id", "organisation_id"),
        CheckConstraint("status IN ('invited', 'accepted', 'declined')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="invited", server_default="invited")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    programme: Mapped[Programme] = relationship(lazy="joined", viewonly=True)


class Cohort(Base):
    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[date] = mapped_column(Date)


class Enrolment(Base):
    """An SME in a programme. It starts as an offer (or the SME's request) and is ``active``
    only once the other party accepts; the SME may leave at any time."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("programme_id", "supplier_id"),
        CheckConstraint("status IN ('offered', 'requested', 'active', 'declined', 'left')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id"), index=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("requirement.id", ondelete="SET NULL")
    )
    stage_key: Mapped[str] = mapped_column(String(40))
    stage_entered_on: Mapped[date] = mapped_column(Date)
    enrolled_on: Mapped[date] = mapped_column(Date)
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(10), default="offered", server_default="offered")
    answered_at: Mapped[datetime | None] = mapped_column()
    left_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    programme: Mapped[Programme] = relationship(lazy="joined")
    cohort: Mapped[Cohort | None] = relationship(lazy="joined")
    supplier: Mapped[Organisation] = relationship(lazy="joined")
    milestones: Mapped[list[Milestone]] = relationship(
        order_by="[Milestone.due_on, Milestone.id]", lazy="selectin"
    )
    plan_items: Mapped[list[PlanItem]] = relationship(
        order_by="[PlanItem.due_on, PlanItem.id]", lazy="selectin"
    )

    # Two managers moving the same supplier at once: the second one is told, not overwritten.
    __mapper_args__ = {"version_id_col": version}


class Milestone(Base):
    __tablename__ = "milestone"
    __table_args__ = (
        CheckConstraint("achieved_on IS NULL OR achieved_on >= '1950-01-01'", name="achieved_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), index=True
    )
    stage_key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_file: Mapped[str | None] = mapped_column(String(64))
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class PlanItem(Base):
    """One development-plan item, drafted from one matching gap."""

    __tablename__ = "plan_item"
    __table_args__ = (
        CheckConstraint("done_on IS NULL OR done_on >= '1950-01-01'", name="done_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolment.id", ondelete="CASCADE"), index=True
    )
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("requirement.id", ondelete="SET NULL")
    )
    action_key: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    evidence_needed: Mapped[str] = mapped_column(String(60))
    closes_gap_kind: Mapped[str] = mapped_column(String(40))
    remedy: Mapped[str | None] = mapped_column(String(60))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    evidence_note: Mapped[str | None] = mapped_column(Text)
    evidence_file: Mapped[str | None] = mapped_column(String(64))
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    certification_id: Mapped[int | None] = mapped_column(
        ForeignKey("certification.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class EnrolmentEvent(Base):
    """Append-only history of an enrolment: rows are only ever inserted (see the listeners
    below and the database triggers of the migration)."""

    __tablename__ = "enrolment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)


class HistoryIsAppendOnly(RuntimeError):
    """Someone tried to change or delete a history entry."""


@event.listens_for(EnrolmentEvent, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise HistoryIsAppendOnly(f"History entry {target.id} cannot be changed.")


@event.listens_for(EnrolmentEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target):
    raise HistoryIsAppendOnly(f"History entry {target.id} cannot be deleted.")


class KpiObservation(Base):
    """One measured KPI of one supplier on one day (baseline or follow-up).

    Rows are never changed: a figure entered by mistake is corrected by a new row with the next
    ``revision`` that ``supersedes`` it, and both stay in the history.
    """

    __tablename__ = "kpi_observation"
    __table_args__ = (
        UniqueConstraint("supplier_id", "metric", "observed_on", "is_baseline", "revision",
                         name="uq_kpi_observation_occasion_revision"),
        CheckConstraint("value >= 0 AND value <= 1e13", name="value"),
        CheckConstraint("revision >= 1", name="revision"),
        CheckConstraint("observed_on >= '1950-01-01'", name="observed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    observed_on: Mapped[date] = mapped_column(Date)
    is_baseline: Mapped[bool] = mapped_column(default=False, server_default=false())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("kpi_observation.id"), unique=True)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
