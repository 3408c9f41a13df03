"""Indexes for the cluster overview's figures. The ranked pairs' index holds everything the
overview counts of them (per open requirement, its qualified and near-miss suppliers, kept to
the cluster's members), so the count reads the index alone, never the rows with their scores,
gaps and contributions. The certificates' index by standard and status finds a standard's
verified and self-declared certificates without going through every certificate of those
statuses once per standard.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 16:00:00
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_match_result_counts", "match_result",
                    ["requirement_id", "qualified", "supplier_id"])
    op.create_index("ix_certification_standard", "certification", ["standard_id", "status"])


def downgrade():
    op.drop_index("ix_certification_standard", table_name="certification")
    op.drop_index("ix_match_result_counts", table_name="match_result")
