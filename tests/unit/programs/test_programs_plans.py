"""Development-plan items drafted from matching gaps."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from programs import GAP_RULES, Gap, UnknownGapKind, plan_items_from_gaps

START = date(2024, 1, 15)


def test_one_item_per_gap_with_action_and_evidence():
    gaps = [
        {
            "kind": "missing_standard",
            "params": {"standard": "ISO 9001"},
            "remedy": "Certify",
            "effort_days": 150,
        },
        {
            "kind": "region_not_served",
            "params": {"region": "CL-AN"},
            "remedy": None,
            "effort_days": None,
        },
        {
            "kind": "insufficient_capacity",
            "params": {"unit": "t/month", "required": 40},
            "remedy": "Add a shift",
            "effort_days": 30,
        },
    ]
    items = plan_items_from_gaps(gaps, START, owner="supplier")
    assert [i.closes_gap_kind for i in items] == [
        "missing_standard",
        "region_not_served",
        "insufficient_capacity",
    ]
    assert [i.evidence_needed for i in items] == [
        "verified_certificate",
        "service_region_declaration",
        "capacity_statement",
    ]
    assert items[0].action_key == "obtain_certification"
    assert items[0].params == {"standard": "ISO 9001"}
    assert items[0].due == START + timedelta(days=150)
    region_effort = GAP_RULES["region_not_served"].default_effort_days
    assert items[1].due == START + timedelta(days=region_effort)
    assert items[2].remedy == "Add a shift"
    assert {i.owner for i in items} == {"supplier"}


@pytest.mark.parametrize("kind", sorted(GAP_RULES))
def test_default_effort_by_kind(kind):
    (item,) = plan_items_from_gaps(
        [Gap(kind, {"standard": "X", "region": "X", "unit": "X"})], START, owner=1
    )
    assert item.due == START + timedelta(days=GAP_RULES[kind].default_effort_days)


def test_identical_gaps_from_several_requirements_are_merged():
    gaps = [
        Gap("missing_standard", {"standard": "ISO 9001", "requirement_id": 1}, effort_days=120),
        Gap("missing_standard", {"standard": "iso 9001 ", "requirement_id": 2}, effort_days=200),
        Gap("missing_standard", {"standard": "ISO 14001", "requirement_id": 2}),
        Gap("region_not_served", {"region": "CL-AN", "requirement_id": 1}),
        Gap("region_not_served", {"region": "CL-AN", "requirement_id": 3}),
        Gap("expired_standard", {"standard": "ISO 9001"}),
    ]
    items = plan_items_from_gaps(gaps, START, owner=None)
    assert [
        (i.closes_gap_kind, i.params.get("standard") or i.params.get("region")) for i in items
    ] == [
        ("missing_standard", "iso 9001 "),
        ("missing_standard", "ISO 14001"),
        ("region_not_served", "CL-AN"),
        ("expired_standard", "ISO 9001"),
    ]
    # The most demanding duplicate sets the due date.
    assert items[0].due == START + timedelta(days=200)


def test_gap_objects_with_attributes_are_accepted():
    @dataclass
    class EngineGap:
        kind: str
        params: dict
        remedy: str
        effort_days: int | None

    (item,) = plan_items_from_gaps(
        [EngineGap("unverified_standard", {"standard": "HACCP"}, "Upload", 5)],
        START,
        owner="manager",
    )
    assert item.action_key == "submit_certificate_for_verification"
    assert item.due == START + timedelta(days=5)


def test_unknown_kind_and_negative_effort_are_refused():
    with pytest.raises(UnknownGapKind):
        plan_items_from_gaps([{"kind": "bad_mood"}], START, owner=None)
    with pytest.raises(ValueError):
        plan_items_from_gaps(
            [Gap("missing_standard", {"standard": "A"}, effort_days=-1)], START, owner=None
        )


def test_capacity_gaps_merge_into_the_largest_request():
    gaps = [
        Gap("insufficient_capacity", {"required": 40, "available": 25}),
        Gap("insufficient_capacity", {"required": 60, "available": 25}),
        Gap("insufficient_capacity", {"required": 50, "available": 25}),
    ]
    (item,) = plan_items_from_gaps(gaps, START, owner=None)
    assert item.params["required"] == 60


def test_region_lists_are_compared_as_sets():
    gaps = [
        Gap("region_not_served", {"regions": ["CL-AN", "CL-AT"]}),
        Gap("region_not_served", {"regions": ["cl-at", "CL-AN"]}),
        Gap("region_not_served", {"regions": ["CL-AN"]}),
    ]
    assert len(plan_items_from_gaps(gaps, START, owner=None)) == 2
