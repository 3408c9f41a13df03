"""The verification queue's index also holds each certificate's expiry (PostgreSQL INCLUDE), so
the queue's total (certificates of a status that have not expired) is counted from the index
alone, as its pages are read from it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 19:00:00
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_certification_queue", table_name="certification")
    op.create_index("ix_certification_queue", "certification", ["status", "created_at", "id"],
                    postgresql_include=["expires_on"])


def downgrade():
    op.drop_index("ix_certification_queue", table_name="certification")
    op.create_index("ix_certification_queue", "certification", ["status", "created_at", "id"])
