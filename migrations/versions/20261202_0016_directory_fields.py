"""Directory publication field by field: ``organisation.public_*`` (what an SME that appears in
the public directory shows of its profile), the published part of each search document
(``supplier_search.public_body``; on PostgreSQL its ``public_document`` tsvector with a GIN
index, on SQLite the FTS5 table ``supplier_public_fts``).

Existing SMEs keep showing what the public directory showed of them before: everything but
their exports and programme stage (the defaults of the new columns). Their published text was
then the whole document, so the public document starts as a copy of it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SHOWN = ("description", "categories", "location", "regions", "size", "capacity",
         "certificates", "contact")
KEPT = ("exports", "stage")


def _pg_document(body: str) -> str:
    return ("setweight(to_tsvector('sl_es', name), 'A') || setweight(to_tsvector('sl_pt', name), "
            f"'A') || setweight(to_tsvector('sl_en', name), 'A') || to_tsvector('sl_es', {body})"
            f" || to_tsvector('sl_pt', {body}) || to_tsvector('sl_en', {body})")


def upgrade():
    with op.batch_alter_table("organisation") as batch:
        for field in SHOWN:
            batch.add_column(sa.Column(f"public_{field}", sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
        for field in KEPT:
            batch.add_column(sa.Column(f"public_{field}", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("supplier_search", sa.Column("public_body", sa.Text(), nullable=False,
                                               server_default=""))
    op.execute("UPDATE supplier_search SET public_body = body")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE supplier_search ADD COLUMN public_document tsvector")
        # Both documents stay in the row (compressed), the texts go out of line first: with
        # two documents a row passes the 2 kB at which PostgreSQL moves values to the TOAST
        # table, and ranking a match would then fetch its document from there
        op.execute("ALTER TABLE supplier_search ALTER COLUMN document SET STORAGE MAIN, "
                   "ALTER COLUMN public_document SET STORAGE MAIN")
        op.execute(f"UPDATE supplier_search SET document = {_pg_document('body')}, "
                   f"public_document = {_pg_document('public_body')}")
        op.execute("CREATE INDEX ix_supplier_search_public_document ON supplier_search "
                   "USING gin (public_document)")
    else:
        # a second FTS5 table: the buyers' searches read the first as before
        op.execute("CREATE VIRTUAL TABLE supplier_public_fts USING fts5(name, body, "
                   "tokenize='unicode61 remove_diacritics 2')")
        op.execute("INSERT INTO supplier_public_fts (rowid, name, body) "
                   "SELECT rowid, name, body FROM supplier_fts")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_supplier_search_public_document", table_name="supplier_search")
        op.execute("ALTER TABLE supplier_search DROP COLUMN public_document")
    else:
        op.execute("DROP TABLE supplier_public_fts")
    with op.batch_alter_table("supplier_search") as batch:
        batch.drop_column("public_body")
    with op.batch_alter_table("organisation") as batch:
        for field in SHOWN + KEPT:
            batch.drop_column(f"public_{field}")
