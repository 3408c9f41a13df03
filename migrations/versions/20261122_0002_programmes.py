"""programmes: sponsors, cohorts, enrolments, milestones, plan items, KPIs and the
append-only enrolment history (guarded by triggers on PostgreSQL and SQLite)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "enrolment_event is append-only: history entries cannot be changed or deleted"

POSTGRESQL_GUARD = (
    "CREATE FUNCTION enrolment_event_append_only() RETURNS trigger AS $$ BEGIN "
    f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER enrolment_event_append_only BEFORE UPDATE OR DELETE ON enrolment_event "
    "FOR EACH ROW EXECUTE FUNCTION enrolment_event_append_only()",
)
POSTGRESQL_UNGUARD = (
    "DROP TRIGGER IF EXISTS enrolment_event_append_only ON enrolment_event",
    "DROP FUNCTION IF EXISTS enrolment_event_append_only()",
)
SQLITE_GUARD = tuple(
    f"CREATE TRIGGER enrolment_event_no_{action.lower()} BEFORE {action} ON enrolment_event "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    for action in ("UPDATE", "DELETE")
)
SQLITE_UNGUARD = (
    "DROP TRIGGER IF EXISTS enrolment_event_no_update",
    "DROP TRIGGER IF EXISTS enrolment_event_no_delete",
)


def _run(statements_by_dialect: dict) -> None:
    for statement in statements_by_dialect.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    op.create_table('kpi_observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('is_baseline', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_kpi_observation_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_kpi_observation_supplier_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_observation')),
    sa.UniqueConstraint('supplier_id', 'metric', 'observed_on', 'is_baseline', name=op.f('uq_kpi_observation_supplier_id_metric_observed_on_is_baseline'))
    )
    with op.batch_alter_table('kpi_observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_observation_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('target_count', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_stage_key', sa.String(length=40), nullable=False),
    sa.Column('target_standard_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("target_kind IN ('stage', 'standard')", name=op.f('ck_programme_target_kind')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_programme_dates')),
    sa.CheckConstraint('target_count > 0', name=op.f('ck_programme_target_count')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_programme_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['operator_id'], ['organisation.id'], name=op.f('fk_programme_operator_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_standard_id'], ['standard.id'], name=op.f('fk_programme_target_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_operator_id'), ['operator_id'], unique=False)

    op.create_table('cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_cohort_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort')),
    sa.UniqueConstraint('programme_id', 'name', name=op.f('uq_cohort_programme_id_name'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_programme_id'), ['programme_id'], unique=False)

    op.create_table('programme_sponsor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_programme_sponsor_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_sponsor_programme_id_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_sponsor')),
    sa.UniqueConstraint('programme_id', 'organisation_id', name=op.f('uq_programme_sponsor_programme_id_organisation_id'))
    )
    with op.batch_alter_table('programme_sponsor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_sponsor_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_sponsor_programme_id'), ['programme_id'], unique=False)

    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=True),
    sa.Column('stage_key', sa.String(length=40), nullable=False),
    sa.Column('stage_entered_on', sa.Date(), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('enrolled_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_enrolment_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['enrolled_by_id'], ['user_account.id'], name=op.f('fk_enrolment_enrolled_by_id_user_account')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_enrolment_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_enrolment_requirement_id_requirement'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_enrolment_supplier_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('programme_id', 'supplier_id', name=op.f('uq_enrolment_programme_id_supplier_id'))
    )
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('enrolment_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_enrolment_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_enrolment_event_enrolment_id_enrolment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment_event'))
    )
    with op.batch_alter_table('enrolment_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_event_enrolment_id'), ['enrolment_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('stage_key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('achieved_on', sa.Date(), nullable=True),
    sa.Column('evidence_note', sa.Text(), nullable=True),
    sa.Column('evidence_file', sa.String(length=64), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('logged_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_milestone_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['logged_by_id'], ['user_account.id'], name=op.f('fk_milestone_logged_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_enrolment_id'), ['enrolment_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=True),
    sa.Column('action_key', sa.String(length=60), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('evidence_needed', sa.String(length=60), nullable=False),
    sa.Column('closes_gap_kind', sa.String(length=40), nullable=False),
    sa.Column('remedy', sa.String(length=60), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('evidence_note', sa.Text(), nullable=True),
    sa.Column('evidence_file', sa.String(length=64), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('certification_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certification.id'], name=op.f('fk_plan_item_certification_id_certification'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_plan_item_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_plan_item_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_plan_item_requirement_id_requirement'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_enrolment_id'), ['enrolment_id'], unique=False)


    # The history must stay as written even for someone with SQL access to the application's
    # database user: the database itself refuses UPDATE and DELETE on it.
    _run({"postgresql": POSTGRESQL_GUARD, "sqlite": SQLITE_GUARD})


def downgrade() -> None:
    _run({"postgresql": POSTGRESQL_UNGUARD, "sqlite": SQLITE_UNGUARD})
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_enrolment_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_enrolment_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('enrolment_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_event_enrolment_id'))

    op.drop_table('enrolment_event')
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_programme_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_cohort_id'))

    op.drop_table('enrolment')
    with op.batch_alter_table('programme_sponsor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_sponsor_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programme_sponsor_organisation_id'))

    op.drop_table('programme_sponsor')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_programme_id'))

    op.drop_table('cohort')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_operator_id'))

    op.drop_table('programme')
    with op.batch_alter_table('kpi_observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_observation_supplier_id'))

    op.drop_table('kpi_observation')
