"""The facts behind a candidate's reasons stored with its match result
(``match_result.evidence``): the closest category offered, the capacity, contracts won on the
platform in the requested categories and programme membership.

Results stored before have none; the candidates page works them out from the matching
engine's profiles until the requirement is ranked again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 16:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("match_result") as batch:
        batch.add_column(sa.Column("evidence", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_result") as batch:
        batch.drop_column("evidence")
