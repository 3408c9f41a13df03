"""Milestone schedules, lateness and the optimistic-concurrency version check."""

from datetime import date, timedelta

import pytest

from programs import (
    DEFAULT_LADDER,
    Ladder,
    MilestoneState,
    MilestoneTemplate,
    StageMoveError,
    VersionConflict,
    check_version,
    days_late,
    is_late,
    mark_achieved,
    schedule_milestones,
)

START = date(2024, 3, 1)


def test_default_schedule_covers_every_stage_in_order():
    planned = schedule_milestones(DEFAULT_LADDER, START)
    stages = [m.stage_key for m in planned]
    assert set(stages) == set(DEFAULT_LADDER.keys)
    assert stages == sorted(stages, key=DEFAULT_LADDER.index)
    by_title = {m.title: m for m in planned}
    assert by_title["Diagnostic visit"].due == START + timedelta(days=60)
    assert by_title["Gap report"].stage_key == "diagnosed"
    assert by_title["Certification audit passed"].stage_key == "certified"


def test_custom_ladder_keeps_only_shared_default_milestones():
    ladder = Ladder.from_pairs([("registered", "Registered"), ("certified", "Certified")])
    planned = schedule_milestones(ladder, START)
    assert {m.stage_key for m in planned} == {"registered", "certified"}


def test_explicit_template():
    template = [
        MilestoneTemplate("aligned", "Visit", 10),
        MilestoneTemplate("registered", "Form", 3),
    ]
    planned = schedule_milestones(DEFAULT_LADDER, START, template)
    assert [(m.title, m.due) for m in planned] == [
        ("Form", date(2024, 3, 4)),
        ("Visit", date(2024, 3, 11)),
    ]


def test_explicit_template_with_unknown_stage_is_refused():
    with pytest.raises(StageMoveError):
        schedule_milestones(DEFAULT_LADDER, START, [MilestoneTemplate("typo", "X", 1)])


def test_negative_offset_is_refused():
    with pytest.raises(ValueError):
        schedule_milestones(DEFAULT_LADDER, START, [MilestoneTemplate("aligned", "X", -1)])


def _milestone(due, achieved_on=None, version=1):
    return MilestoneState(7, "diagnosed", "Gap report", due, achieved_on, version)


def test_lateness():
    due = date(2024, 6, 1)
    assert not is_late(_milestone(due), date(2024, 6, 1))
    assert is_late(_milestone(due), date(2024, 6, 2))
    assert days_late(_milestone(due), date(2024, 6, 11)) == 10
    assert not is_late(_milestone(due, achieved_on=date(2024, 6, 5)), date(2024, 7, 1))
    assert days_late(_milestone(due, achieved_on=date(2024, 6, 5)), date(2024, 7, 1)) == 0


def test_check_version():
    check_version(3, 3)
    with pytest.raises(VersionConflict) as caught:
        check_version(2, 3)
    assert (caught.value.expected, caught.value.actual) == (2, 3)
    assert caught.value.code == "version_conflict"


def test_mark_achieved_bumps_version_and_refuses_stale_edit():
    milestone = _milestone(date(2024, 6, 1), version=4)
    done = mark_achieved(milestone, date(2024, 5, 30), expected_version=4)
    assert done.achieved_on == date(2024, 5, 30) and done.version == 5
    with pytest.raises(VersionConflict):
        mark_achieved(done, date(2024, 5, 31), expected_version=4)
