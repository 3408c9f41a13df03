"""Reference data: category taxonomies (UNSPSC, GSIN, CPC, HS…) and the standards catalogue."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supplierlink.db import Base

RELATION_KINDS = ("implies", "supersedes", "equivalent")


class Category(Base):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("scheme", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme: Mapped[str] = mapped_column(String(16), default="UNSPSC")
    code: Mapped[str] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(32))
    title_en: Mapped[str] = mapped_column(String(300))
    title_es: Mapped[str | None] = mapped_column(String(300))
    title_pt: Mapped[str | None] = mapped_column(String(300))

    def title(self, locale: str) -> str:
        return getattr(self, f"title_{locale}", None) or self.title_en


class Standard(Base):
    __tablename__ = "standard"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(40))
    issuer: Mapped[str | None] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(120))
    typical_months: Mapped[int | None] = mapped_column(Integer)

    # read where needed (the catalogue): pages showing a standard's name do not load them
    aliases: Mapped[list[StandardAlias]] = relationship(
        back_populates="standard", cascade="all, delete-orphan"
    )


class StandardAlias(Base):
    __tablename__ = "standard_alias"
    __table_args__ = (UniqueConstraint("standard_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(ForeignKey("standard.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))

    standard: Mapped[Standard] = relationship(back_populates="aliases")


class StandardRelation(Base):
    __tablename__ = "standard_relation"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind"),
        CheckConstraint("kind IN ('implies', 'supersedes', 'equivalent')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("standard.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("standard.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))

    source: Mapped[Standard] = relationship(foreign_keys=[source_id])
    target: Mapped[Standard] = relationship(foreign_keys=[target_id])
