"""Supplier directory search at 10,000 SMEs (or ``--suppliers N``), on SQLite or PostgreSQL.

    python bench/bench_directory.py                       # a SQLite file in a temporary folder
    python bench/bench_directory.py --postgresql postgresql+psycopg://postgres@127.0.0.1/postgres

With ``--postgresql`` a scratch database is created on that server and dropped afterwards.
Prints p50/p95 of ``search_suppliers`` (filters, facet counts, one page) per kind of query, as
a buyer (every SME) and as a visitor (the public directory), then the same queries answered by
the search service of commit ``--baseline`` (extracted with ``git archive`` at run time and run
in a process of its own on the same database; ``--baseline ''`` skips it) and the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from supplierlink import create_app, migrate
from supplierlink.catalogue.models import Category, Standard
from supplierlink.catalogue.services import load_reference_data
from supplierlink.db import get_db
from supplierlink.demo_data import LINES, REGIONS
from supplierlink.directory.documents import rebuild_directory
from supplierlink.directory.search import DirectoryQuery, search_suppliers
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion, SupplierProfile

ROOT = Path(__file__).resolve().parents[1]
#: main before the directory's publication field by field and its one-statement search
BASELINE = "5172f0a"
QUERIES = {
    "words": DirectoryQuery(text="correas transportadoras"),
    "words + region + verified standard": DirectoryQuery(text="mantención", region="CL-AN",
                                                          standard="iso-9001",
                                                          verified_only=True),
    "category family + country + size": DirectoryQuery(category="46180000", country="PE",
                                                        size="small", sort="name"),
    "region + capacity + stage": DirectoryQuery(region="CL", min_capacity=1000, min_stage=1,
                                                sort="capacity"),
    "words (English) + standard, page 3": DirectoryQuery(text="laboratory assays",
                                                         standard="iso-17025", page=3),
    "no filter, by name, page 50": DirectoryQuery(sort="name", page=50),
}
#: the same for a visitor: only the public directory, read by what each SME publishes
PUBLIC_QUERIES = ("words", "words + region + verified standard", "region + capacity + stage")


def populate(session, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    load_reference_data(session)
    categories = dict(session.execute(select(Category.code, Category.id)).all())
    standards = dict(session.execute(select(Standard.key, Standard.id)).all())
    today = date.today()
    for start in range(0, count, 500):
        batch = []
        for i in range(start, min(count, start + 500)):
            line = rng.choice(list(LINES))
            country = rng.choice(list(REGIONS))
            batch.append((line, Organisation(
                kind="sme", legal_name=f"{line.title()} {i:05d} SpA", country=country,
                tax_country=country, tax_id=f"B{i:08d}", region=rng.choice(REGIONS[country]),
                employees=max(2, int(rng.lognormvariate(3.2, 1.0))),
                description=LINES[line][1] if rng.random() < 0.7 else LINES[line][2],
                published=rng.random() < 0.8)))
        session.add_all(org for _line, org in batch)
        session.flush()  # one multi-row insert for the batch
        for line, org in batch:
            codes, _text_es, text_en, pool, unit, scale = LINES[line]
            session.add(SupplierProfile(organisation_id=org.id, capabilities_text=text_en,
                                        capacity=round(scale * rng.uniform(0.1, 1.6)),
                                        capacity_unit=unit,
                                        programme_stage=rng.choice([None, None, 0, 1, 2, 3])))
            session.add_all(Capability(organisation_id=org.id, category_id=categories[c])
                            for c in codes if c in categories)
            served = {org.region} | ({org.country} if rng.random() < 0.2 else set())
            session.add_all(ServiceRegion(organisation_id=org.id, region_code=r) for r in served)
            for key in pool:
                if key in standards and rng.random() < 0.45:
                    session.add(Certification(
                        organisation_id=org.id, standard_id=standards[key],
                        status=rng.choice(["verified", "self_declared"]),
                        expires_on=today + timedelta(days=rng.randint(-200, 900))))
        session.flush()
    session.commit()


def _p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95) - 1]


def measure(session, runs: int) -> dict:
    """{query: (found, p50, p95)}, printed as it goes; the load average beside the total."""
    found, everything = {}, []
    kinds = [(name, query, False) for name, query in QUERIES.items()]
    kinds += [(f"{name} (visitor)", QUERIES[name], True) for name in PUBLIC_QUERIES]
    for name, query, public in kinds:
        times, total = [], 0
        for run in range(runs + 2):
            _forget_recent_answers()  # each run searches (a repeat is timed apart, below)
            start = time.perf_counter()
            result = search_suppliers(session, query, public_only=public)
            elapsed = (time.perf_counter() - start) * 1000
            if run >= 2:  # the first runs warm the caches
                times.append(elapsed)
            total = result.total
        everything += times
        found[name] = (total, statistics.median(times), _p95(times))
        print(f"  {name:<50} {total:>6} found   p50 {found[name][1]:6.1f} ms   "
              f"p95 {found[name][2]:6.1f} ms", flush=True)
    found["all queries"] = (None, statistics.median(everything), _p95(everything))
    print(f"  {'all queries':<50} {'':>6}         p50 {found['all queries'][1]:6.1f} ms   "
          f"p95 {found['all queries'][2]:6.1f} ms   (load average {os.getloadavg()[0]:.1f})",
          flush=True)
    name, query = next(iter(QUERIES.items()))
    again = []
    for _run in range(runs):
        start = time.perf_counter()
        search_suppliers(session, query, public_only=False)
        again.append((time.perf_counter() - start) * 1000)
    print(f"  {name + ', asked again, nothing changed':<50} {'':>6}         "
          f"p50 {statistics.median(again):6.1f} ms   p95 {_p95(again):6.1f} ms", flush=True)
    return found


def _forget_recent_answers() -> None:
    """The search service's recent answers (kept while no supplier changes), where the code
    measured has them: the commit compared against may not."""
    from supplierlink.directory import search

    forget = getattr(search, "forget_recent_answers", None)
    if forget is not None:
        forget()


def measure_only(url: str, runs: int) -> None:
    """Time the queries on a database already loaded (by the code found first on the path)."""
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench" * 8})
    with app.app_context():
        session = get_db(app).session_factory()
        found = measure(session, runs)
        session.close()
    get_db(app).engine.dispose()
    print("RESULT " + json.dumps(found))


def measure_baseline(url: str, runs: int, rev: str) -> dict:
    """The same queries answered by the code of commit ``rev`` on the same database."""
    archive = subprocess.run(["git", "archive", rev, "supplierlink", "matching", "programs"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory(prefix="bench-directory-") as where:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(where, filter="data")
        env = {**os.environ, "PYTHONPATH": where}
        done = subprocess.run([sys.executable, __file__, "--measure-only", url,
                               "--runs", str(runs)], env=env, check=True,
                              capture_output=True, text=True, cwd=where)
    print(done.stdout.rsplit("RESULT ", 1)[0], end="")
    return json.loads(done.stdout.rsplit("RESULT ", 1)[1])


def compare(ours: dict, theirs: dict, rev: str) -> None:
    print(f"\n  p95 this tree / commit {rev} (below 1: faster)")
    for name, (total, _p50, p95) in ours.items():
        if name in theirs:
            ratio = p95 / theirs[name][2] if theirs[name][2] else float("nan")
            same = "" if theirs[name][0] == total else f"   (found {theirs[name][0]} there)"
            print(f"  {name:<50} {p95:6.1f} / {theirs[name][2]:6.1f} ms = {ratio:4.2f}{same}")


def run(url: str, count: int, runs: int, baseline: str) -> None:
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "bench"})
    with app.app_context():
        session = get_db(app).session_factory()
        start = time.perf_counter()
        populate(session, count)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        rebuild_directory(session)
        session.commit()
        indexed = time.perf_counter() - start
        if url.startswith("postgresql"):
            session.execute(text("ANALYZE"))
            session.commit()
        else:  # the bulk load's write-ahead log into the database file, as for the baseline
            session.commit()
            raw = get_db(app).engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        print(f"{make_url(url).get_backend_name()}: {count} SMEs loaded in {loaded:.1f} s, "
              f"search documents written in {indexed:.1f} s ({indexed / count * 1000:.2f} ms each)")
        print("this tree:", flush=True)
        ours = measure(session, runs)
        session.close()
    get_db(app).engine.dispose()
    if baseline:
        print(f"commit {baseline}, on the same database:", flush=True)
        compare(ours, measure_baseline(url, runs, baseline), baseline)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server to create a scratch "
                        "database on")
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help="commit whose search service answers the same queries after")
    parser.add_argument("--measure-only", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        measure_only(args.measure_only, args.runs)
        return
    if not args.postgresql:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.suppliers, args.runs,
                args.baseline)
        return
    name = f"supplierlink_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgresql, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run(make_url(args.postgresql).set(database=name).render_as_string(hide_password=False),
            args.suppliers, args.runs, args.baseline)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
