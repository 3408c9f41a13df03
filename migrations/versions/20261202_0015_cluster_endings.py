"""cluster endings: a sponsorship or a mentoring pair can end (status ``ended``, who and when),
keeping its row so that the network still shows the tie for the dates it lasted

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _statuses(table: str, statuses: str) -> None:
    with op.batch_alter_table(table, recreate="always") as batch:
        batch.drop_constraint(op.f(f"ck_{table}_status"), type_="check")
        batch.create_check_constraint(op.f(f"ck_{table}_status"), f"status IN ({statuses})")


def upgrade():
    with op.batch_alter_table("cluster_sponsor") as batch:
        batch.add_column(sa.Column("ended_at", TZ, nullable=True))
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_cluster_sponsor_ended_by_id_user_account"),
                                 "user_account", ["ended_by_id"], ["id"])
    _statuses("cluster_sponsor", "'invited', 'accepted', 'declined', 'ended'")
    with op.batch_alter_table("mentoring_pair") as batch:
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ended_at", TZ, nullable=True))
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_mentoring_pair_ended_by_id_user_account"),
                                 "user_account", ["ended_by_id"], ["id"])
    _statuses("mentoring_pair", "'proposed', 'active', 'declined', 'ended'")


def downgrade():
    op.execute("UPDATE cluster_sponsor SET status = 'declined' WHERE status = 'ended'")
    op.execute("UPDATE mentoring_pair SET status = 'declined' WHERE status = 'ended'")
    _statuses("mentoring_pair", "'proposed', 'active', 'declined'")
    with op.batch_alter_table("mentoring_pair") as batch:
        batch.drop_constraint(op.f("fk_mentoring_pair_ended_by_id_user_account"),
                              type_="foreignkey")
        batch.drop_column("ended_by_id")
        batch.drop_column("ended_at")
        batch.drop_column("ended_on")
    _statuses("cluster_sponsor", "'invited', 'accepted', 'declined'")
    with op.batch_alter_table("cluster_sponsor") as batch:
        batch.drop_constraint(op.f("fk_cluster_sponsor_ended_by_id_user_account"),
                              type_="foreignkey")
        batch.drop_column("ended_by_id")
        batch.drop_column("ended_at")
