"""The schema comes only from the migrations: they agree with the models, have one head, and
upgrade → downgrade to base → upgrade works on every backend."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from supplierlink.directory.models import INDEX_OBJECTS
from supplierlink.migrate import alembic_config
from supplierlink.models import Base


def _described_by_models(name, type_, parent_names) -> bool:
    """The full-text index (a tsvector column on PostgreSQL, an FTS5 table and its shadow
    tables on SQLite) depends on the database and is kept out of the ORM metadata."""
    return not (name and any(name == obj or name.startswith(obj + "_")
                             for obj in INDEX_OBJECTS))


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_every_revision_has_a_downgrade():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    for revision in script.walk_revisions():
        with open(revision.path, encoding="utf-8") as handle:
            source = handle.read()
        body = source.split("def downgrade", 1)[1]
        assert "op." in body, f"{revision.revision} has an empty downgrade"


def test_upgrade_downgrade_upgrade_and_models_match(empty_database):
    cfg = alembic_config(empty_database)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    engine = create_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_name": _described_by_models})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_published_smes_keep_showing_what_the_public_directory_showed(empty_database):
    """Migration 0016: an SME in the public directory before the choice per field shows what
    visitors saw then (all but its exports and programme stage), and is found by the same
    words in its published document."""
    from sqlalchemy import text

    from supplierlink import create_app
    from supplierlink.db import get_db
    from supplierlink.directory.publication import DEFAULT_FIELDS, published_fields
    from supplierlink.directory.search import DirectoryQuery, search_suppliers
    from supplierlink.fulltext import index_text
    from supplierlink.organisations.models import Organisation

    cfg = alembic_config(empty_database)
    command.upgrade(cfg, "0015")
    engine = create_engine(empty_database)
    name, body = "Maestranza Alfa SpA", "Mantención de correas transportadoras"
    with engine.begin() as conn:
        for org_id, published in ((1, True), (2, False)):
            conn.execute(text(
                "INSERT INTO organisation (id, kind, legal_name, tax_country, tax_id, country, "
                "description, published, created_at) VALUES (:id, 'sme', :name, 'CL', :tax, "
                "'CL', :body, :published, CURRENT_TIMESTAMP)"),
                {"id": org_id, "name": f"{name} {org_id}", "tax": str(org_id), "body": body,
                 "published": published})
            conn.execute(text(
                "INSERT INTO supplier_search (organisation_id, name, body, updated_at) "
                "VALUES (:id, :name, :body, CURRENT_TIMESTAMP)"),
                {"id": org_id, "name": f"{name} {org_id}", "body": body})
            if engine.dialect.name == "postgresql":
                conn.execute(text("UPDATE supplier_search SET document = to_tsvector('sl_es', "
                                  "name) || to_tsvector('sl_es', body)"))
            else:
                conn.execute(text("INSERT INTO supplier_fts (rowid, name, body) "
                                  "VALUES (:id, :name, :body)"),
                             {"id": org_id, "name": index_text(f"{name} {org_id}"),
                              "body": index_text(body)})
    engine.dispose()
    command.upgrade(cfg, "head")
    app = create_app({"DATABASE_URL": empty_database, "TESTING": True,
                      "SECRET_KEY": "migration-test-secret-key-32-chars"})
    with app.app_context():
        session = get_db(app).session_factory()
        try:
            shown = session.get(Organisation, 1)
            assert shown.published and published_fields(shown) == DEFAULT_FIELDS
            query = DirectoryQuery(text="mantencion correa")
            assert search_suppliers(session, query, public_only=True).ids == [1]
            assert search_suppliers(session, query, public_only=False).ids == [1, 2]
        finally:
            session.close()
    get_db(app).engine.dispose()
