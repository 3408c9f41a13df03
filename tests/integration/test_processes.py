"""Several processes on one database: a change made through one is ranked correctly by the
others' engines at once, by updating the changed supplier, not by fitting anew."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supplierlink import migrate

ROOT = Path(__file__).resolve().parents[2]


REDIS_URL = os.environ.get("SUPPLIERLINK_TEST_REDIS_URL")
DEADLINE = 5.0  # seconds; generous for a loaded machine (the figure printed is the measure)


class AppProcess:
    def __init__(self, url: str, redis_url: str | None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.app_process", url, *([redis_url] if redis_url else [])],
            cwd=ROOT, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def __call__(self, op: str, **fields) -> dict:
        self.proc.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(params=["change log"] + (["redis messages"] if REDIS_URL else []))
def two_processes(request, empty_database):
    """Two processes that learn of changes from the change log alone, or woken by Redis."""
    migrate.upgrade(empty_database)
    redis_url = REDIS_URL if request.param == "redis messages" else None
    first, second = AppProcess(empty_database, redis_url), AppProcess(empty_database, redis_url)
    yield first, second
    first.close()
    second.close()
    if redis_url:
        from redis import Redis
        from rq import Queue

        Queue("process-test", connection=Redis.from_url(redis_url)).empty()


def test_a_change_through_one_process_is_ranked_by_the_other(two_processes):
    first, second = two_processes
    ids = first("setup")
    before = [process("rank", requirement=ids["requirement"]) for process in two_processes]
    for answer in before:  # both engines are warm: the SME serves Peru only
        assert ids["sme"] in answer["near"] and ids["sme"] not in answer["qualified"]

    idle = second("rank", requirement=ids["requirement"])
    if idle["listening"]:  # no message, no change: the log was not even read
        assert idle["checks"] == before[1]["checks"]

    first("serve", sme=ids["sme"], regions=["CL"])
    started = time.perf_counter()
    after = second("rank", requirement=ids["requirement"])
    # from the log, the very next transaction sees it; a Redis message may take a moment
    while ids["sme"] not in after["qualified"] and time.perf_counter() - started < DEADLINE:
        time.sleep(0.02)
        after = second("rank", requirement=ids["requirement"])
    elapsed = time.perf_counter() - started
    print(f"\nranked by the other process {elapsed * 1000:.0f} ms after the change")

    assert ids["sme"] in after["qualified"]
    # the other process took in one supplier; it did not fit its engine anew
    assert after["fitted_at"] == before[1]["fitted_at"]
    assert after["updates"] == before[1]["updates"] + 1
