"""Slow work that runs after the commit: on RQ over Redis when ``REDIS_URL`` is set, in this
process otherwise (so ``make run`` needs nothing installed).

A job is a module-level function decorated with :func:`job` that takes a session first and
plain values after it (ids, strings, dates), opens no transaction of its own and is idempotent:
running it twice leaves the same result, so a retry after a failure is safe. Services queue
jobs with :func:`enqueue`; the jobs run only if the transaction that queued them commits, each
in a transaction of its own. A job whose user waits for it is *tracked*: it gets a
:class:`~supplierlink.jobs_models.JobRun` row whose progress a page can poll.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

QUEUE_NAME = "supplierlink"
MAX_ATTEMPTS = 3
RETRY_INTERVALS = (1, 5, 15)  # seconds between attempts on the queue
_PENDING = PENDING_KEY = "supplierlink.pending_jobs"
_AFTER_REQUEST = "supplierlink_jobs_after_request"  # in ``session.info``
_REGISTRY: dict[str, Callable] = {}


def job(func: Callable) -> Callable:
    """Register ``func`` as a job under its module and name (what the queue stores)."""
    func.job_name = f"{func.__module__}:{func.__qualname__}"
    _REGISTRY[func.job_name] = func
    return func


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identifies the same work (the job and its positional arguments): queued twice
        before it runs, it runs once, with the keyword options of the latest call."""
        text = repr((self.name, self.args))
        return hashlib.sha1(text.encode()).hexdigest()[:20]


def enqueue(session: Session, func: Callable, *args, **kwargs) -> Call:
    """Run ``func(session, *args, **kwargs)`` after ``session`` commits (not if it rolls back)."""
    if getattr(func, "job_name", None) not in _REGISTRY:
        raise ValueError(f"{func!r} is not a registered job")
    call = Call(func.job_name, args, kwargs)
    if not session.in_transaction():
        session.begin()  # the job belongs to this transaction: its rollback discards it
    pending = session.info.setdefault(_PENDING, {})
    pending.pop(call.key, None)
    pending[call.key] = call
    return call


def pending_calls(session: Session) -> list[Call]:
    return list(session.info.get(_PENDING, {}).values())


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    # SQLAlchemy announces the release of a savepoint as a commit too; the work waits for the
    # outermost commit. Run at a savepoint's release, a job would begin while the transaction
    # that queued it still holds its locks (on SQLite the write lock: the job waited for its
    # own request until the busy timeout, then again on each retry) and before its rows are
    # visible to other connections (or on the queue, to a worker).
    if session.in_nested_transaction():
        return
    pending = session.info.pop(_PENDING, None)
    if pending:
        from supplierlink.db import app_of

        runner(app_of(session)).dispatch(list(pending.values()))


@event.listens_for(Session, "after_soft_rollback")
def _discard_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_PENDING, None)


# --------------------------------------------------------------------------- running


def perform(name: str, args: tuple = (), kwargs: dict | None = None,
            app: Flask | None = None) -> None:
    """Run one job in a transaction of its own; deadlocks and lost connections are retried."""
    app = app or (current_app._get_current_object() if has_app_context() else worker_app())
    func = _REGISTRY.get(name) or _import_job(name)
    from supplierlink.db import write_transactions

    for attempt in range(1, MAX_ATTEMPTS + 1):
        # jobs write: on SQLite they take the write lock when they begin, even when run after
        # the commit of a request that only read
        with app.app_context(), write_transactions(True):
            from supplierlink.db import get_db

            session = get_db(app).session_factory()
            # the job's session is this context's session: whatever the job reaches asks for
            # ``get_session()`` (the signed-in user of the request a job runs after, for the
            # audit) and gets this one, not a second connection whose transaction would hold
            # SQLite's write lock until the job ends, while the job waits for that lock
            g.db_session = session
            try:
                func(session, *args, **(kwargs or {}))
                session.commit()
                return
            except (OperationalError, DBAPIError) as exc:
                session.rollback()
                if attempt == MAX_ATTEMPTS or not transient(exc):
                    raise
                time.sleep(0.05 * attempt)
            except BaseException:
                session.rollback()
                raise
            finally:
                g.pop("db_session", None)
                session.close()


def transient(exc: BaseException) -> bool:
    """Whether a database error is worth another attempt (a lock, a deadlock, a lost
    connection)."""
    if not isinstance(exc, DBAPIError):
        return False
    from supplierlink.transactions import retryable

    # two jobs re-ranking one requirement at once: the second's rows collide with the first's
    if retryable(exc):
        return True
    text = str(exc.orig if getattr(exc, "orig", None) is not None else exc).lower()
    return any(word in text for word in ("deadlock", "could not serialize", "database is locked",
                                         "connection", "server closed"))


def _import_job(name: str) -> Callable:
    from importlib import import_module

    module, _, _qualname = name.partition(":")
    import_module(module)
    return _REGISTRY[name]


_worker_app: Flask | None = None


def worker_app() -> Flask:
    """The app a queue worker runs jobs in (created once per worker process)."""
    global _worker_app
    if _worker_app is None:
        from supplierlink import create_app

        _worker_app = create_app()
    return _worker_app


class InProcessRunner:
    """Runs the jobs at once, in this process, after the commit that queued them.

    In a request they run once the request's session is closed (at its teardown), and a job
    that queues jobs (its own commits announce changes) does not run them inside its
    transaction: they wait until it has finished and let go of its connection, then run in
    order, each in a transaction of its own.
    """

    def __init__(self, app: Flask):
        self.app = app
        self._local = threading.local()

        @app.teardown_request
        def _after_the_request(_exc):
            calls = g.pop(_AFTER_REQUEST, None)
            if calls:
                # a session opened after the request's commit (by a later handler) is ended
                # first, as the app context's teardown would: it must not hold a lock the
                # jobs wait for
                stray = g.pop("db_session", None)
                if stray is not None:
                    stray.rollback()
                    stray.close()
                self._run(calls)

    def dispatch(self, calls: list[Call]) -> None:
        waiting = getattr(self._local, "waiting", None)
        if waiting is not None:  # inside a job: after it
            waiting.extend(calls)
        elif has_request_context():  # after the request's session is closed
            g.setdefault(_AFTER_REQUEST, []).extend(calls)
        else:
            self._run(calls)

    def _run(self, calls: list[Call]) -> None:
        self._local.waiting = list(calls)
        try:
            while self._local.waiting:
                call = self._local.waiting.pop(0)
                try:
                    perform(call.name, call.args, call.kwargs, app=self.app)
                except Exception:
                    log.exception("job %s failed", call.name)
                    if self.app.config.get("TESTING"):
                        raise
        finally:
            self._local.waiting = None


class RedisRunner:
    """Puts the jobs on the RQ queue; ``supplierlink worker`` (``make worker``) runs them."""

    def __init__(self, app: Flask, url: str):
        from redis import Redis
        from rq import Queue

        self.app = app
        self.connection = Redis.from_url(url)
        self.queue = Queue(app.config.get("JOBS_QUEUE") or QUEUE_NAME, connection=self.connection)
        self.intervals = list(app.config.get("JOBS_RETRY_INTERVALS", RETRY_INTERVALS))

    def dispatch(self, calls: list[Call]) -> None:
        from rq import Retry
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        for call in calls:
            try:
                if Job.fetch(call.key, connection=self.connection).get_status() in (
                        JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
                    continue  # the same work is already waiting: it will see this change too
            except NoSuchJobError:
                pass
            self.queue.enqueue("supplierlink.jobs.perform", call.name, call.args, call.kwargs,
                               job_id=call.key,
                               retry=Retry(max=MAX_ATTEMPTS - 1, interval=self.intervals),
                               result_ttl=600, failure_ttl=7 * 86400)


def run_worker(app: Flask, burst: bool = False) -> None:
    """Run the queued jobs in this process, with ``app`` (its matching engine stays warm from
    one job to the next), until stopped, or until the queue is empty with ``burst``."""
    from rq import SimpleWorker

    global _worker_app
    queue = runner(app)
    if not isinstance(queue, RedisRunner):
        raise RuntimeError("REDIS_URL is not set: jobs run in the web process, no worker needed")
    _worker_app = app
    worker = SimpleWorker([queue.queue], connection=queue.connection)
    worker.work(burst=burst, with_scheduler=True, logging_level="INFO")


def runner(app: Flask):
    """The app's job runner: the queue when ``REDIS_URL`` is set, this process otherwise."""
    found = app.extensions.get("supplierlink.jobs")
    if found is None:
        url = app.config.get("REDIS_URL")
        found = RedisRunner(app, url) if url else InProcessRunner(app)
        app.extensions["supplierlink.jobs"] = found
    return found


def init_app(app: Flask) -> None:
    app.extensions.pop("supplierlink.jobs", None)
    runner(app)
