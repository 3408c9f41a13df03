"""Milestone schedules for an enrolment, lateness, and the optimistic-concurrency rule.

Each stage of a ladder carries milestones due a number of days after enrolment. Milestones are
edited by several people (supplier, programme manager, consultant), so every change states the
version it was based on and is refused when someone else changed the milestone first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from programs.ladder import Ladder


class VersionConflict(Exception):
    """The record changed since the caller read it; reload and retry."""

    code = "version_conflict"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(
            f"The record was changed by someone else (expected version {expected}, "
            f"found version {actual}); reload it and try again."
        )
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class MilestoneTemplate:
    stage_key: str
    title: str
    due_offset_days: int


@dataclass(frozen=True)
class PlannedMilestone:
    stage_key: str
    title: str
    due: date


@dataclass(frozen=True)
class MilestoneState:
    id: int | str
    stage_key: str
    title: str
    due: date
    achieved_on: date | None = None
    version: int = 1


# Offsets follow the rhythm of supplier-development programmes: diagnosis in the first quarter,
# an agreed plan by month four, assistance through the first year, certification in year two.
DEFAULT_MILESTONE_TEMPLATE: tuple[MilestoneTemplate, ...] = (
    MilestoneTemplate("registered", "Supplier profile completed", 14),
    MilestoneTemplate("aligned", "Kick-off meeting with the sponsor", 30),
    MilestoneTemplate("aligned", "Programme agreement signed", 45),
    MilestoneTemplate("diagnosed", "Diagnostic visit", 60),
    MilestoneTemplate("diagnosed", "Gap report", 90),
    MilestoneTemplate("plan_agreed", "Development plan agreed", 120),
    MilestoneTemplate("technical_assistance", "Technical assistance started", 150),
    MilestoneTemplate("technical_assistance", "Mid-term review", 270),
    MilestoneTemplate("quality_target_met", "Quality targets met", 365),
    MilestoneTemplate("certified", "Certification audit passed", 455),
    MilestoneTemplate("world_class", "World-class review passed", 730),
)


def schedule_milestones(
    ladder: Ladder,
    start_date: date,
    template: Iterable[MilestoneTemplate] | None = None,
) -> list[PlannedMilestone]:
    """Plan the milestones of an enrolment that starts on ``start_date``.

    With the default template, milestones of stages the ladder does not have are left out (so an
    operator's custom ladder keeps the default milestones of the stages it shares). An explicit
    template must only name stages of the ladder: a typo there would silently lose milestones.
    Result is ordered by stage, then due date, then title.
    """
    if template is None:
        entries = [entry for entry in DEFAULT_MILESTONE_TEMPLATE if entry.stage_key in ladder]
    else:
        entries = list(template)
        for entry in entries:
            ladder.index(entry.stage_key)  # raises StageMoveError('unknown_stage')
    for entry in entries:
        if entry.due_offset_days < 0:
            raise ValueError(f"Milestone {entry.title!r} has a negative due offset.")
    planned = [
        PlannedMilestone(
            entry.stage_key, entry.title, start_date + timedelta(days=entry.due_offset_days)
        )
        for entry in entries
    ]
    planned.sort(key=lambda m: (ladder.index(m.stage_key), m.due, m.title))
    return planned


def is_late(milestone: MilestoneState, today: date) -> bool:
    """An open milestone whose due date has passed (due today is not late yet)."""
    return milestone.achieved_on is None and milestone.due < today


def days_late(milestone: MilestoneState, today: date) -> int:
    """Days past due for an open milestone; 0 when achieved or not yet due."""
    return (today - milestone.due).days if is_late(milestone, today) else 0


def was_achieved_late(milestone: MilestoneState) -> bool:
    return milestone.achieved_on is not None and milestone.achieved_on > milestone.due


def check_version(expected: int, actual: int) -> None:
    """Raise ``VersionConflict`` unless the caller's version is the stored one."""
    if expected != actual:
        raise VersionConflict(expected, actual)


def mark_achieved(
    milestone: MilestoneState, achieved_on: date, expected_version: int
) -> MilestoneState:
    """Return the milestone achieved on ``achieved_on`` with its version bumped."""
    check_version(expected_version, milestone.version)
    return replace(milestone, achieved_on=achieved_on, version=milestone.version + 1)


def late_milestones(milestones: Sequence[MilestoneState], today: date) -> list[MilestoneState]:
    return [m for m in milestones if is_late(m, today)]
