"""Requirements posted by lead firms, and SMEs' applications to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplierlink.catalogue.models import Category, Standard
from supplierlink.db import Base, utcnow
from supplierlink.geo import PLACE_MAX

REQUIREMENT_STATUSES = ("draft", "open", "closed", "awarded")
#: How far from the requested codes a supplier's offer may be (``matching.CATEGORY_DEPTHS``
#: but ``any``, which only the award-prediction benchmark uses).
CATEGORY_DEPTHS = ("code", "family", "related")
APPLICATION_STATUSES = ("submitted", "shortlisted", "invited", "rejected", "awarded", "withdrawn")


class Requirement(Base):
    __tablename__ = "requirement"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed', 'awarded')", name="status"),
        CheckConstraint("min_capacity IS NULL OR (min_capacity >= 0 AND min_capacity <= 1e12)",
                        name="min_capacity"),
        CheckConstraint("need_date IS NULL OR (need_date >= '1950-01-01' AND "
                        "need_date <= '2100-12-31')", name="need_date"),
        # the buyer's list of requirements, a page of each status at a time
        Index("ix_requirement_list", "organisation_id", "status", "need_date", "id"),
        CheckConstraint("category_depth IN ('code', 'family', 'related')",
                        name="category_depth"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    min_capacity: Mapped[float | None] = mapped_column(Float)
    #: a key of ``matching.units.UNITS``
    capacity_unit: Mapped[str | None] = mapped_column(String(20))
    category_depth: Mapped[str] = mapped_column(String(10), default="code",
                                                server_default="code")
    need_date: Mapped[date | None] = mapped_column(Date)
    delivery_site: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    weights: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()
    ranked_at: Mapped[datetime | None] = mapped_column()
    #: when a re-ranking was last asked for; newer than ranked_at while a job is on its way
    rank_requested_at: Mapped[datetime | None] = mapped_column()

    categories: Mapped[list[RequirementCategory]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    standards: Mapped[list[RequirementStandard]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    regions: Mapped[list[RequirementRegion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    # Optimistic concurrency: a stale edit fails instead of overwriting someone else's.
    __mapper_args__ = {"version_id_col": version}


class RequirementCategory(Base):
    __tablename__ = "requirement_category"
    __table_args__ = (UniqueConstraint("requirement_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))

    category: Mapped[Category] = relationship(lazy="joined")


class RequirementStandard(Base):
    __tablename__ = "requirement_standard"
    __table_args__ = (
        UniqueConstraint("requirement_id", "standard_id"),
        CheckConstraint("necessity IN ('must', 'preferred')", name="necessity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    necessity: Mapped[str] = mapped_column(String(10), default="must")

    standard: Mapped[Standard] = relationship(lazy="joined")


class RequirementRegion(Base):
    __tablename__ = "requirement_region"
    __table_args__ = (UniqueConstraint("requirement_id", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    region_code: Mapped[str] = mapped_column(String(6))


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (
        UniqueConstraint("requirement_id", "supplier_id"),
        CheckConstraint(
            "status IN ('submitted', 'shortlisted', 'invited', 'rejected', 'awarded', 'withdrawn')",
            name="status",
        ),
        # the SME's list of applications, newest first
        Index("ix_application_list", "supplier_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    status_reason: Mapped[str | None] = mapped_column(Text)
    #: when the SME itself applied (None for a row the buyer's invitation or shortlist made):
    #: only an SME's own application opens its evidence to the buyer
    applied_at: Mapped[datetime | None] = mapped_column()
    #: why a supplier the page showed as not eligible was awarded anyway
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BuyerFeedback(Base):
    """A buyer's thumbs up or down on a candidate: training data for learning to rank."""

    __tablename__ = "buyer_feedback"
    __table_args__ = (
        UniqueConstraint("requirement_id", "supplier_id", "user_id"),
        CheckConstraint("value IN (-1, 1)", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
