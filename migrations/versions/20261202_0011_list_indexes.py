"""Indexes for the pages read a page at a time: a requirement's candidates in rank order, the
buyer's requirements by status and need date, the SME's applications, the verification queue

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_match_result_ranking", "match_result", ["requirement_id", "qualified", "rank"]),
    ("ix_requirement_list", "requirement", ["organisation_id", "status", "need_date", "id"]),
    ("ix_application_list", "application", ["supplier_id", "created_at", "id"]),
    ("ix_certification_queue", "certification", ["status", "created_at", "id"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
