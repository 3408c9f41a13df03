"""Stage ladder rules: forward moves, skips, backward moves, unknown stages, custom ladders."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs import DEFAULT_LADDER, Ladder, LadderError, Stage, StageMoveError


def test_default_ladder_order():
    assert DEFAULT_LADDER.keys == (
        "registered",
        "aligned",
        "diagnosed",
        "plan_agreed",
        "technical_assistance",
        "quality_target_met",
        "certified",
        "world_class",
    )
    assert DEFAULT_LADDER.stage("plan_agreed").name == "Development plan agreed"
    assert DEFAULT_LADDER.first.key == "registered"
    assert DEFAULT_LADDER.last.key == "world_class"


def test_forward_by_one_needs_no_reason():
    move = DEFAULT_LADDER.check_move("registered", "aligned", None)
    assert (move.from_key, move.to_key, move.skipped, move.backwards) == (
        "registered",
        "aligned",
        (),
        False,
    )
    assert not move.needs_reason


def test_skip_without_reason_is_refused():
    with pytest.raises(StageMoveError) as caught:
        DEFAULT_LADDER.check_move("aligned", "plan_agreed", "   ")
    assert caught.value.code == "skip_needs_reason"
    assert "diagnosed" in str(caught.value)


def test_skip_with_reason_lists_skipped_stages():
    move = DEFAULT_LADDER.check_move("aligned", "technical_assistance", "  Diagnosed by CORFO  ")
    assert move.skipped == ("diagnosed", "plan_agreed")
    assert move.reason == "Diagnosed by CORFO"
    assert not move.backwards


def test_backwards_needs_reason():
    with pytest.raises(StageMoveError) as caught:
        DEFAULT_LADDER.check_move("certified", "quality_target_met")
    assert caught.value.code == "backwards_needs_reason"
    move = DEFAULT_LADDER.check_move("certified", "diagnosed", "Certificate revoked")
    assert move.backwards and move.skipped == ()


@pytest.mark.parametrize("current, target", [("registered", "nope"), ("nope", "aligned")])
def test_unknown_stage(current, target):
    with pytest.raises(StageMoveError) as caught:
        DEFAULT_LADDER.check_move(current, target, "reason")
    assert caught.value.code == "unknown_stage"


def test_same_stage_is_refused():
    with pytest.raises(StageMoveError) as caught:
        DEFAULT_LADDER.check_move("aligned", "aligned", "again")
    assert caught.value.code == "same_stage"


def test_index_and_reached():
    assert DEFAULT_LADDER.index("registered") == 0
    assert DEFAULT_LADDER.index("world_class") == 7
    assert DEFAULT_LADDER.reached("certified", "quality_target_met")
    assert DEFAULT_LADDER.reached("certified", "certified")
    assert not DEFAULT_LADDER.reached("aligned", "certified")
    assert DEFAULT_LADDER.next_key("aligned") == "diagnosed"
    assert DEFAULT_LADDER.next_key("world_class") is None


def test_custom_ladder_sorted_by_order():
    ladder = Ladder([Stage("b", 2, "B"), Stage("a", 1, "A"), Stage("c", 3, "C")])
    assert ladder.keys == ("a", "b", "c")
    assert ladder.check_move("a", "c", "fast track").skipped == ("b",)
    assert ladder == Ladder.from_pairs([("a", "A"), ("b", "B"), ("c", "C")])


@pytest.mark.parametrize(
    "stages, code",
    [
        ([Stage("only", 1, "Only")], "too_few_stages"),
        ([], "too_few_stages"),
        ([Stage("a", 1, "A"), Stage("a", 2, "A again")], "duplicate_key"),
        ([Stage("a", 1, "A"), Stage("b", 1, "B")], "duplicate_order"),
        ([Stage("a", 1, "A"), Stage(" ", 2, "Blank")], "blank_key"),
    ],
)
def test_custom_ladder_validation(stages, code):
    with pytest.raises(LadderError) as caught:
        Ladder(stages)
    assert caught.value.code == code


@given(st.sampled_from(DEFAULT_LADDER.keys), st.sampled_from(DEFAULT_LADDER.keys))
def test_move_with_reason_always_allowed_between_distinct_stages(current, target):
    if current == target:
        return
    move = DEFAULT_LADDER.check_move(current, target, "justified")
    steps = DEFAULT_LADDER.index(target) - DEFAULT_LADDER.index(current)
    assert move.backwards == (steps < 0)
    assert len(move.skipped) == (steps - 1 if steps > 0 else 0)
