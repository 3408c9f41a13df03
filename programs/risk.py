"""Risk flags for one enrolment: what a programme manager should look at first.

Flags cover late milestones, a stage that has not moved for too long, certificates that are
expiring or expired, and overdue development-plan items. Each flag has a severity
(``info`` < ``warning`` < ``critical``); an enrolment is at risk when any flag is a warning or
worse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from programs.ladder import DEFAULT_LADDER, Ladder
from programs.milestones import MilestoneState, days_late

SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}

DEFAULT_STALL_DAYS = 90
DEFAULT_EXPIRY_WARNING_DAYS = 60
# Beyond this many days overdue a late milestone or plan item stops being a slip and becomes
# a problem that needs the manager's intervention.
CRITICAL_OVERDUE_DAYS = 30
URGENT_EXPIRY_DAYS = 30


@dataclass(frozen=True)
class CertificateSnapshot:
    standard: str
    expires_on: date | None
    status: str = "verified"


@dataclass(frozen=True)
class PlanItemSnapshot:
    id: int | str
    action_key: str
    due: date
    done_on: date | None = None


@dataclass(frozen=True)
class EnrolmentSnapshot:
    """What the risk rules need to know about an enrolment, as of the day they run."""

    enrolment_id: int | str
    stage_key: str
    stage_entered_on: date
    milestones: Sequence[MilestoneState] = ()
    certificates: Sequence[CertificateSnapshot] = ()
    plan_items: Sequence[PlanItemSnapshot] = ()


@dataclass(frozen=True)
class RiskFlag:
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str = "warning"


def _overdue_severity(days_overdue: int) -> str:
    return "critical" if days_overdue > CRITICAL_OVERDUE_DAYS else "warning"


def late_milestone_flags(milestones: Iterable[MilestoneState], today: date) -> list[RiskFlag]:
    flags = []
    for milestone in milestones:
        late_by = days_late(milestone, today)
        if late_by > 0:
            params = {
                "milestone_id": milestone.id,
                "title": milestone.title,
                "stage_key": milestone.stage_key,
                "due": milestone.due,
                "days_late": late_by,
            }
            flags.append(RiskFlag("milestone_late", params, _overdue_severity(late_by)))
    return flags


def stalled_stage_flags(
    snapshot: EnrolmentSnapshot, today: date, ladder: Ladder, stall_days: int
) -> list[RiskFlag]:
    """A stage unchanged for more than ``stall_days``; the top stage (graduated) never stalls."""
    if snapshot.stage_key == ladder.last.key:
        return []
    days_in_stage = (today - snapshot.stage_entered_on).days
    if days_in_stage <= stall_days:
        return []
    severity = "critical" if days_in_stage > 2 * stall_days else "warning"
    params = {
        "stage_key": snapshot.stage_key,
        "since": snapshot.stage_entered_on,
        "days_in_stage": days_in_stage,
    }
    return [RiskFlag("stage_stalled", params, severity)]


def certificate_flags(
    certificates: Iterable[CertificateSnapshot], today: date, warning_days: int
) -> list[RiskFlag]:
    """Expired certificates are critical; expiring ones are warnings within 30 days, else info.

    Revoked certificates are left to the matching gaps: expiry is moot for them.
    """
    flags = []
    for certificate in certificates:
        if certificate.expires_on is None or certificate.status == "revoked":
            continue
        days_left = (certificate.expires_on - today).days
        params = {"standard": certificate.standard, "expires_on": certificate.expires_on}
        if days_left < 0:
            flags.append(
                RiskFlag(
                    "certificate_expired", {**params, "days_since_expiry": -days_left}, "critical"
                )
            )
        elif days_left <= warning_days:
            severity = "warning" if days_left <= URGENT_EXPIRY_DAYS else "info"
            flags.append(
                RiskFlag("certificate_expiring", {**params, "days_left": days_left}, severity)
            )
    return flags


def overdue_plan_item_flags(items: Iterable[PlanItemSnapshot], today: date) -> list[RiskFlag]:
    flags = []
    for item in items:
        if item.done_on is None and item.due < today:
            overdue_by = (today - item.due).days
            params = {
                "plan_item_id": item.id,
                "action_key": item.action_key,
                "due": item.due,
                "days_overdue": overdue_by,
            }
            flags.append(RiskFlag("plan_item_overdue", params, _overdue_severity(overdue_by)))
    return flags


def risk_flags(
    snapshot: EnrolmentSnapshot,
    today: date,
    *,
    ladder: Ladder = DEFAULT_LADDER,
    stall_days: int = DEFAULT_STALL_DAYS,
    expiry_warning_days: int = DEFAULT_EXPIRY_WARNING_DAYS,
) -> list[RiskFlag]:
    """All flags for ``snapshot`` on ``today``, most severe first (stable within a severity)."""
    flags = [
        *late_milestone_flags(snapshot.milestones, today),
        *stalled_stage_flags(snapshot, today, ladder, stall_days),
        *certificate_flags(snapshot.certificates, today, expiry_warning_days),
        *overdue_plan_item_flags(snapshot.plan_items, today),
    ]
    return sorted(flags, key=lambda flag: -SEVERITY_RANK[flag.severity])


def at_risk(flags: Iterable[RiskFlag], min_severity: str = "warning") -> bool:
    """Whether any flag is at least ``min_severity``."""
    threshold = SEVERITY_RANK[min_severity]
    return any(SEVERITY_RANK[flag.severity] >= threshold for flag in flags)
