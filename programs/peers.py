"""Peer mentors: rank the SMEs that closed a gap recently as mentors for one that has it,
each suggestion with the reasons that scored.

Pure Python: plain dataclasses in, plain dataclasses out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

SIZE_ORDER = ("micro", "small", "medium", "large")
RECENT_DAYS = 3 * 365


@dataclass(frozen=True)
class Peer:
    id: int
    region: str | None
    size_class: str | None
    sectors: frozenset[str]  # family codes (4 digits) it works in
    community: int | None = None
    is_bridge: bool = False
    #: furthest stage index reached in a programme over the ladder's length (0..1), or None
    programme_record: float | None = None


@dataclass
class MentorSuggestion:
    mentor_id: int
    closed_on: date
    score: float
    reasons: list[tuple[str, dict]]  # (reason key, values for its wording)


def suggest_mentors(mentee: Peer, closers: Mapping[int, date], peers: Mapping[int, Peer],
                    today: date, limit: int = 5) -> list[MentorSuggestion]:
    """Rank the SMEs that closed the mentee's gap (``closers``: id -> the day they closed it)
    as mentors. Recent closing counts most; then a bridge from another community or region
    (new knowledge travels across groups), a shared sector, a similar size and a good
    programme record. Each suggestion carries the reasons that scored."""
    found = []
    for mentor_id, closed_on in closers.items():
        peer = peers.get(mentor_id)
        if peer is None or mentor_id == mentee.id:
            continue
        age = max((today - closed_on).days, 0)
        score = max(0.0, 1.0 - age / RECENT_DAYS) * 2.0
        reasons: list[tuple[str, dict]] = [("closed", {"on": closed_on})]
        if peer.community is not None and mentee.community is not None \
                and peer.community != mentee.community:
            score += 1.5
            reasons.append(("other_community", {}))
        elif peer.region and mentee.region and peer.region != mentee.region:
            score += 1.0
            reasons.append(("other_region", {"region": peer.region}))
        if peer.is_bridge:
            score += 1.0
            reasons.append(("bridge", {}))
        shared = sorted(peer.sectors & mentee.sectors)
        if shared:
            score += 1.5
            reasons.append(("same_sector", {"sectors": shared}))
        if peer.size_class and mentee.size_class:
            distance = abs(SIZE_ORDER.index(peer.size_class) - SIZE_ORDER.index(mentee.size_class))
            if distance <= 1:
                score += 1.0 - 0.5 * distance
                reasons.append(("similar_size", {"size": peer.size_class}))
        if peer.programme_record:
            score += peer.programme_record
            reasons.append(("programme_record", {"share": peer.programme_record}))
        found.append(MentorSuggestion(mentor_id, closed_on, round(score, 3), reasons))
    found.sort(key=lambda s: (-s.score, s.mentor_id))
    return found[:limit]
