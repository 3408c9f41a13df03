"""Transactions of requests that read (GET): on PostgreSQL their reads go without a transaction
block, and the first write opens one, so what a read request writes is still one transaction
and its row locks are held until it ends. On SQLite they begin as before (a plain BEGIN)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import OperationalError

from supplierlink import migrate
from supplierlink.catalogue.models import Category
from supplierlink.db import Database, write_transactions
from supplierlink.transactions import lock_id


def _in_block(session) -> bool | None:
    """Whether the session's PostgreSQL connection is inside a transaction block (None on
    SQLite, whose transactions are not told apart here)."""
    raw = session.connection().connection.dbapi_connection
    info = getattr(raw, "info", None)
    if info is None or not hasattr(info, "transaction_status"):
        return None
    from psycopg.pq import TransactionStatus

    return info.transaction_status != TransactionStatus.IDLE


def _count(url) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.scalar(select(func.count()).select_from(Category)
                            .where(Category.code.like("9999%")))
    engine.dispose()
    return found


@pytest.fixture
def db(empty_database):
    migrate.upgrade(empty_database)
    database = Database(empty_database)
    yield database
    database.engine.dispose()


def test_a_read_that_writes_writes_one_transaction(db, empty_database):
    postgres = empty_database.startswith("postgresql")
    with write_transactions(False):
        session = db.session_factory()
        session.scalar(select(func.count()).select_from(Category))
        if postgres:
            assert _in_block(session) is False  # no BEGIN for the reads
        session.add(Category(code="99990001", title_en="First"))
        session.flush()
        if postgres:
            assert _in_block(session) is True  # the write opened the block
        session.add(Category(code="99990002", title_en="Second"))
        session.flush()
        session.rollback()  # both writes go: they were one transaction
        session.close()
    assert _count(empty_database) == 0
    with write_transactions(False):
        session = db.session_factory()
        session.scalar(select(func.count()).select_from(Category))
        session.add(Category(code="99990003", title_en="Kept"))
        session.commit()
        session.close()
    assert _count(empty_database) == 1
    # the pooled connection serves a writing transaction as one again
    with write_transactions(True):
        session = db.session_factory()
        session.scalar(select(func.count()).select_from(Category))
        if postgres:
            assert _in_block(session) is True
        session.rollback()
        session.close()


def test_a_read_that_locks_a_row_holds_it_until_it_ends(db, empty_database):
    if not empty_database.startswith("postgresql"):
        # SQLite has no row locks: a read there is a plain BEGIN, and a write waits for the
        # database's lock (tests/concurrency)
        with write_transactions(False):
            session = db.session_factory()
            session.add(Category(code="99990004", title_en="Locked"))
            session.commit()
            session.close()
        assert _count(empty_database) == 1
        return
    with write_transactions(True):
        setup = db.session_factory()
        row = Category(code="99990005", title_en="Locked")
        setup.add(row)
        setup.commit()
        row_id = row.id
        setup.close()
    with write_transactions(False):
        reader = db.session_factory()
        lock_id(reader, Category, row_id)  # SELECT … FOR UPDATE: opens the block first
        assert _in_block(reader) is True
        other = create_engine(empty_database)
        with other.connect() as conn, pytest.raises(OperationalError, match="lock"):
            conn.execute(select(Category.id).where(Category.id == row_id)
                         .with_for_update(nowait=True))
        reader.rollback()
        reader.close()
        with other.connect() as conn:  # released with the reader's transaction
            assert conn.execute(select(Category.id).where(Category.id == row_id)
                                .with_for_update(nowait=True)).scalar() == row_id
        other.dispose()


def test_page_limits_are_written_into_the_statement(db, empty_database):
    """On PostgreSQL a page's size and offset are part of the statement's text (so a prepared
    statement's plan is made once for them); a page reads the same rows either way."""
    from sqlalchemy import Integer, bindparam, event

    statements = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda _conn, _cursor, statement, *_args: statements.append(statement))
    session = db.session_factory()
    session.add_all([Category(code=f"9999000{i}", title_en=f"Page {i}") for i in range(1, 5)])
    session.flush()
    codes = select(Category.code).where(Category.code.like("9999%")).order_by(Category.code)
    assert session.scalars(codes.limit(2).offset(1)).all() == ["99990002", "99990003"]
    named = codes.limit(bindparam("size", type_=Integer)).offset(bindparam("start", type_=Integer))
    assert session.scalars(named, {"size": 1, "start": 3}).all() == ["99990004"]
    assert session.scalars(named, {"size": 2, "start": 0}).all() == ["99990001", "99990002"]
    pages = [s for s in statements if "LIMIT" in s]
    if empty_database.startswith("postgresql"):
        assert [p.split("LIMIT")[1].strip() for p in pages] == [
            "2 OFFSET 1", "1 OFFSET 3", "2 OFFSET 0"]
    else:
        assert all("LIMIT ?" in p for p in pages)
    session.rollback()
    session.close()
