"""Instructions per request of the pages ``make bench-web`` loads, counted by callgrind: figures
that stay the same however busy the machine is (its pace moves requests/s and processor time by
a factor of two during a day; the same requests give the same count to within 0.2%, the same
code exported to another folder to within 0.5%). Prints figures, asserts nothing.

Each page is requested through the app's test client (``bench/profile_pages.py --count``), as
the user who sees it, on the ``make bench-web`` database (made and loaded as that benchmark
does when missing), ``REPEAT`` times after a warm-up; valgrind counts only those requests. The
same pages are counted for the code of ``BASELINE`` (a commit, exported with ``git archive``;
``BASELINE=""`` skips it) and the ratio printed. Needs valgrind (``apt-get install
valgrind``); ``PAGES`` picks pages by name, as for ``make bench-web``.

    .venv/bin/python bench/count_instructions.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_web

ROOT = bench_web.ROOT
REPEAT = int(os.environ.get("REPEAT", "20"))
BASELINE = os.environ.get("BASELINE", "HEAD~1")


def count(code: Path, name: str, target: tuple) -> int | None:
    """Instructions per request of one page served by the code in ``code``."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "valgrind.log"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={scratch}/callgrind.out", f"--log-file={log}",
             sys.executable, str(ROOT / "bench" / "profile_pages.py"),
             json.dumps({name: list(target)}), "--count", name],
            env={**bench_web.ENV, "PYTHONPATH": str(code), "LOG_LEVEL": "WARNING",
                 "REPEAT": str(REPEAT)},
            cwd=str(code), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

        def step(word: str, switch: str) -> bool:
            line = process.stdout.readline().strip()
            if line != word:
                return False
            subprocess.run(["callgrind_control", "--instr=" + switch, str(process.pid)],
                           check=True, capture_output=True)
            process.stdin.write("\n")
            process.stdin.flush()
            return True

        counted = step("ready", "on") and step("done", "off")
        process.communicate(timeout=600)
        found = re.search(r"Collected : (\d+)", log.read_text()) if log.exists() else None
    if not counted or found is None:
        return None
    return int(found.group(1)) // REPEAT


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is missing: apt-get install valgrind")
    bench_web.prepare_database()
    pages = bench_web.targets()
    if os.environ.get("PAGES"):
        pages = {name.strip(): pages[name.strip()] for name in os.environ["PAGES"].split(",")}
    trees = [("this tree", ROOT)]
    folder = None
    if BASELINE:
        folder = bench_web.baseline_tree(BASELINE)
        trees.append((f"baseline {BASELINE}", folder))
    print(f"\n== instructions per request (callgrind), {REPEAT} requests of each page after "
          "a warm-up", flush=True)
    figures = {}
    try:
        for name, target in pages.items():
            for label, code in trees:
                figures[(name, label)] = counted = count(code, name, target)
                print(f"{label:22} {name:22} "
                      + (f"{counted:>14,}" if counted else "  not counted (not served)"),
                      flush=True)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    def shown(value) -> str:
        return f"{value:>14,}" if value else f"{'—':>14}"

    print("\n== summary (instructions per request): this tree | baseline | ratio")
    for name in pages:
        now = figures.get((name, "this tree"))
        then = figures.get((name, trees[-1][0])) if folder is not None else None
        ratio = f"{now / then:.3f}" if now and then else "—"
        print(f"{name:22} {shown(now)} | {shown(then)} | {ratio}")


if __name__ == "__main__":
    main()
