"""How long sign-in and registration take for an e-mail that has an account and for one that
has not (with the production password hash, scrypt): the answers must not tell them apart.
Prints medians; run with `.venv/bin/python bench/bench_account_timing.py`."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from supplierlink import create_app, migrate
from supplierlink.auth.services import register_account
from supplierlink.db import get_db
from supplierlink.organisations.services import OrganisationData
from supplierlink.organisations.taxids import rut_check_digit

ROUNDS = 25
PASSWORD = "correct horse battery"


def rut(serial: int) -> str:
    body = str(78_000_000 + serial * 41)
    return f"{body}-{rut_check_digit(body)}"


def org(serial: int) -> OrganisationData:
    return OrganisationData(kind="sme", legal_name=f"Bench {serial} SpA", country="CL",
                            tax_id=rut(serial), region="CL-AN", employees=12)


def median_ms(post, rounds=ROUNDS) -> float:
    times = []
    for n in range(rounds):
        start = time.perf_counter()
        response = post(n)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 422), response.status_code
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "MAIL_URL": f"file://{folder / 'mail'}", "SECRET_KEY": "b" * 40})
    with app.app_context():
        session = get_db(app).session_factory()
        register_account(session, org(0), "known@example.org", "Known", PASSWORD)
        session.commit()
    client = app.test_client()
    login = {"password": "not the password at all"}
    known = median_ms(lambda n: client.post("/login", data={**login,
                                                            "email": "known@example.org"}))
    unknown = median_ms(lambda n: client.post("/login", data={**login,
                                                              "email": f"x{n}@example.org"}))
    print(f"sign-in refused, p50 over {ROUNDS}: known e-mail {known:.1f} ms, "
          f"unknown e-mail {unknown:.1f} ms")

    def register(email, serial):
        data = {"kind": "sme", "legal_name": f"Bench {serial} SpA", "country": "CL",
                "tax_id": rut(serial), "region": "CL-AN", "employees": "12", "name": "Bench",
                "email": email, "password": PASSWORD, "confirm": PASSWORD}
        return client.post("/register", data=data)

    existing = median_ms(lambda n: register("known@example.org", 100 + n))
    new = median_ms(lambda n: register(f"new{n}@example.org", 200 + n))
    print(f"registration, p50 over {ROUNDS}: known e-mail {existing:.1f} ms, "
          f"new e-mail {new:.1f} ms")


if __name__ == "__main__":
    main()
