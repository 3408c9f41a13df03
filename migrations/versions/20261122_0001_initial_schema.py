"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 11:05:42.357718
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scheme', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('parent_code', sa.String(length=32), nullable=True),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_es', sa.String(length=300), nullable=True),
    sa.Column('title_pt', sa.String(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('scheme', 'code', name=op.f('uq_category_scheme_code'))
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=False),
    sa.Column('trade_name', sa.String(length=200), nullable=True),
    sa.Column('tax_country', sa.String(length=2), nullable=False),
    sa.Column('tax_id', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('sales_band', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.Column('published', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('lead_firm', 'sme', 'programme_operator')", name=op.f('ck_organisation_kind')),
    sa.CheckConstraint('employees IS NULL OR employees >= 0', name=op.f('ck_organisation_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('tax_country', 'tax_id', name=op.f('uq_organisation_tax_country_tax_id'))
    )
    op.create_table('standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('issuer', sa.String(length=120), nullable=True),
    sa.Column('sector', sa.String(length=120), nullable=True),
    sa.Column('typical_months', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard')),
    sa.UniqueConstraint('key', name=op.f('uq_standard_key'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('capability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_capability_category_id_category')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_capability_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capability')),
    sa.UniqueConstraint('organisation_id', 'category_id', name=op.f('uq_capability_organisation_id_category_id'))
    )
    with op.batch_alter_table('capability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capability_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('certification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=True),
    sa.Column('number', sa.String(length=100), nullable=True),
    sa.Column('scope', sa.Text(), server_default='', nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('evidence_file', sa.String(length=64), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('self_declared', 'verified', 'expired', 'revoked', 'rejected')", name=op.f('ck_certification_status')),
    sa.CheckConstraint('expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on', name=op.f('ck_certification_dates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_certification_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_certification_standard_id_standard')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user_account.id'], name=op.f('fk_certification_verified_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification'))
    )
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('export_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('market', sa.String(length=2), nullable=False),
    sa.Column('product_code', sa.String(length=32), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value_usd', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_export_record_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_record'))
    )
    with op.batch_alter_table('export_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_record_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('owner', 'member')", name=op.f('ck_membership_role')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_membership_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'organisation_id', name=op.f('uq_membership_user_id_organisation_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('min_capacity', sa.Float(), nullable=True),
    sa.Column('need_date', sa.Date(), nullable=True),
    sa.Column('weights', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ranked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed', 'awarded')", name=op.f('ck_requirement_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_requirement_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_requirement_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement'))
    )
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('service_region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_service_region_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_region')),
    sa.UniqueConstraint('organisation_id', 'region_code', name=op.f('uq_service_region_organisation_id_region_code'))
    )
    with op.batch_alter_table('service_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_region_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('standard_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_standard_alias_standard_id_standard'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_alias')),
    sa.UniqueConstraint('standard_id', 'alias', name=op.f('uq_standard_alias_standard_id_alias'))
    )
    op.create_table('standard_relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.CheckConstraint("kind IN ('implies', 'supersedes', 'equivalent')", name=op.f('ck_standard_relation_kind')),
    sa.ForeignKeyConstraint(['source_id'], ['standard.id'], name=op.f('fk_standard_relation_source_id_standard'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['standard.id'], name=op.f('fk_standard_relation_target_id_standard'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_relation')),
    sa.UniqueConstraint('source_id', 'target_id', 'kind', name=op.f('uq_standard_relation_source_id_target_id_kind'))
    )
    op.create_table('supplier_profile',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('capabilities_text', sa.Text(), server_default='', nullable=False),
    sa.Column('capacity', sa.Float(), nullable=True),
    sa.Column('capacity_unit', sa.String(length=40), nullable=True),
    sa.Column('programme_stage', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_supplier_profile_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_supplier_profile'))
    )
    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('submitted', 'shortlisted', 'invited', 'rejected', 'awarded', 'withdrawn')", name=op.f('ck_application_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_application_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_application_requirement_id_requirement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_application_supplier_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('requirement_id', 'supplier_id', name=op.f('uq_application_requirement_id_supplier_id'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_requirement_id'), ['requirement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('buyer_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('value IN (-1, 1)', name=op.f('ck_buyer_feedback_value')),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_buyer_feedback_requirement_id_requirement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_buyer_feedback_supplier_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_buyer_feedback_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buyer_feedback')),
    sa.UniqueConstraint('requirement_id', 'supplier_id', 'user_id', name=op.f('uq_buyer_feedback_requirement_id_supplier_id_user_id'))
    )
    with op.batch_alter_table('buyer_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_buyer_feedback_requirement_id'), ['requirement_id'], unique=False)

    op.create_table('certification_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certification.id'], name=op.f('fk_certification_status_change_certification_id_certification'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_certification_status_change_changed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification_status_change'))
    )
    with op.batch_alter_table('certification_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_status_change_certification_id'), ['certification_id'], unique=False)

    op.create_table('match_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('qualified', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('contributions', sa.JSON(), nullable=False),
    sa.Column('gaps', sa.JSON(), nullable=False),
    sa.Column('engine_version', sa.String(length=40), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_match_result_requirement_id_requirement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['organisation.id'], name=op.f('fk_match_result_supplier_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_result')),
    sa.UniqueConstraint('requirement_id', 'supplier_id', name=op.f('uq_match_result_requirement_id_supplier_id'))
    )
    with op.batch_alter_table('match_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_result_requirement_id'), ['requirement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_result_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('requirement_category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_requirement_category_category_id_category')),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_requirement_category_requirement_id_requirement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_category')),
    sa.UniqueConstraint('requirement_id', 'category_id', name=op.f('uq_requirement_category_requirement_id_category_id'))
    )
    with op.batch_alter_table('requirement_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_category_requirement_id'), ['requirement_id'], unique=False)

    op.create_table('requirement_region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_requirement_region_requirement_id_requirement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_region')),
    sa.UniqueConstraint('requirement_id', 'region_code', name=op.f('uq_requirement_region_requirement_id_region_code'))
    )
    with op.batch_alter_table('requirement_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_region_requirement_id'), ['requirement_id'], unique=False)

    op.create_table('requirement_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('necessity', sa.String(length=10), nullable=False),
    sa.CheckConstraint("necessity IN ('must', 'preferred')", name=op.f('ck_requirement_standard_necessity')),
    sa.ForeignKeyConstraint(['requirement_id'], ['requirement.id'], name=op.f('fk_requirement_standard_requirement_id_requirement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standard.id'], name=op.f('fk_requirement_standard_standard_id_standard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_requirement_standard')),
    sa.UniqueConstraint('requirement_id', 'standard_id', name=op.f('uq_requirement_standard_requirement_id_standard_id'))
    )
    with op.batch_alter_table('requirement_standard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_requirement_standard_requirement_id'), ['requirement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('requirement_standard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_standard_requirement_id'))

    op.drop_table('requirement_standard')
    with op.batch_alter_table('requirement_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_region_requirement_id'))

    op.drop_table('requirement_region')
    with op.batch_alter_table('requirement_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_category_requirement_id'))

    op.drop_table('requirement_category')
    with op.batch_alter_table('match_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_result_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_match_result_requirement_id'))

    op.drop_table('match_result')
    with op.batch_alter_table('certification_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_status_change_certification_id'))

    op.drop_table('certification_status_change')
    with op.batch_alter_table('buyer_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_buyer_feedback_requirement_id'))

    op.drop_table('buyer_feedback')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_application_requirement_id'))

    op.drop_table('application')
    op.drop_table('supplier_profile')
    op.drop_table('standard_relation')
    op.drop_table('standard_alias')
    with op.batch_alter_table('service_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_region_organisation_id'))

    op.drop_table('service_region')
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_requirement_organisation_id'))

    op.drop_table('requirement')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_organisation_id'))

    op.drop_table('membership')
    with op.batch_alter_table('export_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_record_organisation_id'))

    op.drop_table('export_record')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_organisation_id'))

    op.drop_table('certification')
    with op.batch_alter_table('capability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capability_organisation_id'))

    op.drop_table('capability')
    op.drop_table('user_account')
    op.drop_table('standard')
    op.drop_table('organisation')
    op.drop_table('category')
