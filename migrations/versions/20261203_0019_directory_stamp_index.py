"""An index on the search documents' latest rewrite. Every directory search reads the
documents' stamp (their count and latest rewrite) to know whether a recent answer still
holds; with the index both come from an index, never from the documents' wide rows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 16:00:00
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_supplier_search_updated_at", "supplier_search", ["updated_at"])


def downgrade():
    op.drop_index("ix_supplier_search_updated_at", table_name="supplier_search")
