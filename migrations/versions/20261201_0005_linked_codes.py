"""match_result.linked: the linked codes behind a stored result's category score (engine
1.3.0's related_code feature), so the requirement page can say which code brought it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 14:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('match_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('linked', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('match_result', schema=None) as batch_op:
        batch_op.drop_column('linked')
