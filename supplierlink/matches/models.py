"""Stored results of the matching engine (one row per requirement × supplier kept) and the
ranking models learned from the platform's own outcomes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow


class MatchResult(Base):
    __tablename__ = "match_result"
    __table_args__ = (
        UniqueConstraint("requirement_id", "supplier_id"),
        # a page of a requirement's candidates or near misses, in rank order
        Index("ix_match_result_ranking", "requirement_id", "qualified", "rank"),
        # a cluster's qualified and near-miss members per requirement, from the index alone
        Index("ix_match_result_counts", "requirement_id", "qualified", "supplier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("requirement.id", ondelete="CASCADE"), index=True
    )
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    qualified: Mapped[bool] = mapped_column()
    rank: Mapped[int] = mapped_column(Integer)
    contributions: Mapped[dict] = mapped_column(JSON)
    gaps: Mapped[list] = mapped_column(JSON)
    #: linked codes behind the category score (``matching.LinkedCode`` as dicts); None on
    #: results stored before engine 1.3.0
    linked: Mapped[list | None] = mapped_column(JSON, nullable=True)
    #: the facts a candidate's reasons name (``matching.evidence``); None on results stored
    #: before they were kept
    evidence: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    engine_version: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RankingModel(Base):
    """Feature weights learned from awards, shortlists and buyer feedback on the platform.

    The newest model of the running engine version replaces the default weights; a model of
    another version is kept for the record but not used (its features may differ).
    """

    __tablename__ = "ranking_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    engine_version: Mapped[str] = mapped_column(String(40), index=True)
    weights: Mapped[dict] = mapped_column(JSON)
    requirements: Mapped[int] = mapped_column(Integer)  # labelled requirements it learned from
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)


class EngineChange(Base):
    """A change every process's matching engine must take in: one supplier (``supplier``) or
    everything (``refit``: the catalogue or the ranking model changed). Written in the
    transaction of the change; read by each process once per transaction."""

    __tablename__ = "engine_change"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are never reused after a rollback

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: no foreign key: the log outlives a merged or deleted organisation
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
