"""Load benchmark of the pages people use most (``make bench-web``): prints figures, asserts
nothing.

On PostgreSQL (``BENCH_DATABASE_URL``), with the demo scaled to ``SCALE`` SMEs and
``REQUIREMENTS`` requirements (``supplierlink demo --scale``), it times re-ranking one
requirement in the job that does it, then serves the app with gunicorn on 127.0.0.1 and runs
wrk (``apt-get install wrk``) for ``DURATION`` seconds per page at each of ``CLIENTS``
concurrent clients: a requirement's candidates (its buyer signed in), an SME's opportunities,
the programme manager's dashboard, the buyer's list of requirements, the supplier
directory as the buyer finds it (unfiltered) and, as the floor under every signed-in page,
the health check with the buyer's cookie (its SELECT 1 and the session). The same runs are made
against the code of ``BASELINE`` (a commit, exported with ``git archive`` to a temporary
folder and served the same way on the same database) for comparison: the two trees take turns
page by page, the one that goes first alternating, since the machine's pace drifts within
minutes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

from supplierlink.config import default_web_workers

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/supplierlink_bench")
SCALE = int(os.environ.get("SCALE", "10000"))
REQUIREMENTS = int(os.environ.get("REQUIREMENTS", str(SCALE // 10)))
DURATION = int(os.environ.get("DURATION", "10"))
CLIENTS = [int(c) for c in os.environ.get("CLIENTS", "8 32").split()]
#: as ``make serve`` (gunicorn.conf.py): one single-threaded worker per core, at least two
WORKERS = int(os.environ.get("WORKERS") or default_web_workers())
THREADS = int(os.environ.get("THREADS", "1"))
PORT = int(os.environ.get("PORT", "5089"))
#: the code before pages were read a page at a time from stored results ("" skips it)
BASELINE = os.environ.get("BASELINE", "141cee004262e257a50bf6e93ef5b2ab027d6ce9")
PASSWORD = "demo-supplierlink-2026"
BUYER, PROGRAMME_MANAGER = "compras@cordilleranorte.demo", "programas@proveedoresmineros.demo"
SME_LOGINS = [f"proveedor{i:03d}@pymes.demo" for i in range(1, 6)]
ENV = {**os.environ, "DATABASE_URL": DATABASE_URL, "SUPPLIERLINK_ENV": "production",
       "SECRET_KEY": "bench-only-" + os.urandom(24).hex(), "MAIL_URL": "log://"}
ENV.pop("REDIS_URL", None)  # jobs in-process: the pages measured queue none


def _control_option() -> list[str]:
    """No control socket: it would take the default path other servers on the machine use."""
    text = subprocess.run([str(BIN / "gunicorn"), "--help"], capture_output=True,
                          text=True).stdout
    return ["--no-control-socket"] if "--no-control-socket" in text else []


CONTROL = _control_option()
EXTRA = os.environ.get("GUNICORN_EXTRA", "").split()


def say(message: str) -> None:
    print(message, flush=True)


def prepare_database() -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(DATABASE_URL)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                           {"n": url.database}):
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    cli = str(BIN / "supplierlink")
    subprocess.run([cli, "db", "upgrade"], env=ENV, check=True, stdout=subprocess.DEVNULL)
    engine = create_engine(url)
    with engine.connect() as conn:
        smes = conn.scalar(text("SELECT count(*) FROM organisation WHERE kind = 'sme'"))
    if smes < SCALE:
        say(f"loading the demo scaled to {SCALE} SMEs and {REQUIREMENTS} requirements…")
        started = time.perf_counter()
        subprocess.run([cli, "demo", "--if-empty", "--scale", str(SCALE), "--requirements",
                        str(REQUIREMENTS)], env=ENV, check=True, stdout=subprocess.DEVNULL)
        say(f"  loaded in {time.perf_counter() - started:.0f} s")
    # As autovacuum leaves a database some time after a bulk load: statistics read, and the
    # visibility map written, so counts read from an index alone (the list's qualified
    # suppliers and near misses) need not visit the table too.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def targets() -> dict:
    """The URLs to load and who signs in for them."""
    from sqlalchemy import create_engine, text

    engine = create_engine(DATABASE_URL)
    with engine.connect() as conn:
        req_id = conn.scalar(text(
            "SELECT r.id FROM requirement r JOIN membership m ON m.organisation_id = "
            "r.organisation_id JOIN user_account u ON u.id = m.user_id LEFT JOIN match_result "
            "mr ON mr.requirement_id = r.id WHERE u.email = :email AND r.status = 'open' "
            "GROUP BY r.id ORDER BY count(mr.id) DESC, r.id LIMIT 1"), {"email": BUYER})
        sme = conn.scalar(text(
            "SELECT u.email FROM user_account u JOIN membership m ON m.user_id = u.id "
            "LEFT JOIN match_result mr ON mr.supplier_id = m.organisation_id "
            "WHERE u.email = ANY(:emails) GROUP BY u.email ORDER BY count(mr.id) DESC, u.email "
            "LIMIT 1"), {"emails": SME_LOGINS})
        stored = conn.scalar(text(
            "SELECT count(*) FROM match_result mr JOIN membership m ON m.organisation_id = "
            "mr.supplier_id JOIN user_account u ON u.id = m.user_id WHERE u.email = :e"),
            {"e": sme})
    engine.dispose()
    say(f"candidates of requirement {req_id} ({BUYER}); opportunities of {sme} "
        f"({stored} stored results)")
    return {"candidates": (BUYER, f"/requirements/{req_id}"),
            "opportunities": (sme, "/supplier/opportunities"),
            "programme dashboard": (PROGRAMME_MANAGER, "/dashboard"),
            "list of requirements": (BUYER, "/requirements/"),
            "supplier directory": (BUYER, "/directory/"),
            # the floor every signed-in page stands on: the health check reads nothing but
            # its SELECT 1 and, for the headers every answer gets, the buyer's session
            "signed-in floor": (BUYER, "/healthz")}


def time_reranking(samples: int = 10) -> float:
    """Re-rank single requirements through the job that does it, on a fitted engine."""
    sys.path.insert(0, str(ROOT))
    os.environ.update({k: ENV[k] for k in ("DATABASE_URL", "MAIL_URL")})
    from sqlalchemy import select

    from supplierlink import create_app
    from supplierlink.db import get_db
    from supplierlink.matches.services import get_engine
    from supplierlink.matches.subscribers import rerank_requirement
    from supplierlink.requirements.models import Requirement

    app = create_app()
    with app.app_context():
        session = get_db().session_factory()
        started = time.perf_counter()
        engine = get_engine(session)
        fit = time.perf_counter() - started
        ids = session.scalars(select(Requirement.id).where(Requirement.status == "open")
                              .order_by(Requirement.id)).all()
        picked = ids[:: max(1, len(ids) // samples)][:samples]
        times = []
        for req_id in picked:
            started = time.perf_counter()
            rerank_requirement(session, req_id)
            session.commit()
            times.append(time.perf_counter() - started)
        session.close()
    say(f"engine fit on {len(engine)} suppliers: {fit:.2f} s (once per process)")
    say(f"re-ranking one requirement in its job (rank, explain, store; {len(times)} "
        f"requirements): median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms")
    return fit


def sign_in(email: str) -> str:
    """The Cookie header of a signed-in session (the login form's CSRF token included)."""
    conn = HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = _cookies(response)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    body = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email,
                                   "password": PASSWORD})
    conn.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "Cookie": _cookie_header(cookie)})
    response = conn.getresponse()
    response.read()
    if response.status not in (302, 303):
        raise SystemExit(f"signing in as {email} failed: {response.status}")
    cookie |= _cookies(response)
    # the page signing in leads to, as a browser follows it: it shows the welcome message once
    # and the cookie it sets is the one a browser sends from then on
    conn.request("GET", urllib.parse.urlsplit(response.getheader("Location")).path,
                 headers={"Cookie": _cookie_header(cookie)})
    response = conn.getresponse()
    response.read()
    return _cookie_header(cookie | _cookies(response))


def _cookie_header(cookie: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookie.items())


def _cookies(response) -> dict:
    pairs = (value.split(";", 1)[0].split("=", 1) for key, value in response.getheaders()
             if key.lower() == "set-cookie")
    return dict(pairs)


def wrk(url: str, cookie: str, clients: int, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s",
         "-s", str(ROOT / "bench" / "wrk_report.lua"), "-H", f"Cookie: {cookie}",
         "-H", "Accept-Encoding: gzip", f"http://127.0.0.1:{PORT}{url}"],
        capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    return json.loads(out.strip().splitlines()[-1])


def _answering() -> bool:
    try:
        conn = HTTPConnection("127.0.0.1", PORT, timeout=5)
        conn.request("GET", "/login")
        conn.getresponse().read()
        return True
    except OSError:
        return False


def serve(code: Path):
    if _answering():
        raise SystemExit(f"something already answers on port {PORT}")
    env = {**ENV, "PYTHONPATH": str(code)}
    # the settings of ``make serve`` (gunicorn.conf.py, when the tree has one), with the
    # workers, threads and address of this run
    config = ["-c", str(code / "gunicorn.conf.py")] if (code / "gunicorn.conf.py").exists() else []
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), *config, "--workers", str(WORKERS), "--threads", str(THREADS),
         "--worker-class", "gthread" if THREADS > 1 else "sync",
         "--bind", f"127.0.0.1:{PORT}", "--chdir", str(code),
         "--graceful-timeout", "5", "--log-level", "warning", *CONTROL, *EXTRA,
         "supplierlink:create_app()"], env=env, cwd=str(code),
        # the app writes its line per request as in production, where nobody reads it here
        stdout=subprocess.DEVNULL)
    deadline = time.time() + 180  # a busy machine takes a while to import the app
    while time.time() < deadline and process.poll() is None:
        if _answering():
            return process
        time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process) -> None:
    process.terminate()  # graceful for --graceful-timeout seconds, then the workers are killed
    process.wait(timeout=60)
    deadline = time.time() + 30
    while _answering() and time.time() < deadline:  # workers finishing their requests
        time.sleep(0.5)


def run_page(label: str, code: Path, name: str, target: tuple, fit_seconds: float) -> dict:
    """One page served by one tree, on a server of its own, so requests a slow page left
    queued do not hold up the next figures."""
    email, url = target
    results = {}
    process = serve(code)
    try:
        cookie = sign_in(email)
        # warm up every worker (templates; and the engine, fitted on first use, for the
        # pages that ask it): not part of the figures
        warm = int(2 * fit_seconds) + 5 if name == "opportunities" else 3
        wrk(url, cookie, WORKERS * THREADS, warm)
        for clients in CLIENTS:
            r = wrk(url, cookie, clients, DURATION)
            results[name, clients] = r
            if not r["requests"]:
                say(f"{label:20} {name:22} {clients:3d} clients  no answer within {DURATION} s")
                continue
            say(f"{label:20} {name:22} {clients:3d} clients  "
                f"{r['requests'] / r['seconds']:7.1f} req/s  p50 {r['p50']:7.1f}  "
                f"p95 {r['p95']:7.1f}  p99 {r['p99']:7.1f} ms  errors {r['errors']}  "
                f"({r['requests']} answered, {r['bytes'] // max(1, r['requests'])} B/answer)")
    finally:
        stop(process)
    return results


def static_urls(label: str, code: Path) -> None:
    process = serve(code)
    try:
        conn = HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.request("GET", "/login")
        versioned = "app.css?v=" in conn.getresponse().read().decode()
        say(f"{label}: {code}, static URLs {'versioned' if versioned else 'not versioned'}")
    finally:
        stop(process)


def static_headers(code: Path) -> None:
    process = serve(code)
    try:
        conn = HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.request("GET", "/login")
        page = conn.getresponse().read().decode()
        css = re.search(r'href="(/static/css/app\.css[^"]*)"', page).group(1)
        conn.request("GET", css, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        body = response.read()
        say(f"static {css}: {response.getheader('Content-Encoding')}, {len(body)} B, "
            f"Cache-Control: {response.getheader('Cache-Control')}")
    finally:
        stop(process)


def request_costs(label: str, code: Path, pages: dict) -> dict:
    """Per request of each page, one at a time through the app's test client (figures that do
    not depend on how busy the machine is, unlike the load runs): CPU time of the serving
    thread and SQL statements sent (``bench/profile_pages.py`` run inside ``code``)."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "profile_pages.py"),
         json.dumps({name: list(target) for name, target in pages.items()})],
        env={**ENV, "PYTHONPATH": str(code), "LOG_LEVEL": "WARNING"}, cwd=str(code),
        capture_output=True, text=True)
    if run.returncode:
        say(f"{label}: per-request figures failed: {run.stderr.strip().splitlines()[-1:]}")
        return {}
    out = run.stdout
    costs = json.loads(out.strip().splitlines()[-1])
    for name, c in costs.items():
        if "status" in c:
            say(f"{label:20} {name:22} per request  not served (answers {c['status']})")
            continue
        say(f"{label:20} {name:22} per request  CPU {c['cpu_ms']:6.1f} ms (median; least "
            f"{c['cpu_min_ms']:5.1f})  {c['queries']:4.0f} SQL statements  "
            f"{c['bytes']:7d} B before compression")
    return costs


def baseline_tree(commit: str = BASELINE) -> Path:
    """The code of ``commit``, exported to a temporary folder with its translations built."""
    folder = Path(tempfile.mkdtemp(prefix="supplierlink-baseline-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([str(BIN / "pybabel"), "compile", "--use-fuzzy", "-f", "-d",
                    str(folder / "supplierlink" / "translations")], check=True,
                   capture_output=True)
    return folder


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    load = os.getloadavg()
    say(f"{os.cpu_count()} cores, load average {load[0]:.1f} at the start")
    prepare_database()
    fit_seconds = time_reranking()
    pages = targets()
    if os.environ.get("PAGES"):  # a subset by name, comma-separated ("candidates,list of requirements")
        wanted = [name.strip() for name in os.environ["PAGES"].split(",")]
        pages = {name: pages[name] for name in wanted}
    static_headers(ROOT)
    trees = [("this tree", ROOT)]
    folder = baseline_tree() if BASELINE else None
    if folder is not None:
        trees.append((f"baseline {BASELINE[:10]}", folder))
    try:
        say(f"\n== gunicorn {WORKERS} workers × {THREADS} threads, {DURATION} s per run; the "
            "trees take turns page by page, the first tree alternating (the machine's pace "
            "drifts within minutes)")
        for label, code in trees:
            static_urls(label, code)
        results = {label: {} for label, _code in trees}
        costs = {label: {} for label, _code in trees}
        for turn, (name, target) in enumerate(pages.items()):
            order = trees if turn % 2 == 0 else trees[::-1]
            for label, code in order:
                results[label].update(run_page(label, code, name, target, fit_seconds))
            for label, code in order:
                costs[label].update(request_costs(label, code, {name: target}))
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    after, after_costs = results["this tree"], costs["this tree"]
    before = results[trees[-1][0]] if folder is not None else {}
    before_costs = costs[trees[-1][0]] if folder is not None else {}
    say("\n== summary (requests/s, p95 ms, errors): this tree | baseline")
    for key, r in after.items():
        b = before.get(key)
        then = ("—" if not b else "no answer" if not b["requests"] else
                "not served (every answer an error)" if b["status_errors"] == b["requests"]
                else f"{b['requests'] / b['seconds']:7.1f} {b['p95']:8.1f} {b['errors']:4d}")
        say(f"{key[0]:22} {key[1]:3d} clients  {r['requests'] / r['seconds']:7.1f} "
            f"{r['p95']:8.1f} {r['errors']:4d} | {then}")
    say("\n== per request, one at a time (CPU ms median, SQL statements): this tree | baseline")
    def cost(c) -> str:
        return ("—" if not c else f"answers {c['status']}" if "status" in c else
                f"{c['cpu_ms']:7.1f} {c['queries']:4.0f}")

    for name, c in after_costs.items():
        say(f"{name:22} {cost(c)} | {cost(before_costs.get(name))}")
    load = os.getloadavg()
    say(f"load average {load[0]:.1f} at the end")


if __name__ == "__main__":
    main()
