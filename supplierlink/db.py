"""Declarative base with a constraint naming convention, and per-request session handling.

Services flush; the request boundary commits once (or rolls back on error or a 4xx answer).
On SQLite, a transaction that will write starts as ``BEGIN IMMEDIATE`` (it waits for the
write lock up to the busy timeout instead of failing half-way), the others as a plain
``BEGIN``; see :func:`write_transactions` and ``supplierlink.transactions``. On PostgreSQL,
a request that reads sends its reads without a transaction block and opens one at its first
write (:func:`_reads_without_transaction`).
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from flask import Flask, g, request
from sqlalchemy import DateTime, Integer, MetaData, create_engine, event, literal_column
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True)}


def in_codes(column, codes):
    """``column IN ('a', 'b')`` for the application's own codes (statuses, kinds), written into
    the statement: a list of bound values would be expanded into the SQL again on every
    execution of a statement read on every page."""
    if not all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes):
        raise ValueError(f"not codes: {codes!r}")
    return column.in_([literal_column(f"'{code}'") for code in codes])


@lru_cache(maxsize=256)
def _named_row(fields: tuple[str, ...]):
    return namedtuple("NamedRow", fields, rename=True)


def named_rows(result) -> list:
    """The rows of ``result`` (an executed statement) as named tuples of its columns, for rows
    whose columns are read by name many times (the rows of a list). SQLAlchemy's row first asks
    its class for an attribute of the column's name, which raises and drops an AttributeError
    at every read (8% of the instructions of the buyer's list of requirements); a
    named tuple reads the column at its position. A name that cannot be a field (a repeated
    one, or not an identifier) is read at its position only."""
    make = _named_row(tuple(result.keys()))._make
    return [make(row) for row in result]


def utcnow() -> datetime:
    return datetime.now(UTC)


#: How long a SQLite transaction waits for another one's write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 20_000
#: Whether the transactions begun in this context will write (requests set it by method).
_WRITING: ContextVar[bool] = ContextVar("supplierlink_writing", default=True)


def writing() -> bool:
    return _WRITING.get()


@contextmanager
def write_transactions(write: bool = True) -> Iterator[None]:
    """Transactions begun inside start as write transactions (``False``: as reads).

    Outside any request every transaction is taken as a write (jobs, the command line);
    a request that reads (GET) begins plainly so that readers never queue behind writers.
    """
    token = _WRITING.set(write)
    try:
        yield
    finally:
        _WRITING.reset(token)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets real transactions so savepoints behave as on PostgreSQL,
    WAL (readers and one writer at once), a busy timeout, and write transactions that take the
    write lock when they begin."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        in_memory = not database or database == ":memory:"
        if not in_memory:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={
            "check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):
            # Let SQLAlchemy emit BEGIN itself so SAVEPOINT works, and enforce foreign keys.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint in WAL
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # A read that turns into a write cannot wait for the lock (SQLite answers "database
            # is locked" at once to avoid a deadlock): writers take the lock up front.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writing() else "BEGIN")

        return engine
    # No test query before each use of a pooled connection (a round trip on every request): a
    # connection the server dropped fails its first statement, the pool discards it, and the
    # request or job is run again (``transactions.retryable``).
    engine = create_engine(url, pool_recycle=3600)
    _literal_limits(engine)
    _reads_without_transaction(engine)
    return engine


def _literal_limits(engine: Engine) -> None:
    """``LIMIT 25 OFFSET 0`` written into the statement rather than bound. psycopg prepares a
    statement run often on a connection, and PostgreSQL then plans it once (a generic plan)
    unless that plan looks dearer than planning each execution for its values; with a bound
    limit it cannot know the page is short, always looks dearer, and so every execution of a
    page's statement is planned again. Page sizes and offsets are numbers the application
    makes (never text), so writing them in is safe; each page number is its own statement."""
    compiler = engine.dialect.statement_compiler

    class LiteralLimitCompiler(compiler):
        def limit_clause(self, select, **kw):
            if all(clause is None or isinstance(clause.type, Integer)
                   for clause in (select._limit_clause, select._offset_clause)):
                kw = {**kw, "literal_execute": True}
            return super().limit_clause(select, **kw)

    engine.dialect.statement_compiler = LiteralLimitCompiler


#: set on a connection whose statements run outside a transaction block, until it writes
_READING = "supplierlink.reading"
#: a read that locks rows: it needs the transaction that holds the locks
_LOCKING_READ = re.compile(r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|KEY\s+SHARE|SHARE)\b", re.I)


def _plain_read(statement: str) -> bool:
    return (statement.lstrip()[:6].upper() == "SELECT"
            and not ("FOR " in statement.upper() and _LOCKING_READ.search(statement)))


def _reads_without_transaction(engine: Engine) -> None:
    """A transaction begun to read (a GET request) sends its statements outside a transaction
    block (autocommit): no BEGIN and no COMMIT, two round trips of a page's five or so. Each
    read sees what was committed before it began, as each statement of a READ COMMITTED
    transaction (PostgreSQL's default, kept here) does anyway. The first statement that is
    not a plain read (a write, a SAVEPOINT, a ``SELECT … FOR UPDATE``) opens the transaction
    block first, so whatever a read request writes is written and committed, or rolled
    back, as one transaction, and its row locks are held until it ends."""

    @event.listens_for(engine, "begin")
    def _begin(conn):
        if not writing():
            conn.connection.dbapi_connection.autocommit = True
            conn.info[_READING] = True

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, _cursor, statement, _parameters, _context, _executemany):
        if conn.info.get(_READING) and not _plain_read(statement):
            _transaction_block(conn.info, conn.connection.dbapi_connection)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _end(conn):
        if not conn.invalidated:  # a dropped connection is discarded, not reused
            _transaction_block(conn.info, conn.connection.dbapi_connection)

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, record):
        _transaction_block(record.info, dbapi_connection)


def _transaction_block(info: dict, dbapi_connection) -> None:
    """Statements from here on run in a transaction block (psycopg begins one before the
    next statement), as on any connection that did not begin as a read."""
    if info.pop(_READING, None) and dbapi_connection is not None:
        dbapi_connection.autocommit = False


APP_KEY = "supplierlink.app"
#: Set in the WSGI environ once a request's commit has begun: it must never run twice.
COMMIT_STARTED = "supplierlink.commit_started"


class Database:
    """Holds the engine and the session factory of one app; its sessions know their app
    (``session.info``), so work queued on a session runs in the right app."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.session_info: dict = {}
        self.session_factory = self.sessionmaker(self.engine)

    def sessionmaker(self, bind, **options) -> sessionmaker:
        return sessionmaker(bind=bind, expire_on_commit=False, info=self.session_info, **options)

    def init_app(self, app: Flask) -> None:
        app.extensions["supplierlink.db"] = self
        self.session_info[APP_KEY] = app

        @app.after_request
        def _finish(response):
            session = g.pop("db_session", None)
            if session is not None:
                try:
                    if response.status_code < 400:
                        # a conflict found by this flush is retried: nothing is committed yet
                        session.flush()
                        request.environ[COMMIT_STARTED] = True
                        session.commit()
                    else:
                        session.rollback()
                        _store_kept(session)
                finally:
                    session.info.pop(KEPT_KEY, None)
                    session.close()
            return response

        @app.teardown_appcontext
        def _teardown(_exc):
            session = g.pop("db_session", None)
            if session is not None:
                session.rollback()
                session.close()


KEPT_KEY = "supplierlink.kept_on_rollback"


def keep_on_rollback(session: Session, make_row) -> None:
    """Store ``make_row()`` even when the request that asked fails and rolls back: the trail of
    a refused attempt (a failed sign-in) must outlive the refusal."""
    session.info.setdefault(KEPT_KEY, []).append(make_row)


def _store_kept(session: Session) -> None:
    makers = session.info.pop(KEPT_KEY, None)
    if makers:
        session.add_all(make() for make in makers)
        session.commit()


def get_db(app: Flask | None = None) -> Database:
    from flask import current_app

    return (app or current_app).extensions["supplierlink.db"]


def database_key(session: Session) -> str:
    """Which database a session talks to: per-process caches are kept per database."""
    bind = session.get_bind()
    return str(getattr(bind, "engine", bind).url)


def app_of(session: Session) -> Flask:
    """The app a session belongs to (the current app for a session made elsewhere)."""
    from flask import current_app

    return session.info.get(APP_KEY) or current_app._get_current_object()


def get_session() -> Session:
    """The session of the current request or app context, created on first use."""
    if "db_session" not in g:
        g.db_session = get_db().session_factory()
    return g.db_session
