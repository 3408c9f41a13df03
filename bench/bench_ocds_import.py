"""OCDS import benchmark: the Canadian file into an empty database, then again (nothing new).

Prints the time of each run and what it did. ``DATABASE_URL`` picks the database (a fresh
SQLite file by default; a PostgreSQL URL must point to an empty, disposable database).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from supplierlink import create_app, migrate  # noqa: E402
from supplierlink.db import get_db  # noqa: E402
from supplierlink.imports.ocds import import_releases, read_all  # noqa: E402

DATA = Path(os.environ.get("SUPPLIERLINK_SHARED_DATA") or ROOT.parent / "shared" / "data")
FILE = DATA / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz"
TARGET_S = 120.0
#: the first import when new parties were matched only against the organisations registered
#: before the import began
BEFORE_S = {"sqlite": 3.8, "postgresql": 6.8}


def main() -> None:
    url = os.environ.get("DATABASE_URL") or \
        f"sqlite:///{tempfile.mkdtemp()}/bench-import.sqlite3"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": False})
    took = {}
    with app.app_context():
        for attempt in ("first import", "same file again"):
            session = get_db(app).session_factory()
            started = time.perf_counter()
            releases = read_all([FILE])
            read = time.perf_counter() - started
            summary = import_releases(session, releases, on_chunk=lambda *_, s=session: s.commit())
            session.commit()
            total = took[attempt] = time.perf_counter() - started
            session.close()
            print(f"{attempt}: {len(releases)} releases in {total:.1f} s "
                  f"(reading {read:.1f} s): {summary.as_dict()}")
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(f"target: under {TARGET_S:.0f} s — "
          + ("met" if took["first import"] < TARGET_S else "NOT met")
          + f"; first import before matching parties within the file: "
          f"{BEFORE_S[backend]:.1f} s, now {took['first import']:.1f} s")


if __name__ == "__main__":
    main()
