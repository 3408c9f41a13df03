"""ranking_model: feature weights learned from the platform's awards, shortlists and feedback

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ranking_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engine_version', sa.String(length=40), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('requirements', sa.Integer(), nullable=False),
    sa.Column('trained_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ranking_model'))
    )
    with op.batch_alter_table('ranking_model', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ranking_model_engine_version'), ['engine_version'], unique=False)


def downgrade():
    with op.batch_alter_table('ranking_model', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ranking_model_engine_version'))

    op.drop_table('ranking_model')
