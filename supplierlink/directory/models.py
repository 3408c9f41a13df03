"""The supplier directory's search document: one row per SME, the text its search reads.

The full-text index itself depends on the database and is kept out of the ORM metadata: on
PostgreSQL a ``document`` tsvector column with a GIN index (text search configurations
``sl_es``, ``sl_pt`` and ``sl_en``: the language's stemmer after ``unaccent``) and a
``public_document`` of the published part alike, on SQLite the FTS5 tables ``supplier_fts``
and ``supplier_public_fts`` (of the published part). Both come from the migration; ``supplierlink.directory.search``
writes and reads them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow

#: Database objects of the full-text index that the ORM does not describe.
INDEX_OBJECTS = ("supplier_fts", "supplier_public_fts", "document", "ix_supplier_search_document", "public_document",
                 "ix_supplier_search_public_document")


class SupplierSearch(Base):
    __tablename__ = "supplier_search"

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text)
    #: the part of ``body`` the SME publishes: what anonymous visitors' searches read
    public_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: indexed: the latest rewrite is part of the stamp every search reads (directory.search)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
