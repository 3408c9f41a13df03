"""Progress of a programme against its target, a forecast of when it will be met, and the funnel.

A target is a count of suppliers reaching a stage (or holding a standard) by a deadline, such as
"250 suppliers certified to ISO 9001 by 2020".

Pace definition: achievements so far divided by the time elapsed since the programme started
(linear pace). It is the simplest figure a manager can check by hand, and it does not jump when
one month is unusually good or bad. Pass ``recent_days`` to measure pace over only the most recent
window instead, which reacts faster when a programme speeds up or stalls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from programs.ladder import Ladder, Stage

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Forecast:
    """``reason`` is one of: target_reached, no_progress_yet, on_pace, behind_pace, deadline_passed.

    ``pace_per_month`` is achievements per average month (365.25 / 12 days);
    ``required_pace_per_month`` is what the remaining time until the deadline needs (None once
    the target is reached or the deadline has passed).
    """

    achieved: int
    target: int
    share: float
    pace_per_month: float | None
    projected_date: date | None
    on_track: bool | None
    reason: str
    required_pace_per_month: float | None = None


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def forecast(
    reached_on: Iterable[date],
    target: int,
    start: date,
    deadline: date,
    today: date,
    recent_days: int | None = None,
) -> Forecast:
    """Forecast when ``target`` suppliers will have reached the goal.

    ``reached_on`` holds one date per supplier that reached it. Dates after ``today`` are ignored
    (not yet true); dates before ``start`` count as reached at ``start``. The projected date is
    the first day the count reaches the target at the measured pace, rounded up to whole days.
    """
    if target <= 0:
        raise ValueError("The target must be a positive count.")
    if deadline < start:
        raise ValueError("The deadline cannot be before the programme start.")
    if recent_days is not None and recent_days <= 0:
        raise ValueError("recent_days must be positive.")
    dates = sorted(max(day, start) for day in reached_on if day <= today)
    achieved = len(dates)
    share = achieved / target

    if achieved >= target:
        reached_date = dates[target - 1]
        on_track = reached_date <= deadline
        counted, window_days = _pace_window(dates, start, today, recent_days)
        pace = counted / window_days * DAYS_PER_MONTH
        return Forecast(achieved, target, share, pace, reached_date, on_track, "target_reached")

    remaining = target - achieved
    required = _required_pace(remaining, today, deadline)
    if achieved == 0:
        return Forecast(0, target, 0.0, None, None, None, "no_progress_yet", required)

    in_window, window_days = _pace_window(dates, start, today, recent_days)
    if in_window == 0:
        # Progress happened but none lately: at the recent pace the target is never reached.
        return Forecast(achieved, target, share, 0.0, None, False, "behind_pace", required)
    projected = today + timedelta(days=_ceil_div(remaining * window_days, in_window))
    on_track = projected <= deadline
    reason = "on_pace" if on_track else "behind_pace"
    if today > deadline:
        reason = "deadline_passed"
    pace = in_window / window_days * DAYS_PER_MONTH
    return Forecast(achieved, target, share, pace, projected, on_track, reason, required)


def _pace_window(
    dates: Sequence[date], start: date, today: date, recent_days: int | None
) -> tuple[int, int]:
    """Achievements counted for the pace and the window length in days (at least one day).

    The window is the whole time since ``start``, or the last ``recent_days`` days
    (today - recent_days, today] when that is shorter.
    """
    elapsed = max((today - start).days, 1)
    if recent_days is None or recent_days >= elapsed:
        return len(dates), elapsed
    window_start = today - timedelta(days=recent_days)
    return sum(1 for day in dates if day > window_start), recent_days


def _required_pace(remaining: int, today: date, deadline: date) -> float | None:
    days_left = (deadline - today).days
    if days_left <= 0:
        return None
    return remaining / days_left * DAYS_PER_MONTH


class FunnelRow(NamedTuple):
    """Enrolments currently at ``stage`` (``count``) and at that stage or beyond (``reached``)."""

    stage: Stage
    count: int
    cumulative_reached: int


def funnel(stage_keys_of_enrolments: Iterable[str], ladder: Ladder) -> list[FunnelRow]:
    """One row per ladder stage, bottom to top; unknown stage keys raise ``StageMoveError``."""
    counts = [0] * len(ladder)
    for key in stage_keys_of_enrolments:
        counts[ladder.index(key)] += 1
    rows: list[FunnelRow] = []
    reached = sum(counts)
    for stage, count in zip(ladder.stages, counts, strict=True):
        rows.append(FunnelRow(stage, count, reached))
        reached -= count
    return rows
