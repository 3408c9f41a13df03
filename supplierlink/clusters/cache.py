"""Computed cluster figures kept between requests. A cluster's network takes seconds at ten
thousand organisations, and its overview a few hundred milliseconds of queries; each process
keeps the last few results, keyed by what they were computed for (the cluster, the day, the
language) and by a fingerprint of everything they are read from: the matching engines' change
log (every change to an SME's profile, categories, regions, certificates or exports writes to
it), and counts, latest ids, versions or moments of the other tables. Any change gives a new
fingerprint in every process, so a result is never shown after what it was computed from
changed; the fingerprint is one query."""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplierlink.clusters.models import (
    AwardRecord,
    Cluster,
    ClusterSnapshot,
    ClusterSponsor,
    MentoringPair,
)
from supplierlink.matches.models import EngineChange
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Enrolment, EnrolmentEvent, Programme, ProgrammeSponsor
from supplierlink.requirements.models import Application, Requirement
from supplierlink.suppliers.models import Capability

CACHE_SIZE = 8
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def fingerprint(session: Session, cluster: Cluster) -> tuple:
    def stat(column):
        return select(column).scalar_subquery()

    columns = (
        func.max(EngineChange.id), func.count(Organisation.id), func.max(Organisation.id),
        func.count(Capability.id), func.max(Capability.id), func.count(AwardRecord.id),
        func.max(AwardRecord.id), func.count(Application.id), func.max(Application.updated_at),
        func.count(Enrolment.id), func.sum(Enrolment.version), func.max(EnrolmentEvent.id),
        func.count(Programme.id), func.max(Programme.id), func.count(ProgrammeSponsor.id),
        func.max(ProgrammeSponsor.answered_at), func.count(ClusterSponsor.id),
        func.max(ClusterSponsor.answered_at), func.max(ClusterSponsor.ended_at),
        func.count(MentoringPair.id), func.max(MentoringPair.mentor_agreed_at),
        func.max(MentoringPair.mentee_agreed_at), func.max(MentoringPair.ended_at),
        func.count(Requirement.id), func.sum(Requirement.version),
        func.max(Requirement.ranked_at), func.max(Requirement.rank_requested_at),
        func.count(ClusterSnapshot.id), func.max(ClusterSnapshot.computed_at),
    )
    row = session.execute(select(*(stat(c) for c in columns))).one()
    return (cluster.id, cluster.country, tuple(cluster.regions), tuple(cluster.sectors),
            tuple(cluster.key_standards), tuple(str(v) for v in row))


def cached(key, compute):
    """``compute()``'s result for ``key``, computed once while the key stays the same."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def invalidate() -> None:
    with _lock:
        _cache.clear()
