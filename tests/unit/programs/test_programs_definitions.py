"""An operator's own ladder, the engine's stage scale, and when suppliers reached a target."""

from datetime import date

import pytest

from programs import DEFAULT_LADDER, LadderError
from programs.definitions import (
    StageChange,
    engine_stage,
    highest_engine_stage,
    ladder_from_names,
    stage_key_for,
    stage_target_dates,
    standard_target_dates,
)

D = date(2026, 1, 1)


def test_stage_keys_are_ascii_slugs_of_the_names():
    assert stage_key_for("Plan de desarrollo acordado") == "plan_de_desarrollo_acordado"
    assert stage_key_for("  Diagnóstico (visita) ") == "diagnostico_visita"


def test_an_operator_ladder_keeps_the_order_and_names_given():
    ladder = ladder_from_names(["Inscrito", "", "Diagnóstico", "Certificado"])
    assert ladder.keys == ("inscrito", "diagnostico", "certificado")
    assert ladder.stage("diagnostico").name == "Diagnóstico"
    assert ladder.check_move("inscrito", "diagnostico").skipped == ()


@pytest.mark.parametrize("names, code", [
    (["Único"], "too_few_stages"),
    (["Diagnóstico", "diagnostico"], "duplicate_key"),
    (["Inscrito", "***"], "blank_key"),
])
def test_invalid_operator_ladders_are_refused(names, code):
    with pytest.raises(LadderError) as caught:
        ladder_from_names(names)
    assert caught.value.code == code


def test_the_default_ladder_maps_one_to_one_onto_the_engine_scale():
    assert [engine_stage(DEFAULT_LADDER, k) for k in DEFAULT_LADDER.keys] == list(range(8))


def test_shorter_ladders_are_scaled_from_zero_to_the_top():
    ladder = ladder_from_names(["A", "B", "C"])
    assert [engine_stage(ladder, k) for k in ladder.keys] == [0, 4, 7]


def test_a_supplier_in_several_programmes_counts_by_its_furthest_stage():
    short = ladder_from_names(["A", "B"])
    assert highest_engine_stage([(DEFAULT_LADDER, "diagnosed"), (short, "b")]) == 7
    assert highest_engine_stage([]) is None


def test_stage_target_dates_follow_the_recorded_history():
    changes = [
        StageChange(1, "registered", D),
        StageChange(1, "certified", date(2026, 3, 1)),
        StageChange(2, "certified", date(2026, 2, 1)),
        StageChange(2, "technical_assistance", date(2026, 4, 1)),  # moved back: not counted
        StageChange(3, "certified", date(2026, 2, 1)),
        StageChange(3, "quality_target_met", date(2026, 3, 1)),
        StageChange(3, "world_class", date(2026, 5, 1)),  # beyond the target counts
        StageChange(4, "world_class", date(2026, 6, 1)),  # no longer enrolled: ignored
    ]
    current = {1: "certified", 2: "technical_assistance", 3: "world_class"}
    assert stage_target_dates(changes, DEFAULT_LADDER, "certified", current) == {
        1: date(2026, 3, 1), 3: date(2026, 5, 1)}


def test_standard_target_dates_use_the_first_valid_certificate():
    today = date(2026, 6, 1)
    holdings = [(1, date(2026, 2, 1), None), (1, date(2026, 1, 1), date(2029, 1, 1)),
                (2, date(2025, 1, 1), date(2026, 5, 1))]  # expired: not counted
    assert standard_target_dates(holdings, today) == {1: date(2026, 1, 1)}
