"""Organisations: lead firms, SME suppliers and programme operators."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column

from programs.comparison import size_class_for
from supplierlink.db import Base, utcnow
from supplierlink.geo import PLACE_MAX

ORG_KINDS = ("lead_firm", "sme", "programme_operator")
SIZE_CLASSES = ("micro", "small", "medium", "large")


def size_class(employees: int | None) -> str | None:
    """micro ≤10, small 11–50, medium 51–250, large >250 employees (None when unknown)."""
    return None if employees is None else size_class_for(employees)


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (
        UniqueConstraint("tax_country", "tax_id"),
        CheckConstraint("kind IN ('lead_firm', 'sme', 'programme_operator')", name="kind"),
        CheckConstraint("employees IS NULL OR (employees >= 0 AND employees <= 10000000)",
                        name="employees"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    legal_name: Mapped[str] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    tax_country: Mapped[str] = mapped_column(String(2))
    tax_id: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(6))
    town: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    employees: Mapped[int | None] = mapped_column(Integer)
    sales_band: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    website: Mapped[str | None] = mapped_column(String(200))
    #: appears in the public supplier directory (an SME), by its name and country; each
    #: ``public_*`` says whether that part of its profile is shown there too
    #: (``supplierlink.directory.publication``)
    published: Mapped[bool] = mapped_column(default=False, server_default=false())
    public_description: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_categories: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_location: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_regions: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_size: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_capacity: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_certificates: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_exports: Mapped[bool] = mapped_column(default=False, server_default=false())
    public_contact: Mapped[bool] = mapped_column(default=True, server_default=true())
    public_stage: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def size_class(self) -> str | None:
        return size_class(self.employees)

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name
