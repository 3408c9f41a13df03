"""Keeps the matching engine in step with the database and stores its results.

Each process keeps one engine on its app (``app.extensions``). Changes are written to a change
log (``engine_change``) in the transaction that makes them; every process reads the log once
per transaction and updates only the suppliers that changed, so several processes and machines
share one database. A catalogue or ranking-model change, or a new day, fits the engine anew.
Requirements are re-ranked by jobs (``supplierlink.matches.subscribers``).
"""

from __future__ import annotations

import gc
import os
import threading
import time
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import delete, event, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

import matching
from matching.evidence import evidence
from supplierlink import jobs
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.db import app_of, utcnow
from supplierlink.matches.learning import current_model
from supplierlink.matches.models import EngineChange, MatchResult
from supplierlink.matches.profiles import load_profiles, requirement_spec
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.transactions import lock_id

RANK_DEPTH = 200  # results stored per requirement (ranked), plus the engine's near misses
#: Changes read again on every catch-up: a change committed late (its id was taken before a
#: newer one's commit) is still seen.
LATE_COMMIT_WINDOW = timedelta(seconds=60)
CHANNEL = "supplierlink:engine-changes"
SAFETY_CHECK = 5.0  # seconds: the log is read this often even if no message came
_SYNCED = "supplierlink.engine_synced"
_CHANGED = "supplierlink.engine_changed"
_FITTED = "supplierlink.engine_fitted"


class EngineState:
    """One process's matching engine for one app, kept current from the change log."""

    def __init__(self):
        self.lock = threading.RLock()
        #: with Redis, a message from the process that committed a change wakes this one:
        #: until then (or SAFETY_CHECK seconds) the change log is not read at all
        self.listener_pid: int | None = None
        self.reset()

    def reset(self) -> None:
        self.engine: matching.MatchingEngine | None = None
        self.today: date | None = None
        self.generation = 0
        self.applied: dict[int, datetime] = {}  # change id -> when it was made
        self.watermark: datetime | None = None
        self.fitted_at: datetime | None = None
        self.updates = 0  # suppliers updated incrementally since the last fit
        #: suppliers to load again: a transaction that changed them was rolled back after
        #: this engine had taken in its uncommitted change
        self.resync: set[int] = set()
        self.checks = 0  # times the change log was read
        self.dirty = True
        self.checked_at = 0.0

    @property
    def listening(self) -> bool:
        return self.listener_pid == os.getpid()

    def wake(self, _message=None) -> None:
        self.dirty = True

    def needs_check(self) -> bool:
        return (not self.listening or self.dirty
                or time.monotonic() - self.checked_at > SAFETY_CHECK)


def engine_state(app: Flask | None = None) -> EngineState:
    app = app or current_app
    return app.extensions.setdefault("supplierlink.matching", EngineState())


def reset_engine_cache(app: Flask | None = None) -> None:
    """Forget the engine of ``app`` (the current one by default); the next use fits anew."""
    engine_state(app).reset()


def record_change(session: Session, kind: str, organisation_id: int | None = None) -> None:
    """Log a change the engines of every process must take in (in this transaction)."""
    session.add(EngineChange(kind=kind, organisation_id=organisation_id))
    session.info.pop(_SYNCED, None)
    engine_state(app_of(session)).wake()
    session.info.setdefault(_CHANGED, set()).add(organisation_id if kind == "supplier" else kind)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    changed = session.info.get(_CHANGED) or set()
    if not changed and not session.info.get(_FITTED):
        return
    state = engine_state(app_of(session))
    with state.lock:
        if "refit" in changed or session.info.pop(_FITTED, False):
            state.engine = None  # it may hold what this transaction wrote
        else:
            state.resync |= changed
    session.info.pop(_SYNCED, None)
    if previous_transaction.parent is None:
        session.info.pop(_CHANGED, None)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_FITTED, None)
    if session.info.pop(_CHANGED, None):
        queue = getattr(jobs.runner(app_of(session)), "connection", None)
        if queue is not None:  # wake the other processes (they read the log on their own too)
            queue.publish(CHANNEL, "changed")


def _listen(state: EngineState, app: Flask) -> None:
    """Subscribe this process to the change messages, once per process (gunicorn forks)."""
    queue = getattr(jobs.runner(app), "connection", None)
    if queue is None or state.listening:
        return
    pubsub = queue.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(**{CHANNEL: state.wake})
    pubsub.run_in_thread(sleep_time=0.5, daemon=True)
    state.listener_pid = os.getpid()


def get_engine(session: Session, today: date | None = None) -> matching.MatchingEngine:
    """This process's engine, brought up to date with the changes logged since it last looked
    (once per transaction): changed suppliers are updated, a catalogue or model change or a
    new day fits it anew."""
    today = today or date.today()
    app = app_of(session)
    state = engine_state(app)
    with state.lock:
        _listen(state, app)
        if state.engine is None or state.today != today:
            _fit(state, session, today)
        elif state.resync or (session.info.get(_SYNCED) != state.generation
                              and state.needs_check()):
            _catch_up(state, session, today)
        session.info[_SYNCED] = state.generation
        return state.engine


def _fit(state: EngineState, session: Session, today: date) -> None:
    state.dirty, state.checked_at = False, time.monotonic()
    now = utcnow()
    since = now - LATE_COMMIT_WINDOW
    seen = {change_id: _aware(when) for change_id, when in session.execute(
        select(EngineChange.id, EngineChange.created_at).where(EngineChange.created_at >= since))}
    model = current_model(session)
    engine = matching.MatchingEngine(catalogue=standards_catalogue(session),
                                     feature_weights=model.weights if model else None)
    engine.fit(load_profiles(session, today=today))
    state.engine, state.today, state.applied = engine, today, seen
    settle_memory()
    if session.new or session.dirty or session.deleted or session.info.get(_CHANGED):
        session.info[_FITTED] = True
    state.watermark, state.fitted_at, state.updates = now, now, 0
    state.generation += 1


def settle_memory() -> None:
    """Keep long-lived objects out of the garbage collector's full passes.

    A fitted engine holds hundreds of thousands of objects for as long as it serves. Left in
    the collector's care, every full pass walks them all: about 160 ms, once every hundred or
    so page requests, with every thread of the process waiting. After a fit the young garbage
    is collected (cheap) and the survivors are frozen (``gc.freeze``). The engine a fit
    replaces holds no reference cycles, so reference counting frees it, frozen or not.
    """
    gc.collect(1)
    gc.freeze()


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; every time stored here is UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _catch_up(state: EngineState, session: Session, today: date) -> None:
    state.dirty, state.checked_at = False, time.monotonic()  # a message from now on counts
    state.checks += 1
    since = state.watermark - LATE_COMMIT_WINDOW
    rows = session.execute(select(EngineChange.id, EngineChange.kind,
                                  EngineChange.organisation_id, EngineChange.created_at)
                           .where(EngineChange.created_at >= since)
                           .order_by(EngineChange.id)).all()
    new = [row for row in rows if row.id not in state.applied]
    state.watermark = max([state.watermark] + [_aware(row.created_at) for row in new])
    if not new and not state.resync:
        return
    if any(row.kind == "refit" for row in new):
        _fit(state, session, today)
        return
    changed = sorted({row.organisation_id for row in new if row.organisation_id is not None}
                     | state.resync)
    state.resync = set()
    loaded = {p.id: p for p in load_profiles(session, changed, today=today)}
    for org_id in changed:
        if str(org_id) in loaded:
            state.engine.update(loaded[str(org_id)])
        elif state.engine.profile(str(org_id)) is not None:
            state.engine.remove(str(org_id))
    state.updates += len(changed)
    for row in new:
        state.applied[row.id] = _aware(row.created_at)
    cutoff = state.watermark - 2 * LATE_COMMIT_WINDOW
    state.applied = {k: v for k, v in state.applied.items() if v >= cutoff}
    state.generation += 1


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
    """Rank every supplier for ``req`` and bring its stored results up to date.

    Only the rows that differ are written: after one supplier's change most requirements
    keep their results, and a stored row is never deleted and inserted again.
    """
    engine = get_engine(session, today)
    spec = requirement_spec(req)
    result = engine.rank(spec, k=k, today=today)
    # Two jobs ranking one requirement at once take turns: the second updates the rows the
    # first stored instead of colliding with them.
    lock_id(session, Requirement, req.id)
    wanted = {}
    for qualified, items in ((True, result.ranked), (False, result.near_misses)):
        for position, item in enumerate(items, start=1):
            wanted[int(item.supplier_id)] = _values(
                item, position, qualified, evidence(spec, engine.profile(item.supplier_id)))
    stored = {row.supplier_id: row for row in session.scalars(
        select(MatchResult).where(MatchResult.requirement_id == req.id))}
    gone = [row.id for supplier_id, row in stored.items() if supplier_id not in wanted]
    if gone:
        session.execute(delete(MatchResult).where(MatchResult.id.in_(gone))
                        .execution_options(synchronize_session=False))
        for supplier_id in [s for s in stored if s not in wanted]:
            session.expunge(stored.pop(supplier_id))
    for supplier_id, values in wanted.items():
        row = stored.get(supplier_id)
        if row is None:
            session.add(MatchResult(requirement_id=req.id, supplier_id=supplier_id, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.computed_at = utcnow()
    _mark_ranked(session, req)
    session.flush()
    return result


def _mark_ranked(session: Session, req: Requirement) -> None:
    # Ranking is not an edit: it must not bump the version a buyer's open edit form carries.
    now = utcnow()
    session.execute(update(Requirement).where(Requirement.id == req.id).values(ranked_at=now)
                    .execution_options(synchronize_session=False))
    set_committed_value(req, "ranked_at", now)


def _values(item: matching.MatchResult, position: int, qualified: bool,
            facts: dict) -> dict:
    return {"score": float(item.score), "qualified": qualified, "rank": position,
            "contributions": {k: float(v) for k, v in item.contributions.items()},
            "gaps": gap_dicts(item), "linked": [asdict(link) for link in item.linked],
            "evidence": facts, "engine_version": matching.ENGINE_VERSION}


def stored_evidence(session: Session, req: Requirement, results) -> dict[int, dict]:
    """Per supplier of ``results`` (stored ``MatchResult`` rows), the facts its reasons name:
    as stored with the result, or, for a result stored before they were kept, from this
    process's engine (none for a supplier the engine no longer holds)."""
    found = {r.supplier_id: r.evidence for r in results if r.evidence is not None}
    missing = [r.supplier_id for r in results if r.evidence is None]
    if missing:
        engine, spec = get_engine(session), requirement_spec(req)
        for supplier_id in missing:
            if str(supplier_id) in engine:
                found[supplier_id] = evidence(spec, engine.profile(str(supplier_id)))
    return found


def assess_supplier(session: Session, org: Organisation, req: Requirement,
                    today: date | None = None) -> matching.MatchResult:
    """One supplier's full result for one requirement, qualified or not."""
    engine = get_engine(session, today)
    return engine.assess(requirement_spec(req), str(org.id), today=today)


def open_requirements(session: Session) -> list[Requirement]:
    return session.scalars(select(Requirement).where(Requirement.status == "open")
                           .order_by(Requirement.id)).all()


def rank_all_open(session: Session, today: date | None = None) -> int:
    requirements = open_requirements(session)
    for req in requirements:
        rank_requirement(session, req, today=today)
    return len(requirements)


def stale_requirement_ids(session: Session, ids) -> set[int]:
    """Those of ``ids`` whose ranking is older than a change that affects it ("updating…"):
    an edit of the requirement, or, for open ones, any logged supplier or catalogue change
    (one query: the latest change is read inside it)."""
    latest = select(func.max(EngineChange.created_at)).scalar_subquery()
    return set(session.scalars(select(Requirement.id).where(
        Requirement.id.in_(list(ids)),
        Requirement.ranked_at.is_(None) | (Requirement.rank_requested_at > Requirement.ranked_at)
        | ((Requirement.status == "open") & (Requirement.ranked_at < latest)))))
