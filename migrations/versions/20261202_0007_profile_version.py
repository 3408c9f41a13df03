"""supplier_profile.version: a profile save made on an older version of the form is refused
instead of overwriting someone else's save

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("supplier_profile") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade():
    with op.batch_alter_table("supplier_profile") as batch:
        batch.drop_column("version")
