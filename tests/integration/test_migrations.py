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
