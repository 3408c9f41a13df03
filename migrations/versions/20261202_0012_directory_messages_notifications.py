"""Supplier directory search index (PostgreSQL full-text search with unaccent and Spanish,
Portuguese and English configurations, or SQLite FTS5), messages on applications, in-app and
e-mail notifications with per-user preferences, and the certificate lifecycle (renewal
supersedes, withdrawal, flagged when already expired on entry).

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

OLD_STATUSES = "('self_declared', 'verified', 'expired', 'revoked', 'rejected')"
NEW_STATUSES = ("('self_declared', 'verified', 'expired', 'revoked', 'rejected', 'superseded', "
                "'withdrawn')")
LANGUAGES = (("sl_es", "spanish"), ("sl_pt", "portuguese"), ("sl_en", "english"))


def _created_at():
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def upgrade():
    op.create_table(
        "supplier_search",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_supplier_search_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_supplier_search")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for config, parser in LANGUAGES:
            op.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {parser})")
            op.execute(f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
                       f"hword, hword_part, word WITH unaccent, {parser}_stem")
        op.execute("ALTER TABLE supplier_search ADD COLUMN document tsvector")
        op.execute("CREATE INDEX ix_supplier_search_document ON supplier_search "
                   "USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE supplier_fts USING fts5(name, body, "
                   "tokenize='unicode61 remove_diacritics 2')")

    op.create_table(
        "application_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_application_message_application_id_application"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_application_message_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"],
                                name=op.f("fk_application_message_author_id_user_account"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_message")),
    )
    op.create_index(op.f("ix_application_message_application_id"), "application_message",
                    ["application_id"])
    op.create_table(
        "application_read",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["application.id"],
                                name=op.f("fk_application_read_application_id_application"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_application_read_organisation_id_organisation"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_read")),
        sa.UniqueConstraint("application_id", "organisation_id",
                            name=op.f("uq_application_read_application_id_organisation_id")),
    )

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        _created_at(),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_notification_user_id_key")),
    )
    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("in_app", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("email", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_preference_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preference")),
        sa.UniqueConstraint("user_id", "kind",
                            name=op.f("uq_notification_preference_user_id_kind")),
    )

    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("expired_on_entry", sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_certification_superseded_by_id_certification"), "certification",
            ["superseded_by_id"], ["id"], ondelete="SET NULL")
        batch_op.drop_constraint(op.f("ck_certification_status"), type_="check")
        batch_op.create_check_constraint("status", sa.text(f"status IN {NEW_STATUSES}"))


def downgrade():
    op.execute("UPDATE certification SET status = 'revoked' "
               "WHERE status IN ('superseded', 'withdrawn')")
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_certification_status"), type_="check")
        batch_op.create_check_constraint("status", sa.text(f"status IN {OLD_STATUSES}"))
        batch_op.drop_constraint(batch_op.f("fk_certification_superseded_by_id_certification"),
                                 type_="foreignkey")
        batch_op.drop_column("expired_on_entry")
        batch_op.drop_column("superseded_by_id")
    op.drop_table("notification_preference")
    op.drop_table("notification")
    op.drop_table("application_read")
    op.drop_index(op.f("ix_application_message_application_id"),
                  table_name="application_message")
    op.drop_table("application_message")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.drop_index("ix_supplier_search_document", table_name="supplier_search")
        for config, _parser in LANGUAGES:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
    else:
        op.execute("DROP TABLE supplier_fts")
    op.drop_table("supplier_search")
