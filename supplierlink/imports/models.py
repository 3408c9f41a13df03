"""What imports keep: identifiers of organisations in outside registers, the awards of public
procurement that form a supplier's track record, and pairs of organisations that may be one."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow
from supplierlink.geo import PLACE_MAX


class OrgIdentifier(Base):
    """An organisation's id in an outside register (an OCDS publisher, a tax register…)."""

    __tablename__ = "org_identifier"
    __table_args__ = (UniqueConstraint("scheme", "identifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(60))
    identifier: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportedAward(Base):
    """One supplier's share of one awarded contract, in one item code: the track record."""

    __tablename__ = "imported_award"
    __table_args__ = (UniqueConstraint("ocid", "award_id", "supplier_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    ocid: Mapped[str] = mapped_column(String(200))
    award_id: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    awarded_on: Mapped[date | None] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    site: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


DUPLICATE_STATUSES = ("open", "merged", "distinct")


class DuplicateCandidate(Base):
    """Two organisations that may be the same company, waiting for (or carrying) a decision.

    The pair is kept in id order; a decided pair is never proposed again. The pairs a merge
    makes pointless (the removed organisation's other pairs) go into its merge record.
    """

    __tablename__ = "duplicate_candidate"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("status IN ('open', 'merged', 'distinct')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # plain ids, not foreign keys: a merged pair outlives the organisation it removed, as the
    # record from which the merge can be undone
    first_id: Mapped[int] = mapped_column(Integer, index=True)
    second_id: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()
    #: what a merge changed, enough to undo it (the removed row, moved and deleted references)
    merge_record: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def other(self, org_id: int) -> int:
        return self.second_id if org_id == self.first_id else self.first_id
