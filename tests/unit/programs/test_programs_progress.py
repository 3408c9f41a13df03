"""Progress to target: forecast arithmetic and the stage funnel."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs import DEFAULT_LADDER, StageMoveError, forecast, funnel
from programs.progress import DAYS_PER_MONTH

START = date(2024, 1, 1)
DEADLINE = date(2024, 12, 31)
TODAY = date(2024, 1, 31)  # 30 days after the start


def test_on_track_projected_date_arithmetic():
    result = forecast(
        [date(2024, 1, 5), date(2024, 1, 12), date(2024, 1, 30)], 10, START, DEADLINE, TODAY
    )
    # 3 in 30 days -> 7 remaining need ceil(7 * 30 / 3) = 70 days.
    assert result.projected_date == TODAY + timedelta(days=70) == date(2024, 4, 10)
    assert result.on_track is True and result.reason == "on_pace"
    assert result.achieved == 3 and result.target == 10 and result.share == pytest.approx(0.3)
    assert result.pace_per_month == pytest.approx(3 / 30 * DAYS_PER_MONTH)
    assert result.required_pace_per_month == pytest.approx(7 / 335 * DAYS_PER_MONTH)


def test_off_track():
    result = forecast([date(2024, 1, 10)] * 3, 250, START, DEADLINE, TODAY)
    assert result.projected_date == TODAY + timedelta(days=-(-247 * 30 // 3))
    assert result.on_track is False and result.reason == "behind_pace"


def test_no_progress_yet():
    result = forecast([], 250, START, DEADLINE, TODAY)
    assert (result.achieved, result.pace_per_month, result.projected_date, result.on_track) == (
        0,
        None,
        None,
        None,
    )
    assert result.reason == "no_progress_yet"


def test_future_dates_are_ignored():
    assert forecast([date(2024, 6, 1)], 5, START, DEADLINE, TODAY).reason == "no_progress_yet"


def test_already_reached_projects_the_day_it_was_reached():
    dates = [date(2024, 1, 20), date(2024, 1, 5), date(2024, 1, 10)]
    result = forecast(dates, 2, START, DEADLINE, TODAY)
    assert result.projected_date == date(2024, 1, 10)
    assert result.on_track is True and result.reason == "target_reached"
    assert result.share == pytest.approx(1.5)
    late = forecast(dates, 2, START, date(2024, 1, 8), TODAY)
    assert late.on_track is False and late.reason == "target_reached"


def test_deadline_passed():
    result = forecast([date(2024, 3, 1)], 5, START, date(2024, 6, 30), date(2024, 7, 31))
    assert result.on_track is False and result.reason == "deadline_passed"
    assert result.required_pace_per_month is None


def test_recent_window_pace():
    start = date(2023, 1, 1)
    today = date(2024, 1, 1)
    early = [date(2023, 2, 1)] * 10
    recent = [date(2023, 11, 15), date(2023, 12, 20)]
    linear = forecast(early + recent, 20, start, date(2025, 1, 1), today)
    windowed = forecast(early + recent, 20, start, date(2025, 1, 1), today, recent_days=90)
    assert windowed.projected_date == today + timedelta(days=8 * 90 // 2)
    assert windowed.projected_date > linear.projected_date
    stalled = forecast(early, 20, start, date(2025, 1, 1), today, recent_days=90)
    assert stalled.pace_per_month == 0 and stalled.projected_date is None
    assert stalled.on_track is False


@pytest.mark.parametrize("target, deadline", [(0, DEADLINE), (5, date(2023, 12, 1))])
def test_invalid_inputs(target, deadline):
    with pytest.raises(ValueError):
        forecast([], target, START, deadline, TODAY)


@given(
    elapsed=st.integers(min_value=1, max_value=3000),
    slower=st.integers(min_value=1, max_value=200),
    extra=st.integers(min_value=0, max_value=200),
    target=st.integers(min_value=1, max_value=500),
)
def test_projected_date_is_monotone_in_pace(elapsed, slower, extra, target):
    today = START + timedelta(days=elapsed)
    deadline = START + timedelta(days=5000)
    slow = forecast([START] * slower, target, START, deadline, today)
    fast = forecast([START] * (slower + extra), target, START, deadline, today)
    assert fast.projected_date <= slow.projected_date
    if slow.reason != "target_reached":
        assert slow.projected_date > today


@given(st.lists(st.sampled_from(DEFAULT_LADDER.keys), max_size=60))
def test_funnel_cumulative_counts_are_non_increasing(keys):
    rows = funnel(keys, DEFAULT_LADDER)
    assert [row.stage.key for row in rows] == list(DEFAULT_LADDER.keys)
    reached = [row.cumulative_reached for row in rows]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == len(keys) == sum(row.count for row in rows)


def test_funnel_example_and_unknown_stage():
    rows = funnel(["registered", "certified", "certified", "diagnosed"], DEFAULT_LADDER)
    as_tuples = [(stage.key, count, reached) for stage, count, reached in rows]
    assert as_tuples[:3] == [("registered", 1, 4), ("aligned", 0, 3), ("diagnosed", 1, 3)]
    assert as_tuples[-2:] == [("certified", 2, 2), ("world_class", 0, 0)]
    with pytest.raises(StageMoveError):
        funnel(["graduated"], DEFAULT_LADDER)
