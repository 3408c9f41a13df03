"""An app in a process of its own, driven line by line (JSON in, JSON out) by a test: several
of them on one database show what one process's change does to another's engine.

    python -m tests.app_process DATABASE_URL [REDIS_URL]

With a Redis, the processes wake each other by message, and jobs go to its queue.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta

from supplierlink import create_app
from supplierlink.catalogue.services import load_reference_data
from supplierlink.db import get_db
from supplierlink.matches.profiles import requirement_spec
from supplierlink.matches.services import engine_state, get_engine
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.services import ProfileData, save_profile
from tests.factories import valid_rut

CODE = "73152100"


def setup(session, _command) -> dict:
    """A buyer, an SME that serves Peru only, and an open requirement for Antofagasta."""
    load_reference_data(session)
    buyer = create_organisation(session, OrganisationData(
        kind="lead_firm", legal_name="Minera Norte SpA", country="CL", tax_id=valid_rut(901),
        region="CL-AN"))
    sme = create_organisation(session, OrganisationData(
        kind="sme", legal_name="Maestranza Sur SpA", country="CL", tax_id=valid_rut(902),
        region="CL-AN", employees=20))
    save_profile(session, sme, ProfileData(category_codes=[CODE], regions=["PE"]), 20)
    req = post_requirement(session, buyer, None, RequirementData(
        title="Mantención de molinos", category_codes=[CODE], regions=["CL-AN"],
        need_date=date.today() + timedelta(days=60)), publish=True)
    return {"buyer": buyer.id, "sme": sme.id, "requirement": req.id}


def rank(session, command) -> dict:
    """Rank with this process's own engine (not the stored results)."""
    req = session.get(Requirement, command["requirement"])
    result = get_engine(session).rank(requirement_spec(req), k=50)
    state = engine_state()
    return {"qualified": [int(m.supplier_id) for m in result.ranked],
            "near": [int(m.supplier_id) for m in result.near_misses],
            "generation": state.generation, "fitted_at": state.fitted_at.isoformat(),
            "updates": state.updates, "checks": state.checks, "listening": state.listening}


def serve(session, command) -> dict:
    from supplierlink.organisations.models import Organisation

    sme = session.get(Organisation, command["sme"])
    save_profile(session, sme, ProfileData(category_codes=[CODE], regions=command["regions"]),
                 sme.employees)
    return {}


COMMANDS = {"setup": setup, "rank": rank, "serve": serve}


def main(url: str, redis_url: str | None = None) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "process-test", "TESTING": True,
                      "REDIS_URL": redis_url, "JOBS_QUEUE": "process-test"})
    for line in sys.stdin:
        command = json.loads(line)
        with app.app_context():
            session = get_db(app).session_factory()
            try:
                answer = COMMANDS[command["op"]](session, command)
                session.commit()
            except Exception as exc:  # reported to the test, which fails on it
                session.rollback()
                answer = {"error": repr(exc)}
            finally:
                session.close()
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
