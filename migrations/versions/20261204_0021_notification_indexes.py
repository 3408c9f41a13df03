"""Indexes for a user's notices: the list (newest first, a page at a time, its total counted
from the index) and the bell's unread count on every page (a partial index of the unread
notices alone). Before, both read every notice the user ever had from the table.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_notification_list", "notification", ["user_id", "created_at", "id"],
                    postgresql_include=["kind"])
    op.create_index("ix_notification_unread", "notification", ["user_id", "kind"],
                    postgresql_where=sa.text("read_at IS NULL"),
                    sqlite_where=sa.text("read_at IS NULL"))


def downgrade():
    op.drop_index("ix_notification_unread", table_name="notification")
    op.drop_index("ix_notification_list", table_name="notification")
