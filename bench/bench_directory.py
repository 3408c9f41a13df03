"""Supplier directory search at 10,000 SMEs (or ``--suppliers N``), on SQLite or PostgreSQL.

    python bench/bench_directory.py                       # a SQLite file in a temporary folder
    python bench/bench_directory.py --postgresql postgresql+psycopg://postgres@127.0.0.1/postgres

With ``--postgresql`` a scratch database is created on that server and dropped afterwards.
Prints p50/p95 of ``search_suppliers`` (filters, facet counts, one page) per kind of query.
"""

from __future__ import annotations

import argparse
import random
import statistics
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


def measure(session, runs: int) -> None:
    everything = []
    for name, query in QUERIES.items():
        times, total = [], 0
        for run in range(runs + 2):
            start = time.perf_counter()
            result = search_suppliers(session, query, public_only=False)
            elapsed = (time.perf_counter() - start) * 1000
            if run >= 2:  # the first runs warm the caches
                times.append(elapsed)
            total = result.total
        times.sort()
        everything += times
        print(f"  {name:<40} {total:>6} found   p50 {statistics.median(times):6.1f} ms   "
              f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms")
    everything.sort()
    print(f"  {'all queries':<40} {'':>6}         p50 {statistics.median(everything):6.1f} ms   "
          f"p95 {everything[int(len(everything) * 0.95) - 1]:6.1f} ms")


def run(url: str, count: int, runs: int) -> None:
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
        print(f"{make_url(url).get_backend_name()}: {count} SMEs loaded in {loaded:.1f} s, "
              f"search documents written in {indexed:.1f} s ({indexed / count * 1000:.2f} ms each)")
        measure(session, runs)
        session.close()
    get_db(app).engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgresql", help="URL of a PostgreSQL server to create a scratch "
                        "database on")
    args = parser.parse_args()
    if not args.postgresql:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.suppliers, args.runs)
        return
    name = f"supplierlink_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgresql, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run(make_url(args.postgresql).set(database=name).render_as_string(hide_password=False),
            args.suppliers, args.runs)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
