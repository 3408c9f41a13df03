"""clusters: cluster, cluster_sponsor (an invitation the lead firm accepts), cluster_snapshot
(monthly history of the figures), mentoring_pair, award_record (awards with value and date)

Revision ID: 0014
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("key_standards", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_operator_id_organisation")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_cluster_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
    )
    op.create_index(op.f("ix_cluster_operator_id"), "cluster", ["operator_id"])
    op.create_table(
        "cluster_sponsor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", TZ, nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", TZ, nullable=True),
        sa.CheckConstraint("status IN ('invited', 'accepted', 'declined')",
                           name=op.f("ck_cluster_sponsor_status")),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_sponsor_cluster_id_cluster")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_sponsor_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["invited_by_id"], ["user_account.id"],
                                name=op.f("fk_cluster_sponsor_invited_by_id_user_account")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["user_account.id"],
                                name=op.f("fk_cluster_sponsor_answered_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_sponsor")),
        sa.UniqueConstraint("cluster_id", "organisation_id",
                            name=op.f("uq_cluster_sponsor_cluster_id_organisation_id")),
    )
    op.create_index(op.f("ix_cluster_sponsor_cluster_id"), "cluster_sponsor", ["cluster_id"])
    op.create_index(op.f("ix_cluster_sponsor_organisation_id"), "cluster_sponsor",
                    ["organisation_id"])
    op.create_table(
        "cluster_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("computed_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"], ondelete="CASCADE",
                                name=op.f("fk_cluster_snapshot_cluster_id_cluster")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_snapshot")),
        sa.UniqueConstraint("cluster_id", "month", "metric",
                            name=op.f("uq_cluster_snapshot_cluster_id_month_metric")),
    )
    op.create_index(op.f("ix_cluster_snapshot_cluster_id"), "cluster_snapshot", ["cluster_id"])
    op.create_table(
        "mentoring_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("gap_key", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("mentor_agreed_at", TZ, nullable=True),
        sa.Column("mentee_agreed_at", TZ, nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("status IN ('proposed', 'active', 'declined')",
                           name=op.f("ck_mentoring_pair_status")),
        sa.CheckConstraint("mentor_id <> mentee_id", name=op.f("ck_mentoring_pair_distinct")),
        sa.ForeignKeyConstraint(["cluster_id"], ["cluster.id"], ondelete="CASCADE",
                                name=op.f("fk_mentoring_pair_cluster_id_cluster")),
        sa.ForeignKeyConstraint(["mentor_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_mentoring_pair_mentor_id_organisation")),
        sa.ForeignKeyConstraint(["mentee_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_mentoring_pair_mentee_id_organisation")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_mentoring_pair_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_pair")),
        sa.UniqueConstraint("mentor_id", "mentee_id", "gap_key",
                            name=op.f("uq_mentoring_pair_mentor_id_mentee_id_gap_key")),
    )
    for column in ("cluster_id", "mentor_id", "mentee_id"):
        op.create_index(op.f(f"ix_mentoring_pair_{column}"), "mentoring_pair", [column])
    op.create_table(
        "award_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("requirement_id", sa.Integer(), nullable=True),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=False),
        sa.Column("value_usd", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"], ondelete="CASCADE",
                                name=op.f("fk_award_record_application_id_application")),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirement.id"], ondelete="CASCADE",
                                name=op.f("fk_award_record_requirement_id_requirement")),
        sa.ForeignKeyConstraint(["buyer_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_award_record_buyer_id_organisation")),
        sa.ForeignKeyConstraint(["supplier_id"], ["organisation.id"], ondelete="CASCADE",
                                name=op.f("fk_award_record_supplier_id_organisation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_record")),
        sa.UniqueConstraint("application_id", name=op.f("uq_award_record_application_id")),
    )
    for column in ("requirement_id", "buyer_id", "supplier_id"):
        op.create_index(op.f(f"ix_award_record_{column}"), "award_record", [column])


def downgrade():
    for column in ("requirement_id", "buyer_id", "supplier_id"):
        op.drop_index(op.f(f"ix_award_record_{column}"), table_name="award_record")
    op.drop_table("award_record")
    for column in ("cluster_id", "mentor_id", "mentee_id"):
        op.drop_index(op.f(f"ix_mentoring_pair_{column}"), table_name="mentoring_pair")
    op.drop_table("mentoring_pair")
    op.drop_index(op.f("ix_cluster_snapshot_cluster_id"), table_name="cluster_snapshot")
    op.drop_table("cluster_snapshot")
    op.drop_index(op.f("ix_cluster_sponsor_organisation_id"), table_name="cluster_sponsor")
    op.drop_index(op.f("ix_cluster_sponsor_cluster_id"), table_name="cluster_sponsor")
    op.drop_table("cluster_sponsor")
    op.drop_index(op.f("ix_cluster_operator_id"), table_name="cluster")
    op.drop_table("cluster")
