"""Capacity units and the category depth of a requirement (engine 2.0.0).

requirement.capacity_unit and supplier_profile.capacity_unit hold a key of the controlled
list in matching.units; capacities recorded before it get "unspecified", which compares only
with itself (the free-text units suppliers typed are not guessed at). requirement.category_depth
says how far from the requested codes an offer may be: "code" (the code or its descendants,
the default), "family" or "related" (the family or a linked code).

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-02 08:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity_unit", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("category_depth", sa.String(length=10), nullable=False,
                                      server_default="code"))
        batch_op.create_check_constraint(
            op.f("ck_requirement_category_depth"),
            "category_depth IN ('code', 'family', 'related')")
    op.execute("UPDATE requirement SET capacity_unit = 'unspecified' "
               "WHERE min_capacity IS NOT NULL")
    op.execute("UPDATE supplier_profile SET capacity_unit = CASE WHEN capacity IS NULL "
               "THEN NULL ELSE 'unspecified' END")
    with op.batch_alter_table("supplier_profile", schema=None) as batch_op:
        batch_op.alter_column("capacity_unit", existing_type=sa.String(length=40),
                              type_=sa.String(length=20), existing_nullable=True)


def downgrade():
    with op.batch_alter_table("supplier_profile", schema=None) as batch_op:
        batch_op.alter_column("capacity_unit", existing_type=sa.String(length=20),
                              type_=sa.String(length=40), existing_nullable=True)
    with op.batch_alter_table("requirement", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_requirement_category_depth"), type_="check")
        batch_op.drop_column("category_depth")
        batch_op.drop_column("capacity_unit")
