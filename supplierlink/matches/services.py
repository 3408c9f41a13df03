"""Keeps the matching engine in step with the database and stores its results.

Each process keeps one engine. It is rebuilt when the data it was built from changed in
another process (a cheap fingerprint query tells), and updated incrementally when this process
changes one supplier. Requirements are re-ranked and their results stored when they are
published or edited, and when a supplier's profile or certificates change.
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

import matching
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.db import database_key, utcnow
from supplierlink.matches.learning import current_model, model_stamp
from supplierlink.matches.models import MatchResult
from supplierlink.matches.profiles import load_profiles, requirement_spec
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement
from supplierlink.suppliers.models import CertificationStatusChange, SupplierProfile

RANK_DEPTH = 200  # results stored per requirement (ranked), plus the engine's near misses
_lock = threading.Lock()
_cache: dict = {}


def _fingerprint(session: Session, today: date) -> tuple:
    """Changes whenever suppliers, certificates, awards or the ranking model change (in any
    process)."""
    return (
        today,
        model_stamp(session),
        session.scalar(select(func.count()).select_from(Application)
                       .where(Application.status == "awarded")),
        session.scalar(select(func.count()).select_from(Organisation)
                       .where(Organisation.kind == "sme")),
        session.scalar(select(func.max(SupplierProfile.updated_at))),
        session.scalar(select(func.count()).select_from(CertificationStatusChange)),
        session.scalar(select(func.max(CertificationStatusChange.id))),
    )


def get_engine(session: Session, today: date | None = None) -> matching.MatchingEngine:
    today = today or date.today()
    key = database_key(session)
    stamp = _fingerprint(session, today)
    with _lock:
        entry = _cache.get(key)
        if entry is None or entry["stamp"] != stamp:
            model = current_model(session)
            engine = matching.MatchingEngine(catalogue=standards_catalogue(session),
                                             feature_weights=model.weights if model else None)
            engine.fit(load_profiles(session, today=today))
            entry = _cache[key] = {"engine": engine, "stamp": stamp}
        return entry["engine"]


def reset_engine_cache() -> None:
    with _lock:
        _cache.clear()


def _json_safe(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def gap_dicts(result: matching.MatchResult) -> list[dict]:
    return [_json_safe(asdict(gap)) for gap in result.gaps]


def rank_requirement(session: Session, req: Requirement, today: date | None = None,
                     k: int = RANK_DEPTH) -> matching.RankResult:
    """Rank every supplier for ``req`` and replace its stored results."""
    engine = get_engine(session, today)
    result = engine.rank(requirement_spec(req), k=k, today=today)
    session.execute(delete(MatchResult).where(MatchResult.requirement_id == req.id))
    rows = []
    for position, item in enumerate(result.ranked, start=1):
        rows.append(_row(req, item, position, qualified=True))
    for position, item in enumerate(result.near_misses, start=1):
        rows.append(_row(req, item, position, qualified=False))
    session.add_all(rows)
    _mark_ranked(session, req)
    session.flush()
    return result


def _mark_ranked(session: Session, req: Requirement) -> None:
    # Ranking is not an edit: it must not bump the version a buyer's open edit form carries.
    now = utcnow()
    session.execute(update(Requirement).where(Requirement.id == req.id).values(ranked_at=now)
                    .execution_options(synchronize_session=False))
    set_committed_value(req, "ranked_at", now)


def _row(req: Requirement, item: matching.MatchResult, position: int, qualified: bool):
    return MatchResult(
        requirement_id=req.id, supplier_id=int(item.supplier_id), score=float(item.score),
        qualified=qualified, rank=position,
        contributions={k: float(v) for k, v in item.contributions.items()},
        gaps=gap_dicts(item), linked=[asdict(link) for link in item.linked],
        engine_version=matching.ENGINE_VERSION,
    )


def assess_supplier(session: Session, org: Organisation, req: Requirement,
                    today: date | None = None) -> matching.MatchResult:
    """One supplier's full result for one requirement, qualified or not."""
    engine = get_engine(session, today)
    return engine.assess(requirement_spec(req), str(org.id), today=today)


def open_requirements(session: Session) -> list[Requirement]:
    return session.scalars(select(Requirement).where(Requirement.status == "open")
                           .order_by(Requirement.id)).all()


def supplier_changed(session: Session, org: Organisation, today: date | None = None) -> None:
    """Bring the engine up to date for one supplier and re-rank the open requirements.

    The profile's timestamp is touched so other processes see the change too.
    """
    session.flush()
    profile = session.get(SupplierProfile, org.id)
    if profile is not None:
        profile.updated_at = utcnow()
        session.flush()
    engine = get_engine(session, today)
    for updated in load_profiles(session, [org.id], today=today):
        engine.update(updated)
    with _lock:
        entry = _cache.get(database_key(session))
        if entry is not None:
            entry["stamp"] = _fingerprint(session, today or date.today())
    for req in open_requirements(session):
        rank_requirement(session, req, today=today)


def rank_all_open(session: Session, today: date | None = None) -> int:
    requirements = open_requirements(session)
    for req in requirements:
        rank_requirement(session, req, today=today)
    return len(requirements)
