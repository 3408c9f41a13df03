"""Several processes on one database: a change made through one is ranked correctly by the
others' engines at once, by updating the changed supplier, not by fitting anew."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from supplierlink import migrate

ROOT = Path(__file__).resolve().parents[2]


class AppProcess:
    def __init__(self, url: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.app_process", url], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)

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


@pytest.fixture
def two_processes(empty_database):
    migrate.upgrade(empty_database)
    first, second = AppProcess(empty_database), AppProcess(empty_database)
    yield first, second
    first.close()
    second.close()


def test_a_change_through_one_process_is_ranked_by_the_other(two_processes):
    first, second = two_processes
    ids = first("setup")
    before = [process("rank", requirement=ids["requirement"]) for process in two_processes]
    for answer in before:  # both engines are warm: the SME serves Peru only
        assert ids["sme"] in answer["near"] and ids["sme"] not in answer["qualified"]

    first("serve", sme=ids["sme"], regions=["CL"])
    started = time.perf_counter()
    after = second("rank", requirement=ids["requirement"])
    elapsed = time.perf_counter() - started
    print(f"\nranked by the other process {elapsed * 1000:.0f} ms after the change")

    assert ids["sme"] in after["qualified"]
    # the other process took in one supplier; it did not fit its engine anew
    assert after["fitted_at"] == before[1]["fitted_at"]
    assert after["updates"] == before[1]["updates"] + 1
