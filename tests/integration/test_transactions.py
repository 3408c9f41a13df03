"""The database side of many users: SQLite's WAL, busy timeout and write transactions that
take the lock when they begin; row locks and the conflict a stale flush becomes."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import OperationalError

from supplierlink.db import SQLITE_BUSY_TIMEOUT_MS, make_engine, write_transactions
from supplierlink.errors import ConflictError
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import post_requirement
from supplierlink.transactions import flush_or_conflict, lock
from tests.integration.test_requirements_services import requirement_data


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'locking.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def test_sqlite_runs_in_wal_with_a_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_write_transaction_takes_the_lock_when_it_begins_and_readers_still_read(
        sqlite_engine):
    with write_transactions(True), sqlite_engine.connect() as writer:
        writer.execute(text("SELECT n FROM counter"))  # BEGIN IMMEDIATE: the lock is taken
        # a reader is not blocked (WAL) and sees the last committed value
        with write_transactions(False), sqlite_engine.connect() as reader:
            assert reader.execute(text("SELECT n FROM counter")).scalar() == 0
        # a second writer cannot begin until the first ends: it waits, here only briefly
        with write_transactions(True), sqlite_engine.connect() as other:
            other.connection.driver_connection.execute("PRAGMA busy_timeout=50")
            with pytest.raises(OperationalError, match="database is locked"):
                other.execute(text("SELECT n FROM counter"))
        writer.execute(text("UPDATE counter SET n = n + 1"))
        writer.commit()


def test_without_the_lock_up_front_a_read_that_turns_into_a_write_fails_at_once(tmp_path):
    """Why writers begin IMMEDIATE: a deferred transaction that read, then writes while
    another holds the write lock, is refused at once whatever the busy timeout."""
    path = tmp_path / "plain.sqlite3"
    first = sqlite3.connect(path, isolation_level=None, timeout=5)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("CREATE TABLE counter (n INTEGER)")
    first.execute("INSERT INTO counter VALUES (0)")
    second = sqlite3.connect(path, isolation_level=None, timeout=5)
    second.execute("BEGIN")
    second.execute("SELECT n FROM counter").fetchone()
    first.execute("BEGIN IMMEDIATE")
    first.execute("UPDATE counter SET n = 1")
    first.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        second.execute("UPDATE counter SET n = 2")  # its snapshot is stale: no waiting helps
    second.close()
    first.close()


@pytest.fixture
def posted(app, session, make_org, make_user, reference_data):
    with app.app_context():
        buyer = make_org("lead_firm")
        req = post_requirement(session, buyer, make_user(buyer), requirement_data(),
                               publish=True)
        session.flush()
    return req


def test_lock_reads_the_latest_values_of_the_row(app, session, posted):
    with app.app_context():
        session.execute(update(Requirement).where(Requirement.id == posted.id)
                        .values(title="Changed meanwhile")
                        .execution_options(synchronize_session=False))
        assert posted.title != "Changed meanwhile"  # what this session read before
        assert lock(session, posted).title == "Changed meanwhile"


def test_a_stale_flush_is_a_conflict_and_leaves_the_session_usable(app, session, posted):
    with app.app_context():
        session.execute(update(Requirement).where(Requirement.id == posted.id)
                        .values(version=Requirement.version + 1)
                        .execution_options(synchronize_session=False))
        posted.title = "Mine"  # on the version this session read before someone else's save
        with pytest.raises(ConflictError):
            flush_or_conflict(session, "changed")
        assert session.scalar(text("SELECT 1")) == 1
