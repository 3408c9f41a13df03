"""Many users on the same records: row locks, conflicts, and requests run again when the
database refuses them for a reason a second attempt does not meet.

Each request is one transaction. Services lock the rows they are about to change
(:func:`lock`), so two users acting on one record at once take turns, and the second sees what
the first did. What locking cannot prevent is answered by running the whole request again on a
fresh session, a bounded number of times: PostgreSQL choosing it as a deadlock's victim, a
serialisation failure, two transactions inserting the same unique row (a double shortlist or
application: the second attempt finds the first one's row and answers as it did), SQLite's
write lock still taken after the busy timeout, or a versioned row changed under it (the second
attempt compares the version the user saw with the current one and shows the conflict).
"""

from __future__ import annotations

import copy
import logging
import random
import time

from flask import Flask, g, request
from flask import session as cookie_session
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from supplierlink.db import COMMIT_STARTED, write_transactions
from supplierlink.errors import ConflictError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: serialization_failure, deadlock_detected, unique_violation, lock_not_available
RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505", "55P03"})


def lock(session: Session, record):
    """Hold ``record``'s row until the transaction ends (``SELECT … FOR UPDATE``) and read its
    latest committed values, so that checks made next see what a concurrent user did.

    SQLite has no row locks: a request that writes holds the database's write lock from its
    first statement (``BEGIN IMMEDIATE``), which serialises writers just the same.
    """
    session.flush()  # changes this transaction made to it are written, not lost by the refresh
    session.refresh(record, with_for_update={"of": type(record)})
    return record


def lock_id(session: Session, model, ident: int) -> None:
    """Hold the lock of ``model``'s row ``ident`` until the transaction ends, without reading
    the record again (for work that replaces rows hanging from it)."""
    session.execute(select(model.id).where(model.id == ident).with_for_update())


def flush_or_conflict(session: Session, message) -> None:
    """Flush; a versioned row changed by someone else since it was read is a conflict.

    The failed flush leaves the transaction unusable, so it is rolled back here: the page that
    shows the conflict reads the other user's change instead of failing.
    """
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        raise ConflictError({"": message}) from exc


def retryable(exc: BaseException) -> bool:
    """Whether running the request again may succeed where this attempt failed."""
    if isinstance(exc, StaleDataError):
        return True
    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return False
    if exc.connection_invalidated:
        # a pooled connection the server dropped (a restart, an idle timeout): the pool has
        # discarded it, and connections are not tested before each use, so the next
        # attempt gets a live one
        return True
    if getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    text = str(exc.orig).lower()
    if isinstance(exc, IntegrityError):
        return "unique constraint failed" in text  # SQLite
    return isinstance(exc, OperationalError) and "database is locked" in text


def init_app(app: Flask) -> None:
    """Run each request again, up to :data:`MAX_ATTEMPTS` times, when it failed for a
    :func:`retryable` reason before its commit began."""
    dispatch = app.full_dispatch_request
    attempts = app.config.get("REQUEST_ATTEMPTS", MAX_ATTEMPTS)

    def full_dispatch_request():
        saved_cookie = copy.deepcopy(dict(cookie_session))
        for attempt in range(1, attempts + 1):
            # a read request that turned out to write is retried as a write transaction
            with write_transactions(request.method not in READ_METHODS or attempt > 1):
                try:
                    return dispatch()
                except Exception as exc:
                    if (attempt == attempts or not retryable(exc)
                            or request.environ.get(COMMIT_STARTED)):
                        raise
                    log.warning("attempt %d of %s %s failed (%s: %s); running it again",
                                attempt, request.method, request.path, type(exc).__name__,
                                str(getattr(exc, "orig", None) or exc).splitlines()[0])
            _start_again(saved_cookie)
            time.sleep(random.uniform(0.005, 0.03) * attempt)

    app.full_dispatch_request = full_dispatch_request


def _start_again(saved_cookie: dict) -> None:
    """Forget what the failed attempt did: its session, ``g``, messages it flashed, and how
    far it read the uploaded files."""
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
    for name in list(g):
        g.pop(name, None)
    for _name, storage in request.files.items(multi=True):
        storage.stream.seek(0)
    cookie_session.clear()
    cookie_session.update(saved_cookie)
