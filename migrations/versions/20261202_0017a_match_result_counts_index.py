"""An index that holds everything the cluster overview counts of the ranked pairs: per open
requirement, its qualified and near-miss suppliers, kept to the cluster's members. With the
supplier in the index the count reads the index alone, never the rows (scores, gaps and
contributions), on SQLite and, as an index-only scan, on PostgreSQL.

Revision ID: 0017a
Revises: 0016
Create Date: 2026-12-02 16:00:00
"""

from alembic import op

revision = "0017a"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_match_result_counts", "match_result",
                    ["requirement_id", "qualified", "supplier_id"])


def downgrade():
    op.drop_index("ix_match_result_counts", table_name="match_result")
