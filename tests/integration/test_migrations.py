"""The schema comes only from the migrations: they agree with the models, have one head, and
upgrade → downgrade to base → upgrade works on every backend."""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from supplierlink.directory.models import INDEX_OBJECTS
from supplierlink.migrate import alembic_config
from supplierlink.models import Base
from tests.conftest import BACKENDS, PG_URL


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A brand-new database of each backend, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"supplierlink_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


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
