"""Category fit as a must-have, capacity units, and a requirement's own award."""

from datetime import date

import pytest

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile, units

TODAY = date(2025, 6, 1)
CONVEYOR_BELTS = "24101715"  # commodity in class 241017 (conveyors), family 2410
CONVEYORS = "24101700"
LIFTING = "24101600"  # same family, another class
LAB_CHEMICALS = "12352100"
CLEANING = "76111500"


def supplier(sid, *codes, **other):
    return SupplierProfile(sid, sid.title(), codes=codes, **other)


def market():
    return [
        supplier("exact", CONVEYORS),
        supplier("belts", CONVEYOR_BELTS),  # a descendant of the class asked
        supplier("lifting", LIFTING,
                 awards=(AwardRecord(LIFTING, "b9", date(2024, 3, 1)),)),
        supplier("cleaner", CLEANING),  # another trade altogether
        supplier("segment", "24000000"),  # the whole segment: not the class asked
    ]


def ranked_and_near(req, profiles=None):
    result = MatchingEngine(as_of=TODAY).fit(profiles or market()).rank(req, 20, today=TODAY)
    return ({m.supplier_id for m in result.ranked},
            {m.supplier_id: m for m in result.near_misses})


def test_the_code_and_its_descendants_qualify_by_default():
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYORS,)))
    assert ranked == {"exact", "belts"}
    # the same family offered, not the class: a near miss told which code to declare
    assert set(near) == {"lifting"}
    (gap,) = near["lifting"].gaps
    assert gap.kind == "category_not_offered" and gap.blocking
    assert gap.params == {"code": CONVEYORS, "offered": LIFTING, "won": True, "depth": "code"}
    assert gap.detail == f"Offers {LIFTING} and won awards in it; declare {CONVEYORS} if it " \
                         "supplies it"


def test_an_exact_commodity_is_asked_its_class_does_not_qualify():
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYOR_BELTS,)))
    assert ranked == {"belts"}
    assert set(near) == {"exact", "lifting"}


def test_the_same_family_qualifies_when_asked():
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYORS,), category_depth="family"))
    assert ranked == {"exact", "belts", "lifting"}
    assert near == {}


def test_related_categories_admit_linked_codes_of_another_segment():
    # suppliers of conveyors often supply laboratory chemicals too (a linked code)
    profiles = [supplier(f"both{i}", CONVEYORS, LAB_CHEMICALS) for i in range(4)]
    profiles += [supplier(f"clean{i}", CLEANING) for i in range(12)]
    profiles += [supplier("chem", LAB_CHEMICALS)]
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYORS,)), profiles)
    assert "chem" not in ranked and set(near) == {"chem"}
    assert near["chem"].gaps[0].params["offered"] == LAB_CHEMICALS
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYORS,),
                                               category_depth="related"), profiles)
    assert "chem" in ranked and not any(s.startswith("clean") for s in ranked)


@pytest.mark.parametrize("depth", ["code", "family", "related"])
def test_a_supplier_of_an_unrelated_trade_is_neither_qualified_nor_a_near_miss(depth):
    ranked, near = ranked_and_near(Requirement("r", codes=(CONVEYORS,), category_depth=depth))
    assert "cleaner" not in ranked and "cleaner" not in near
    assert "segment" not in ranked and "segment" not in near
    engine = MatchingEngine(as_of=TODAY).fit(market())
    assessed = engine.assess(Requirement("r", codes=(CONVEYORS,), category_depth=depth),
                             "cleaner", today=TODAY)
    assert not assessed.qualified
    assert [g.kind for g in assessed.gaps] == ["category_not_offered"]


def test_any_depth_makes_the_category_a_score_only():
    ranked, _ = ranked_and_near(Requirement("r", codes=(CONVEYORS,), category_depth="any"))
    assert ranked == {"exact", "belts", "lifting", "cleaner", "segment"}


def test_an_unknown_depth_is_refused():
    with pytest.raises(ValueError):
        MatchingEngine().fit(market()).rank(Requirement("r", codes=(CONVEYORS,),
                                                        category_depth="anything"))


# -------------------------------------------------------------------- capacity units
def capacity_result(capacity, unit, minimum, wanted_unit):
    profile = supplier("s", CONVEYORS, capacity=capacity, capacity_unit=unit)
    req = Requirement("r", codes=(CONVEYORS,), min_capacity=minimum, capacity_unit=wanted_unit)
    return MatchingEngine().fit([profile]).assess(req, "s", today=TODAY)


def test_units_convert_inside_a_dimension():
    assert units.to_base(500, "kg_month") == pytest.approx(0.5)
    assert units.from_base(2.0, "l_month") == pytest.approx(2000)
    assert capacity_result(300, "kg_month", 0.3, "t_month").qualified
    assert capacity_result(0.3, "t_month", 300, "kg_month").qualified
    assert capacity_result(2500, "l_month", 2, "m3_month").qualified
    low = capacity_result(200, "kg_month", 0.3, "t_month")
    assert not low.qualified
    (gap,) = low.gaps
    assert gap.kind == "insufficient_capacity" and gap.remedy == "increase_capacity"
    # told in the requirement's unit
    assert gap.params["available"] == pytest.approx(0.2)
    assert gap.params["shortfall"] == pytest.approx(0.1) and gap.params["unit"] == "t_month"


def test_capacities_in_another_dimension_are_never_compared():
    # 13,500 samples a month is not 27 times a minimum in metres
    result = capacity_result(13_500, "samples_month", 500, "m_month")
    assert not result.qualified
    (gap,) = result.gaps
    assert gap.kind == "insufficient_capacity" and gap.remedy == "declare_capacity"
    assert gap.params["declared"] == {"capacity": 13_500, "unit": "samples_month"}
    assert gap.detail == "Capacity not declared in m/month (minimum 500 m/month): declare capacity"
    assert capacity_result(13_500, "samples_month", 500, "m_month").contributions[
        "capacity"] == 0


def test_capacity_headroom_counts_in_the_dimension_only():
    engine = MatchingEngine(feature_weights={"capacity_headroom": 1.0}).fit([
        supplier("kg", CONVEYORS, capacity=4000, capacity_unit="kg_month"),
        supplier("m3", CONVEYORS, capacity=4000, capacity_unit="m3_month")])
    req = Requirement("r", codes=(CONVEYORS,), min_capacity=1, capacity_unit="t_month")
    assert engine.assess(req, "kg", today=TODAY).score == pytest.approx(1.0)  # four times
    assert engine.assess(req, "m3", today=TODAY).score == 0


def test_unspecified_compares_only_with_itself():
    assert capacity_result(100, None, 50, None).qualified
    assert capacity_result(100, "unspecified", 50, None).qualified
    assert not capacity_result(100, None, 50, "t_month").qualified
    assert not capacity_result(100, "t_month", 50, "unspecified").qualified


# -------------------------------------------------------------------- own award
def test_a_requirements_own_award_does_not_raise_its_winners_score():
    others = [supplier(f"o{i}", CONVEYORS) for i in range(5)]
    before = supplier("w", CONVEYORS)
    won = AwardRecord(CONVEYORS, "buyer", date(2025, 5, 1), requirement_id="r")
    after = supplier("w", CONVEYORS, awards=(won,))
    req = Requirement("r", codes=(CONVEYORS,), buyer_id="buyer")
    score_before = MatchingEngine(as_of=TODAY).fit([before, *others]).assess(req, "w", today=TODAY)
    engine = MatchingEngine(as_of=TODAY).fit([after, *others])
    assert engine.assess(req, "w", today=TODAY).score == pytest.approx(score_before.score)
    ranked = {m.supplier_id: m.score for m in engine.rank(req, 10, today=TODAY).ranked}
    assert ranked["w"] == pytest.approx(score_before.score)
    # on another requirement of the buyer in the same code, the award is track record
    other = Requirement("r2", codes=(CONVEYORS,), buyer_id="buyer")
    assert engine.assess(other, "w", today=TODAY).score > score_before.score
    # and it stays excluded after an incremental update
    engine.update(after)
    assert engine.assess(req, "w", today=TODAY).score == pytest.approx(score_before.score)


# -------------------------------------------------------------------- text
def test_trade_words_of_the_three_languages_meet():
    from matching.text import stem_tokens

    assert stem_tokens("Mantención de chancadores") == stem_tokens("manutenção britadores")
    assert stem_tokens("crusher maintenance") == stem_tokens("chancador mantenimiento")
    assert stem_tokens("EPP") == stem_tokens("EPI") == stem_tokens("PPE")


def test_the_text_of_a_past_award_counts_on_its_own():
    # a general firm whose one past job was a bridge, against a specialist and a stranger
    bridge = AwardRecord("72141000", "b1", date(2024, 1, 1),
                         text="Construcción del puente vehicular sobre el río Magdalena")
    general = supplier("general", "72141000", text="obras civiles vias edificios redes "
                       "acueducto alcantarillado colegios hospitales", awards=(bridge,))
    stranger = supplier("stranger", "72141000", text="obras civiles vias edificios redes")
    engine = MatchingEngine(as_of=TODAY, feature_weights={"award_text": 1.0}).fit(
        [general, stranger])
    req = Requirement("r", codes=("72141000",), text="Mantenimiento del puente sobre el río")
    assert engine.assess(req, "general", today=TODAY).score > 0.2
    assert engine.assess(req, "stranger", today=TODAY).score == 0
