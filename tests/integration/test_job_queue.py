"""Jobs after the commit: in this process without Redis; on the RQ queue, run by a real
``supplierlink worker``, when ``SUPPLIERLINK_TEST_REDIS_URL`` names a Redis (CI sets it)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supplierlink import create_app, jobs, migrate
from supplierlink.db import get_db
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import stale_requirement_ids
from supplierlink.matches.subscribers import rerank_requirement
from tests import app_process
from tests.factories import committed
from tests.jobs_for_tests import fails_once

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SUPPLIERLINK_TEST_REDIS_URL")
QUEUES = ["in-process"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=QUEUES)
def queued_app(request, empty_database):
    migrate.upgrade(empty_database)
    config = {"DATABASE_URL": empty_database, "SECRET_KEY": "jobs-test", "TESTING": True}
    if request.param == "redis":
        config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=f"test-{uuid.uuid4().hex[:10]}",
                      JOBS_RETRY_INTERVALS=[0])
    app = create_app(config)
    yield app
    get_db(app).engine.dispose()


def run_worker(app) -> None:
    env = {**os.environ, "DATABASE_URL": app.config["DATABASE_URL"],
           "REDIS_URL": app.config["REDIS_URL"],
           "SUPPLIERLINK_JOBS_QUEUE": app.config["JOBS_QUEUE"], "PYTHONPATH": str(ROOT)}
    subprocess.run([str(Path(sys.executable).parent / "supplierlink"), "worker", "--burst"],
                   cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)


def stored(app, requirement_id) -> tuple[int, set]:
    def read(session):
        count = session.scalar(select(func.count()).select_from(MatchResult)
                               .where(MatchResult.requirement_id == requirement_id))
        return count, stale_requirement_ids(session, [requirement_id])
    return committed(app, read)


def test_a_published_requirement_is_ranked_by_a_job_after_the_commit(queued_app):
    ids = committed(queued_app, lambda session: app_process.setup(session, {}))
    if queued_app.config.get("REDIS_URL"):
        # on the queue: "updating…" until a worker has run the job
        assert stored(queued_app, ids["requirement"]) == (0, {ids["requirement"]})
        run_worker(queued_app)
    count, stale = stored(queued_app, ids["requirement"])
    assert count == 1 and stale == set()


def test_jobs_are_idempotent(queued_app):
    ids = committed(queued_app, lambda session: app_process.setup(session, {}))
    if queued_app.config.get("REDIS_URL"):
        run_worker(queued_app)
    first = committed(queued_app, lambda s: s.scalars(select(MatchResult.supplier_id).where(
        MatchResult.requirement_id == ids["requirement"])).all())
    for _ in range(2):
        committed(queued_app, lambda s: jobs.enqueue(s, rerank_requirement, ids["requirement"]))
        if queued_app.config.get("REDIS_URL"):
            run_worker(queued_app)
    again = committed(queued_app, lambda s: s.scalars(select(MatchResult.supplier_id).where(
        MatchResult.requirement_id == ids["requirement"])).all())
    assert again == first == [ids["sme"]]


def ranked_then_cleared(queued_app) -> dict:
    """A requirement ranked by its job, then its stored results deleted."""
    ids = committed(queued_app, lambda session: app_process.setup(session, {}))
    if queued_app.config.get("REDIS_URL"):
        run_worker(queued_app)
    committed(queued_app, lambda s: s.execute(MatchResult.__table__.delete()))
    return ids


def test_a_job_queued_by_a_rolled_back_transaction_never_runs(queued_app):
    ids = ranked_then_cleared(queued_app)
    with queued_app.app_context():
        session = get_db(queued_app).session_factory()
        jobs.enqueue(session, rerank_requirement, ids["requirement"])
        session.rollback()
        session.commit()  # a later commit of the same session has nothing left to run
        session.close()
    if queued_app.config.get("REDIS_URL"):
        run_worker(queued_app)
    assert stored(queued_app, ids["requirement"])[0] == 0


def test_a_released_savepoint_does_not_run_the_jobs_queued_in_it(queued_app):
    """Only the transaction's own commit runs them: released with the savepoint, an in-process
    job would run while the transaction still holds its rows (and SQLite's write lock), and a
    rollback after it could not take it back."""
    ids = ranked_then_cleared(queued_app)
    with queued_app.app_context():
        session = get_db(queued_app).session_factory()
        session.begin()
        savepoint = session.begin_nested()
        jobs.enqueue(session, rerank_requirement, ids["requirement"])
        savepoint.commit()
        assert jobs.pending_calls(session)  # still waiting for the transaction
        session.rollback()
        session.close()
    if queued_app.config.get("REDIS_URL"):
        run_worker(queued_app)
    assert stored(queued_app, ids["requirement"])[0] == 0


if REDIS_URL:  # retries belong to the queue: in-process jobs fail with their request
    def test_a_failed_job_is_retried_by_the_worker(empty_database):
        from redis import Redis

        migrate.upgrade(empty_database)
        app = create_app({"DATABASE_URL": empty_database, "SECRET_KEY": "jobs-test",
                          "TESTING": True, "REDIS_URL": REDIS_URL,
                          "JOBS_QUEUE": f"test-{uuid.uuid4().hex[:10]}",
                          "JOBS_RETRY_INTERVALS": [0]})
        key = f"supplierlink-test-attempts-{uuid.uuid4().hex}"
        call = committed(app, lambda session: jobs.enqueue(session, fails_once, key))
        run_worker(app)
        from rq.job import Job

        redis = Redis.from_url(REDIS_URL)
        assert int(redis.get(key)) == 2
        assert Job.fetch(call.key, connection=redis).get_status() == "finished"
        redis.delete(key)
        get_db(app).engine.dispose()


def test_work_queued_inside_a_savepoint_waits_for_the_outer_commit(queued_app):
    """Releasing a savepoint is announced as a commit: the jobs must not start then, while the
    outer transaction still holds its locks and its rows are not visible to them."""
    def work(session):
        with session.begin_nested():
            jobs.enqueue(session, rerank_requirement, 0)
        assert [c.name for c in jobs.pending_calls(session)] == [rerank_requirement.job_name]
        return session

    session = committed(queued_app, work)
    assert jobs.pending_calls(session) == []  # dispatched by the outer commit
