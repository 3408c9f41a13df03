"""Spreadsheet import benchmark: 10,000 supplier rows (1% with errors) checked in a dry run,
then imported, then checked again (every row now a registered tax id and a probable duplicate:
the duplicate finder against 10,000 organisations), into a fresh SQLite database (or
``DATABASE_URL``, empty and disposable). The target: each in under a minute."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from supplierlink import create_app, migrate  # noqa: E402
from supplierlink.catalogue.services import import_taxonomy  # noqa: E402
from supplierlink.db import get_db  # noqa: E402
from supplierlink.imports.spreadsheet import run_sheet  # noqa: E402
from supplierlink.imports.tables import auto_mapping, read_table  # noqa: E402
from supplierlink.organisations.taxids import rut_check_digit  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", 10_000))
TARGET_S = 60.0
#: the same benchmark when every row was written and rolled back through the services one by
#: one in a savepoint of its own (10,000 rows; dry run, import)
ROW_BY_ROW_S = {"sqlite": (23.6, 37.2), "postgresql": (71.0, 89.0)}
WORDS = ["Servicios", "Ingeniería", "Mantención", "Correas", "Andina", "Norte", "Pacífico",
         "Minera", "Eléctrica", "Transportes", "Hidráulica", "Industrial", "Atacama"]


def sheet() -> bytes:
    lines = ["Razón social,RUT,País,Región,Comuna,Códigos de categoría,Empleados,"
             "Regiones atendidas"]
    for i in range(ROWS):
        body = str(60_000_000 + i * 7)
        rut = f"{body}-{rut_check_digit(body)}" if i % 100 else "1-1"  # 1% bad ids
        name = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7)) + f" {i} SpA"
        lines.append(f"{name},{rut},CL,CL-AN,Calama,20101501;24101715,{i % 300},CL-AN;CL-AT")
    return "\n".join(lines).encode()


def main() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench-sheet.sqlite3"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": False})
    with app.app_context():
        session = get_db(app).session_factory()
        import_taxonomy(session, ROOT / "supplierlink" / "data" / "unspsc-mining.csv")
        session.commit()
        headers, rows = read_table(sheet(), "bench.csv")
        mapping = auto_mapping("suppliers", headers)
        took = {}
        for label, commit in (("dry run", False), ("import", True), ("dry run again", False)):
            started = time.perf_counter()
            report = run_sheet(session, "suppliers", rows, mapping, commit=commit)
            session.commit()
            took[label] = time.perf_counter() - started
            print(f"{label}: {report.rows} rows in {took[label]:.1f} s "
                  f"({report.valid} valid, {report.bad_lines} refused, "
                  f"{len(report.duplicates)} probable duplicates)")
        backend = "postgresql" if url.startswith("postgresql") else "sqlite"
        before = ROW_BY_ROW_S[backend]
        print(f"target: under {TARGET_S:.0f} s each — "
              + ("met" if max(took.values()) < TARGET_S else "NOT met"))
        if ROWS == 10_000:
            print(f"row by row before ({backend}, 10,000 rows): dry run {before[0]:.1f} s, "
                  f"import {before[1]:.1f} s → now {took['dry run']:.1f} s "
                  f"(x{before[0] / took['dry run']:.1f}), {took['import']:.1f} s "
                  f"(x{before[1] / took['import']:.1f})")
        session.close()


if __name__ == "__main__":
    main()
