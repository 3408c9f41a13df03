"""organisation.town and requirement.delivery_site: where a supplier is based and where a
requirement is delivered, for proximity and track record at the buyer's site

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('town', sa.String(length=120), nullable=True))
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_site', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('requirement', schema=None) as batch_op:
        batch_op.drop_column('delivery_site')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('town')
