"""What an SME declares once: capabilities, capacity, regions served, exports, certifications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplierlink.auth.models import User
from supplierlink.catalogue.models import Category, Standard
from supplierlink.db import Base, utcnow

CERTIFICATION_STATUSES = ("self_declared", "verified", "expired", "revoked", "rejected",
                          "superseded", "withdrawn")


class SupplierProfile(Base):
    __tablename__ = "supplier_profile"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR (capacity >= 0 AND capacity <= 1e12)",
                        name="capacity"),
    )

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    capabilities_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    capacity: Mapped[float | None] = mapped_column(Float)
    #: a key of ``matching.units.UNITS``
    capacity_unit: Mapped[str | None] = mapped_column(String(20))
    programme_stage: Mapped[int | None] = mapped_column(Integer)
    #: raised by each save of the profile form: a save made on an older version is refused
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Capability(Base):
    __tablename__ = "capability"
    __table_args__ = (UniqueConstraint("organisation_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    category: Mapped[Category] = relationship(lazy="joined")


class ServiceRegion(Base):
    __tablename__ = "service_region"
    __table_args__ = (UniqueConstraint("organisation_id", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    region_code: Mapped[str] = mapped_column(String(6))


class ExportRecord(Base):
    __tablename__ = "export_record"
    __table_args__ = (
        CheckConstraint("year >= 1950 AND year <= 2100", name="year"),
        CheckConstraint("value_usd IS NULL OR (value_usd >= 0 AND value_usd <= 1e13)",
                        name="value_usd"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    market: Mapped[str] = mapped_column(String(2))
    product_code: Mapped[str | None] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    value_usd: Mapped[float | None] = mapped_column(Float)


class Certification(Base):
    __tablename__ = "certification"
    __table_args__ = (
        CheckConstraint(
            "status IN ('self_declared', 'verified', 'expired', 'revoked', 'rejected', "
            "'superseded', 'withdrawn')",
            name="status",
        ),
        CheckConstraint("expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on",
                        name="dates"),
        CheckConstraint("issued_on IS NULL OR issued_on >= '1950-01-01'", name="issued_on"),
        # the verification queue: certificates of one status, oldest first; with their expiry,
        # so the queue's total is counted from the index alone (PostgreSQL)
        Index("ix_certification_queue", "status", "created_at", "id",
              postgresql_include=["expires_on"]),
        # a standard's certificates of a status (the cluster overview's shares of holders)
        Index("ix_certification_standard", "standard_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id"))
    body: Mapped[str | None] = mapped_column(String(200))
    number: Mapped[str | None] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(Text, default="", server_default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    evidence_file: Mapped[str | None] = mapped_column(String(64))
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="self_declared")
    status_reason: Mapped[str | None] = mapped_column(Text)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verified_at: Mapped[datetime | None] = mapped_column()
    #: a programme manager asked the administrators to verify it (it waits in their queue)
    verification_requested_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the renewal that replaced this certificate (kept as history)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certification.id", ondelete="SET NULL"))
    #: the expiry date had already passed when the certificate was entered
    expired_on_entry: Mapped[bool] = mapped_column(default=False, server_default=false())

    standard: Mapped[Standard] = relationship(lazy="joined")
    verified_by: Mapped[User | None] = relationship()

    def effective_status(self, today: date) -> str:
        """A certificate lapses on its expiry date without anyone touching it."""
        return effective_status(self.status, self.expires_on, today)


def effective_status(status: str, expires_on: date | None, today: date) -> str:
    """A stored status as of ``today``: a current one lapses on its expiry date."""
    if status in ("self_declared", "verified") and expires_on and expires_on < today:
        return "expired"
    return status


class CertificationStatusChange(Base):
    """Append-only record of who changed a certificate's status, when and why."""

    __tablename__ = "certification_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(
        ForeignKey("certification.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProfileShare(Base):
    """An SME chose to show its profile and evidence to one lead firm (until it stops)."""

    __tablename__ = "profile_share"
    __table_args__ = (UniqueConstraint("supplier_id", "buyer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    buyer_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    shared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)
