"""Consent between organisations and sensible ranges: sponsorship invitations and enrolment
offers with their answers, profile sharing, verifiers, verification requests, the SME's own
application and the override reason of an award; KPI corrections that supersede a figure;
CHECK constraints on every numeric field and on the dates people type.

On SQLite a table that other tables reference with ON DELETE CASCADE cannot be rebuilt with
foreign keys on (dropping it would delete its children), so its new rules are triggers there;
PostgreSQL gets real CHECK constraints.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, constraint name, condition with {p} before each column) on referenced tables
GUARDED = [
    ("organisation", "employees",
     "{p}employees IS NULL OR ({p}employees >= 0 AND {p}employees <= 10000000)"),
    ("requirement", "min_capacity",
     "{p}min_capacity IS NULL OR ({p}min_capacity >= 0 AND {p}min_capacity <= 1e12)"),
    ("requirement", "need_date",
     "{p}need_date IS NULL OR ({p}need_date >= '1950-01-01' AND {p}need_date <= '2100-12-31')"),
    ("programme", "target_count_max", "{p}target_count <= 100000"),
    ("programme", "date_window",
     "{p}start_date >= '1950-01-01' AND {p}end_date <= '2100-12-31'"),
    ("enrolment", "status",
     "{p}status IN ('offered', 'requested', 'active', 'declined', 'left')"),
    ("certification", "issued_on", "{p}issued_on IS NULL OR {p}issued_on >= '1950-01-01'"),
]
# tables nothing references: rebuilt with their CHECK constraints on SQLite too
PLAIN = [
    ("supplier_profile", "capacity",
     "capacity IS NULL OR (capacity >= 0 AND capacity <= 1e12)"),
    ("export_record", "year", "year >= 1950 AND year <= 2100"),
    ("export_record", "value_usd", "value_usd IS NULL OR (value_usd >= 0 AND value_usd <= 1e13)"),
    ("milestone", "achieved_on", "achieved_on IS NULL OR achieved_on >= '1950-01-01'"),
    ("plan_item", "done_on", "done_on IS NULL OR done_on >= '1950-01-01'"),
]
OLD_KPI_UNIQUE = "uq_kpi_observation_supplier_id_metric_observed_on_is_baseline"
NEW_KPI_UNIQUE = "uq_kpi_observation_occasion_revision"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _guard(table: str, name: str, condition: str) -> None:
    if not _sqlite():
        op.create_check_constraint(name, table, condition.format(p=""))
        return
    check = condition.format(p="NEW.")
    for action in ("INSERT", "UPDATE"):
        op.execute(f"CREATE TRIGGER ck_{table}_{name}_{action.lower()} BEFORE {action} ON {table} "
                   f"WHEN NOT ({check}) BEGIN SELECT RAISE(ABORT, "
                   f"'CHECK constraint failed: ck_{table}_{name}'); END")


def _unguard(table: str, name: str) -> None:
    if not _sqlite():
        op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
        return
    for action in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS ck_{table}_{name}_{action}")


def upgrade():
    op.add_column("user_account", sa.Column("is_verifier", sa.Boolean(),
                                            server_default=sa.false(), nullable=False))
    op.add_column("enrolment", sa.Column("status", sa.String(length=10),
                                         server_default="offered", nullable=False))
    op.add_column("enrolment", sa.Column("answered_at", sa.DateTime(timezone=True)))
    op.add_column("enrolment", sa.Column("left_on", sa.Date()))
    op.add_column("certification", sa.Column("verification_requested_at",
                                             sa.DateTime(timezone=True)))
    with op.batch_alter_table("programme_sponsor") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), server_default="invited",
                                      nullable=False))
        batch_op.add_column(sa.Column("invited_by_id", sa.Integer()))
        batch_op.add_column(sa.Column("answered_by_id", sa.Integer()))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True)))
        batch_op.create_foreign_key(batch_op.f("fk_programme_sponsor_invited_by_id_user_account"),
                                    "user_account", ["invited_by_id"], ["id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_programme_sponsor_answered_by_id_user_account"),
            "user_account", ["answered_by_id"], ["id"])
        batch_op.create_check_constraint("status", "status IN ('invited', 'accepted', 'declined')")
    with op.batch_alter_table("application") as batch_op:
        batch_op.add_column(sa.Column("applied_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("override_reason", sa.Text()))
    # Applications with a message were written by the SME; the buyer's rows have none.
    op.execute("UPDATE application SET applied_at = created_at WHERE message <> ''")
    with op.batch_alter_table("kpi_observation") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.add_column(sa.Column("supersedes_id", sa.Integer()))
        batch_op.add_column(sa.Column("correction_reason", sa.Text()))
        batch_op.drop_constraint(OLD_KPI_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            NEW_KPI_UNIQUE, ["supplier_id", "metric", "observed_on", "is_baseline", "revision"])
        batch_op.create_unique_constraint(batch_op.f("uq_kpi_observation_supersedes_id"),
                                          ["supersedes_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_kpi_observation_supersedes_id_kpi_observation"),
            "kpi_observation", ["supersedes_id"], ["id"])
        batch_op.create_check_constraint("value", "value >= 0 AND value <= 1e13")
        batch_op.create_check_constraint("revision", "revision >= 1")
        batch_op.create_check_constraint("observed_on", "observed_on >= '1950-01-01'")
    op.create_table(
        "profile_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["buyer_id"], ["organisation.id"],
                                name=op.f("fk_profile_share_buyer_id_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["shared_by_id"], ["user_account.id"],
                                name=op.f("fk_profile_share_shared_by_id_user_account")),
        sa.ForeignKeyConstraint(["supplier_id"], ["organisation.id"],
                                name=op.f("fk_profile_share_supplier_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_share")),
        sa.UniqueConstraint("supplier_id", "buyer_id",
                            name=op.f("uq_profile_share_supplier_id_buyer_id")),
    )
    op.create_index(op.f("ix_profile_share_supplier_id"), "profile_share", ["supplier_id"])
    op.create_index(op.f("ix_profile_share_buyer_id"), "profile_share", ["buyer_id"])
    for table, name, condition in PLAIN:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(name, condition)
    if not _sqlite():
        op.drop_constraint(op.f("ck_organisation_employees"), "organisation", type_="check")
    for table, name, condition in GUARDED:
        _guard(table, name, condition)


def downgrade():
    for table, name, _condition in reversed(GUARDED):
        _unguard(table, name)
    if not _sqlite():
        op.create_check_constraint("employees", "organisation",
                                   "employees IS NULL OR employees >= 0")
    for table, name, _condition in reversed(PLAIN):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"ck_{table}_{name}"), type_="check")
    op.drop_index(op.f("ix_profile_share_buyer_id"), table_name="profile_share")
    op.drop_index(op.f("ix_profile_share_supplier_id"), table_name="profile_share")
    op.drop_table("profile_share")
    op.execute("DELETE FROM kpi_observation WHERE supersedes_id IS NOT NULL")
    with op.batch_alter_table("kpi_observation") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_kpi_observation_observed_on"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_kpi_observation_revision"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_kpi_observation_value"), type_="check")
        batch_op.drop_constraint("fk_kpi_observation_supersedes_id_kpi_observation",
                                 type_="foreignkey")
        batch_op.drop_constraint("uq_kpi_observation_supersedes_id", type_="unique")
        batch_op.drop_constraint(NEW_KPI_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(OLD_KPI_UNIQUE,
                                          ["supplier_id", "metric", "observed_on", "is_baseline"])
        batch_op.drop_column("correction_reason")
        batch_op.drop_column("supersedes_id")
        batch_op.drop_column("revision")
    with op.batch_alter_table("application") as batch_op:
        batch_op.drop_column("override_reason")
        batch_op.drop_column("applied_at")
    with op.batch_alter_table("programme_sponsor") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_programme_sponsor_status"), type_="check")
        batch_op.drop_constraint("fk_programme_sponsor_answered_by_id_user_account",
                                 type_="foreignkey")
        batch_op.drop_constraint("fk_programme_sponsor_invited_by_id_user_account",
                                 type_="foreignkey")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("answered_by_id")
        batch_op.drop_column("invited_by_id")
        batch_op.drop_column("status")
    # plain DROP COLUMN: rebuilding these referenced tables on SQLite would delete children
    op.drop_column("certification", "verification_requested_at")
    op.drop_column("enrolment", "left_on")
    op.drop_column("enrolment", "answered_at")
    op.drop_column("enrolment", "status")
    op.drop_column("user_account", "is_verifier")
