"""Per-request cost of the pages ``bench_web.py`` loads, independent of the machine's load:
CPU time of the thread that serves the request and the SQL statements it sends.

Run inside the code tree to measure (``PYTHONPATH`` names it) against the database of
``DATABASE_URL``; each page is requested through the app's test client, signed in as the
user who sees it, a few times to warm up and then ``REPEAT`` times. Prints one JSON object
(page -> figures) on its last line; ``--profile PAGE`` prints a cProfile of that page instead;
``--count PAGE`` requests it ``REPEAT`` times between two handshakes on stdin and stdout, for
``bench/count_instructions.py``.

    DATABASE_URL=postgresql+psycopg://… SUPPLIERLINK_ENV=production SECRET_KEY=… \\
        python bench/profile_pages.py '{"candidates": ["buyer@…", "/requirements/17"]}'
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time

PASSWORD = "demo-supplierlink-2026"
REPEAT = 20
WARM = 3


def sign_in(client, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    answer = client.post("/login", data={"csrf_token": token.group(1), "email": email,
                                         "password": PASSWORD})
    if answer.status_code not in (302, 303):
        raise SystemExit(f"signing in as {email} failed: {answer.status_code}")


def _handshake(word: str) -> None:
    print(word, flush=True)
    sys.stdin.readline()


def main() -> None:
    pages = json.loads(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 3 else None
    profile = sys.argv[3] if mode in ("--profile", "--count") else None
    from sqlalchemy import event

    from supplierlink import create_app
    from supplierlink.db import get_db

    app = create_app()
    statements = []
    event.listen(get_db(app).engine, "before_cursor_execute",
                 lambda *args, **kw: statements.append(args[2]))
    figures = {}
    for name, (email, url) in pages.items():
        if profile and name != profile:
            continue
        # over HTTPS as far as the app knows: production cookies are marked Secure
        client = app.test_client()
        client.environ_base["wsgi.url_scheme"] = "https"
        sign_in(client, email)
        answered = {client.get(url).status_code for _ in range(WARM)}
        if answered != {200}:  # a page this tree does not have (an older commit's, say)
            figures[name] = {"status": sorted(answered)}
            continue
        if mode == "--count":
            # under callgrind (bench/count_instructions.py), which counts the instructions of
            # the requests alone: it turns counting on between "ready" and "done"
            _handshake("ready")
            for _ in range(REPEAT):
                client.get(url, headers={"Accept-Encoding": "gzip"})
            _handshake("done")
            return
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(REPEAT):
                client.get(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(60)
            print(out.getvalue())
            statements.clear()
            client.get(url)
            for statement in statements:
                print(" ".join(statement.split())[:300])
            return
        cpu, wall, queries, size = [], [], [], 0
        for _ in range(REPEAT):
            statements.clear()
            c0, w0 = time.thread_time(), time.perf_counter()
            answer = client.get(url)
            cpu.append(time.thread_time() - c0)
            wall.append(time.perf_counter() - w0)
            queries.append(len(statements))
            size = len(answer.get_data())
        figures[name] = {"cpu_ms": statistics.median(cpu) * 1000, "cpu_min_ms": min(cpu) * 1000,
                         "wall_ms": statistics.median(wall) * 1000,
                         "queries": statistics.median(queries), "bytes": size}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
