"""Clusters (a territory and sectors managed by a programme operator), their sponsors (an
invitation the lead firm accepts), the monthly history of their figures, mentoring pairs
between SMEs, and the record of awards with their value and date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplierlink.db import Base, utcnow
from supplierlink.organisations.models import Organisation

SPONSOR_STATUSES = ("invited", "accepted", "declined", "ended")
PAIR_STATUSES = ("proposed", "active", "declined", "ended")


class Cluster(Base):
    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    country: Mapped[str] = mapped_column(String(2))
    #: ISO 3166-2 codes; empty means the whole country
    regions: Mapped[list] = mapped_column(JSON)
    #: taxonomy segment (2 digits) or family (4 digits) codes
    sectors: Mapped[list] = mapped_column(JSON)
    #: standard keys the overview follows; empty means those the members' buyers require
    key_standards: Mapped[list] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    operator: Mapped[Organisation] = relationship(lazy="joined")
    sponsors: Mapped[list[ClusterSponsor]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ClusterSponsor.id"
    )

    @property
    def accepted_sponsor_ids(self) -> set[int]:
        return {s.organisation_id for s in self.sponsors if s.status == "accepted"}


class ClusterSponsor(Base):
    """A lead firm invited to sponsor a cluster: it sees the cluster once it accepts, until the
    sponsorship ends (the row is kept: the network shows the tie for the dates it lasted)."""

    __tablename__ = "cluster_sponsor"
    __table_args__ = (
        UniqueConstraint("cluster_id", "organisation_id"),
        CheckConstraint("status IN ('invited', 'accepted', 'declined', 'ended')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="invited")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column()
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_at: Mapped[datetime | None] = mapped_column()

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    cluster: Mapped[Cluster] = relationship(back_populates="sponsors", lazy="joined")


class ClusterSnapshot(Base):
    """One figure of one cluster in one month (the first day of the month); the latest
    computation of the month replaces the earlier one."""

    __tablename__ = "cluster_snapshot"
    __table_args__ = (UniqueConstraint("cluster_id", "month", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentoringPair(Base):
    """An SME that closed a gap mentoring one that has it; active once both SMEs agreed, until
    the manager or either SME ends it (``ended_on``; the row is kept as history)."""

    __tablename__ = "mentoring_pair"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", "gap_key"),
        CheckConstraint("status IN ('proposed', 'active', 'declined', 'ended')",
                        name="status"),
        CheckConstraint("mentor_id <> mentee_id", name="distinct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    gap_key: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    mentor_agreed_at: Mapped[datetime | None] = mapped_column()
    mentee_agreed_at: Mapped[datetime | None] = mapped_column()
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_at: Mapped[datetime | None] = mapped_column()
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cluster: Mapped[Cluster] = relationship(lazy="joined")
    mentor: Mapped[Organisation] = relationship(foreign_keys=[mentor_id], lazy="joined")
    mentee: Mapped[Organisation] = relationship(foreign_keys=[mentee_id], lazy="joined")


class AwardRecord(Base):
    """An award as the cluster figures need it: who bought from whom, when, for how much
    (the value is optional: awards without one count in the award shares only). Awards made
    on the platform point to their application; awards from a buyer's earlier procurement
    history have none."""

    __tablename__ = "award_record"
    __table_args__ = (UniqueConstraint("application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE")
    )
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    buyer_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    awarded_on: Mapped[date] = mapped_column(Date)
    value_usd: Mapped[float | None] = mapped_column(Float)
