"""Development-plan items drafted from the gaps the matching engine reports.

Each gap (a missing or expired standard, a region not served, too little capacity) becomes one
plan item with an action, an owner, a due date and the evidence that will close it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

STANDARD_GAP_KINDS = frozenset(
    {
        "missing_standard",
        "expired_standard",
        "superseded_standard",
        "unverified_standard",
        "revoked_standard",
    }
)


@dataclass(frozen=True)
class GapRule:
    action_key: str
    evidence_needed: str
    default_effort_days: int
    subject_params: tuple[str, ...]


_STANDARD_SUBJECT = ("standard", "standard_code", "code")

# Default efforts are typical durations when the gap carries no estimate of its own: obtaining a
# new certification takes about half a year, a renewal audit about two months.
GAP_RULES: dict[str, GapRule] = {
    "missing_standard": GapRule(
        "obtain_certification", "verified_certificate", 180, _STANDARD_SUBJECT
    ),
    "expired_standard": GapRule(
        "renew_certification", "verified_certificate", 60, _STANDARD_SUBJECT
    ),
    "superseded_standard": GapRule(
        "transition_to_current_standard", "verified_certificate", 120, _STANDARD_SUBJECT
    ),
    "unverified_standard": GapRule(
        "submit_certificate_for_verification", "verified_certificate", 14, _STANDARD_SUBJECT
    ),
    "revoked_standard": GapRule(
        "restore_certification", "verified_certificate", 120, _STANDARD_SUBJECT
    ),
    "region_not_served": GapRule(
        "extend_service_region",
        "service_region_declaration",
        60,
        ("region", "region_code", "regions"),
    ),
    # A supplier has one capacity figure, so all its capacity gaps are one gap (no subject).
    "insufficient_capacity": GapRule("increase_capacity", "capacity_statement", 90, ()),
    # A category the supplier may already supply but has not declared: one gap per code.
    "category_not_offered": GapRule("declare_category", "category_declaration", 14, ("code",)),
}


class UnknownGapKind(ValueError):
    code = "unknown_gap_kind"


@dataclass(frozen=True)
class Gap:
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    remedy: str | None = None
    effort_days: int | None = None


@dataclass(frozen=True)
class PlanItemDraft:
    action_key: str
    params: Mapping[str, Any]
    owner: str | int | None
    due: date
    evidence_needed: str
    closes_gap_kind: str
    remedy: str | None = None


def as_gap(value: Gap | Mapping[str, Any] | Any) -> Gap:
    """Accept a ``Gap``, a dict, or any object with ``kind``, ``params``, ``remedy`` and
    ``effort_days`` (such as the matching engine's gap objects)."""
    if isinstance(value, Gap):
        return value
    if isinstance(value, Mapping):
        get = value.get
    else:

        def get(name: str, default: Any = None) -> Any:
            return getattr(value, name, default)

    kind = get("kind")
    if kind not in GAP_RULES:
        raise UnknownGapKind(f"Unknown gap kind {kind!r}; expected one of {sorted(GAP_RULES)}.")
    return Gap(kind, dict(get("params") or {}), get("remedy"), get("effort_days"))


def effort_days_for(gap: Gap) -> int:
    effort = GAP_RULES[gap.kind].default_effort_days if gap.effort_days is None else gap.effort_days
    if effort < 0:
        raise ValueError(f"Gap {gap.kind!r} has a negative effort ({effort} days).")
    return effort


def _normalise_subject(subject: Any) -> str:
    if isinstance(subject, list | tuple | set | frozenset):
        return "|".join(sorted(_normalise_subject(part) for part in subject))
    return str(subject).strip().casefold()


def gap_identity(gap: Gap) -> tuple[str, str]:
    """What makes two gaps the same: the kind plus its subject (standard or region).

    Capacity gaps have no subject: they are all one gap. Standard and region gaps whose params
    name no subject fall back to all their params, so unknown shapes are never merged by accident.
    """
    subject_params = GAP_RULES[gap.kind].subject_params
    if not subject_params:
        return gap.kind, ""
    for name in subject_params:
        subject = gap.params.get(name)
        if subject not in (None, "", (), []):
            return gap.kind, _normalise_subject(subject)
    return gap.kind, repr(sorted((str(k), repr(v)) for k, v in gap.params.items()))


def _demand(gap: Gap) -> tuple[int, float]:
    """How demanding a gap is: its effort, then the capacity it asks for (when numeric)."""
    required = gap.params.get("required", gap.params.get("min_capacity"))
    numeric = float(required) if isinstance(required, int | float) else 0.0
    return effort_days_for(gap), numeric


def deduplicate_gaps(gaps: Iterable[Gap | Mapping[str, Any] | Any]) -> list[Gap]:
    """One gap per identity, in first-seen order; the most demanding duplicate wins.

    The same supplier is often enrolled from several requirements that all ask for, say, ISO 9001;
    the plan should ask for it once, with time enough for the hardest of those requests (longest
    effort, then the largest capacity asked for).
    """
    kept: dict[tuple[str, str], Gap] = {}
    for raw in gaps:
        gap = as_gap(raw)
        identity = gap_identity(gap)
        current = kept.get(identity)
        if current is None or _demand(gap) > _demand(current):
            kept[identity] = gap
    return list(kept.values())


def plan_items_from_gaps(
    gaps: Iterable[Gap | Mapping[str, Any] | Any],
    start_date: date,
    owner: str | int | None,
) -> list[PlanItemDraft]:
    """Draft one plan item per distinct gap, due ``effort_days`` after ``start_date``."""
    items = []
    for gap in deduplicate_gaps(gaps):
        rule = GAP_RULES[gap.kind]
        items.append(
            PlanItemDraft(
                action_key=rule.action_key,
                params=dict(gap.params),
                owner=owner,
                due=start_date + timedelta(days=effort_days_for(gap)),
                evidence_needed=rule.evidence_needed,
                closes_gap_kind=gap.kind,
                remedy=gap.remedy,
            )
        )
    return items
