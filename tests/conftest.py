"""Shared fixtures: an app per database backend (schema from the Alembic migrations), a
transaction per test that is rolled back at the end, a client, and factories."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from supplierlink import create_app
from supplierlink.clusters.network import invalidate_network_cache
from supplierlink.db import get_db
from supplierlink.matches.services import reset_engine_cache

PG_URL = os.environ.get("SUPPLIERLINK_TEST_DATABASE_URL")
#: The public reference data (taxonomies, standards, OCDS awards, labelled duplicates): beside
#: the project in ``../shared/data``, or where ``SUPPLIERLINK_SHARED_DATA`` says.
SHARED_DATA = Path(os.environ.get("SUPPLIERLINK_SHARED_DATA")
                   or Path(__file__).resolve().parents[2] / "shared" / "data")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

pytest_plugins = ["tests.factories"]


def reset_postgresql(url: str) -> None:
    """Empty the PostgreSQL test database; failing to reach it fails the run."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = PG_URL
        reset_postgresql(url)
    from supplierlink import migrate

    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "SECRET_KEY": "test-secret",
        "MAIL_URL": f"file://{tmp_path_factory.mktemp('mail')}",
        # the rate limits have tests of their own, in apps that turn them on
        "RATELIMIT_ENABLED": False,
    })
    yield app
    get_db(app).engine.dispose()


@pytest.fixture
def connection(app):
    """Bind the app's sessions to one connection whose outer transaction is rolled back."""
    db = get_db(app)
    conn = db.engine.connect()
    outer = conn.begin()
    original = db.session_factory
    db.session_factory = db.sessionmaker(conn, join_transaction_mode="create_savepoint")
    reset_engine_cache(app)  # engines cached by other tests saw rows that were rolled back
    invalidate_network_cache()  # and so did the cluster networks they computed
    yield conn
    db.session_factory = original
    outer.rollback()
    conn.close()


@pytest.fixture
def session(app, connection):
    """A session for arranging and checking data, in the test's transaction.

    No app context stays pushed during the test: the client's requests must each get their own
    (a lingering one would be reused and share ``g`` between requests).
    """
    s = get_db(app).session_factory()
    yield s
    s.close()


@pytest.fixture
def client(app, connection):
    return app.test_client()


@pytest.fixture
def runner(app, connection):
    return app.test_cli_runner()


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A brand-new, empty database of each backend (a file, or a PostgreSQL database created
    for the test on the test server), dropped afterwards: for tests whose other processes
    must see committed data."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"supplierlink_t_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def data_dir():
    """``SHARED_DATA``; its absence fails the tests that read it, with where it was looked for."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"reference data not found at {SHARED_DATA}: place the shared data beside "
                    "the project (../shared/data) or set SUPPLIERLINK_SHARED_DATA")
    return SHARED_DATA
