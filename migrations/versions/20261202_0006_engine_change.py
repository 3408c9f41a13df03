"""engine_change: the log from which every process keeps its matching engine current;
requirement.rank_requested_at: when a re-ranking was last asked for (a page says "updating…"
while it is newer than ranked_at)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "engine_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engine_change")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_engine_change_created_at"), "engine_change", ["created_at"])
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank_requested_at", sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_column("rank_requested_at")
    op.drop_index(op.f("ix_engine_change_created_at"), table_name="engine_change")
    op.drop_table("engine_change")
