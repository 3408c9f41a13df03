"""The demo scaled up for load tests: thousands of SMEs and requirements added to the demo by
bulk inserts of the rows the services would write (organisation, profile, capabilities,
regions, certificates with their status history; requirements with their categories,
standards and regions), then one re-fit of the engine and one ranking of every open
requirement. Deterministic for a given day, like the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from supplierlink.auth.models import User
from supplierlink.catalogue.models import Category, Standard
from supplierlink.db import utcnow
from supplierlink.demo import ADMIN_EMAIL, _tax_id
from supplierlink.demo_data import (
    LEGAL_FORMS,
    LINES,
    NAME_PREFIX,
    PLACES,
    REGIONS,
    REQUIREMENT_TEMPLATES,
    TOWNS,
)
from supplierlink.matches.services import rank_all_open, record_change
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import (
    Requirement,
    RequirementCategory,
    RequirementRegion,
    RequirementStandard,
)
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    CertificationStatusChange,
    ServiceRegion,
    SupplierProfile,
)

SEED = 20261202
TAX_SERIAL_START = 30_000  # above the demo's own serials (SMEs, lead firms, operator)
BATCH = 1000


@dataclass
class ScaleReport:
    smes_added: int
    requirements_added: int
    ranked: int


def scale_demo(session: Session, smes: int, requirements: int,
               today: date | None = None, progress=None) -> ScaleReport:
    """Add SMEs and open requirements until there are ``smes`` and ``requirements`` of them,
    then rank every open requirement (the demo must be loaded first)."""
    today = today or date.today()
    say = progress or (lambda _message: None)
    rng = random.Random(SEED)
    categories = dict(session.execute(select(Category.code, Category.id)).all())
    standards = dict(session.execute(select(Standard.key, Standard.id)).all())
    admin_id = session.scalar(select(User.id).where(User.email == ADMIN_EMAIL))
    have = session.scalar(select(func.count()).select_from(Organisation)
                          .where(Organisation.kind == "sme"))
    added = 0
    for start in range(have, smes, BATCH):
        count = min(BATCH, smes - start)
        _add_smes(session, rng, start, count, categories, standards, admin_id, today)
        added += count
        say(f"{start + count} SMEs")
    buyers = session.scalars(select(Organisation).where(Organisation.kind == "lead_firm")
                             .order_by(Organisation.id)).all()
    have = session.scalar(select(func.count()).select_from(Requirement))
    new = max(0, requirements - have)
    if new:
        _add_requirements(session, rng, have, new, buyers, categories, standards, today)
        say(f"{requirements} requirements")
    record_change(session, "refit")  # every running process fits its engine anew
    session.flush()
    ranked = rank_all_open(session, today=today)
    say(f"{ranked} open requirements ranked")
    return ScaleReport(added, new, ranked)


def _insert(session: Session, model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    result = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True),
                             rows)
    return [row[0] for row in result]


def _add_smes(session, rng, start, count, categories, standards, admin_id, today):
    now = utcnow()
    orgs, details = [], []
    for index in range(start, start + count):
        country = "CL" if rng.random() < 0.6 else "PE"
        region = rng.choice(REGIONS[country])
        line = rng.choice(list(LINES))
        codes, text_es, text_en, pool, unit, scale = LINES[line]
        name = (f"{rng.choice(NAME_PREFIX[line])} {rng.choice(PLACES[country])} "
                f"{index + 1:05d} {rng.choice(LEGAL_FORMS[country])}")
        employees = max(2, min(400, int(rng.lognormvariate(3.2, 0.9))))
        orgs.append({"kind": "sme", "legal_name": name, "tax_country": country,
                     "tax_id": _tax_id(country, TAX_SERIAL_START + index), "country": country,
                     "region": region, "town": rng.choice(TOWNS[region]),
                     "employees": employees, "description": text_es,
                     "published": rng.random() < 0.8, "created_at": now})
        all_codes = list(codes)
        text = text_es if rng.random() < 0.8 else text_en
        if rng.random() < 0.25:  # a second line of business
            other = LINES[rng.choice(list(LINES))]
            all_codes += [c for c in other[0][:1] if c not in all_codes]
            text += ". " + other[1]
        regions = [region]
        if rng.random() < 0.5:
            regions.append(rng.choice(REGIONS[country]))
        if rng.random() < 0.2:
            regions = [country]
        capacity = round(scale * rng.uniform(0.1, 1.6) * (employees / 40) ** 0.5, -1) or 10.0
        held = [key for key in pool if rng.random() < 0.45 and key in standards]
        details.append((all_codes, text, capacity, unit, list(dict.fromkeys(regions)),
                        [_certificate(rng, key, today) for key in held]))
    ids = _insert(session, Organisation, orgs)
    profiles, capabilities, regions, certificates = [], [], [], []
    for org_id, (codes, text, capacity, unit, served, certs) in zip(ids, details):
        profiles.append({"organisation_id": org_id, "capabilities_text": text,
                         "capacity": capacity, "capacity_unit": unit, "updated_at": now})
        capabilities += [{"organisation_id": org_id, "category_id": categories[c]}
                         for c in codes if c in categories]
        regions += [{"organisation_id": org_id, "region_code": r} for r in served]
        certificates += [{**cert, "organisation_id": org_id, "standard_id": standards[key],
                          "number": f"CERT-{org_id:06d}-{key.upper()}", "created_at": now,
                          "verified_by_id": admin_id if cert["status"] == "verified" else None,
                          "verified_at": now if cert["status"] == "verified" else None}
                         for key, cert in certs]
    session.execute(insert(SupplierProfile), profiles)
    session.execute(insert(Capability), capabilities)
    session.execute(insert(ServiceRegion), regions)
    cert_ids = _insert(session, Certification, certificates)
    history = [{"certification_id": cid, "status": "self_declared", "changed_at": now}
               for cid in cert_ids]
    history += [{"certification_id": cid, "status": "verified", "changed_by_id": admin_id,
                 "changed_at": now} for cid, cert in zip(cert_ids, certificates)
                if cert["status"] == "verified"]
    session.execute(insert(CertificationStatusChange), history)


def _certificate(rng, key, today) -> tuple[str, dict]:
    issued = today - timedelta(days=rng.randint(60, 900))
    roll = rng.random()
    if roll < 0.15:
        expires = today - timedelta(days=rng.randint(5, 200))
    elif roll < 0.3:
        expires = today + timedelta(days=rng.randint(10, 75))
    else:
        expires = issued + timedelta(days=3 * 365)
    return key, {"body": rng.choice(["Bureau Veritas", "SGS", "AENOR", "TÜV"]),
                 "issued_on": issued, "expires_on": max(expires, issued),
                 "status": "verified" if rng.random() < 0.55 else "self_declared"}


def _add_requirements(session, rng, have, count, buyers, categories, standards, today):
    now: datetime = utcnow()
    rows, parts = [], []
    for index in range(have, have + count):
        line, title_es, title_en, must, preferred, share, scope, lang = \
            REQUIREMENT_TEMPLATES[index % len(REQUIREMENT_TEMPLATES)]
        buyer = buyers[index % len(buyers)]
        codes, text_es, text_en, _pool, unit, scale = LINES[line]
        region = buyer.region if scope == "own" else buyer.country
        if rng.random() < 0.3:  # some are for another region of the buyer's country
            region = rng.choice(REGIONS[buyer.country])
        rows.append({
            "organisation_id": buyer.id, "status": "open", "version": 1,
            "title": f"{title_es or title_en} ({index + 1})",
            "description": f"{text_es if lang == 'es' else text_en}. "
                           f"Capacidad mínima requerida en {unit}.",
            "min_capacity": round(scale * share * rng.uniform(0.6, 1.4), -1),
            "need_date": today + timedelta(days=rng.randint(45, 200)),
            "delivery_site": rng.choice(TOWNS[buyer.region]),
            "created_at": now, "published_at": now,
        })
        parts.append((codes[:2], must, preferred, region))
    ids = _insert(session, Requirement, rows)
    links, wanted, places = [], [], []
    for req_id, (codes, must, preferred, region) in zip(ids, parts):
        links += [{"requirement_id": req_id, "category_id": categories[c]}
                  for c in codes if c in categories]
        wanted += [{"requirement_id": req_id, "standard_id": standards[k], "necessity": n}
                   for n, keys in (("must", must), ("preferred", preferred))
                   for k in keys if k in standards]
        places.append({"requirement_id": req_id, "region_code": region})
    session.execute(insert(RequirementCategory), links)
    session.execute(insert(RequirementStandard), wanted)
    session.execute(insert(RequirementRegion), places)
