"""The per-award text features on tiny hand-made histories with known answers: the closest
past job weighted by its recency, and the sum of the similarities of all past jobs."""

from datetime import date, timedelta
from math import log

import pytest

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile
from matching.features import FEATURES

TODAY = date(2025, 6, 1)
WORKS = "72141000"
BRIDGE = "Construcción del puente vehicular sobre el río Magdalena"
SCHOOL = "Ampliación de la sede educativa rural del municipio"


def award(buyer, text, days_ago=0):
    return AwardRecord(WORKS, buyer, TODAY - timedelta(days=days_ago), text=text)


def features(profiles, requirement, half_life_days=90.0):
    engine = MatchingEngine(as_of=TODAY, half_life_days=half_life_days).fit(profiles)
    ids, X = engine.feature_table(requirement, k=50, today=TODAY)
    names = list(FEATURES)
    return {sid: dict(zip(names, row)) for sid, row in zip(ids, X)}


def test_recent_award_text_halves_over_four_half_lives():
    # the slow decay has four times the engine's half-life: 4 x 90 = 360 days
    profiles = [
        SupplierProfile("now", "Now", awards=(award("b1", BRIDGE, 0),)),
        SupplierProfile("year", "Year", awards=(award("b1", BRIDGE, 360),)),
        SupplierProfile("both", "Both", awards=(award("b1", BRIDGE, 720),
                                                award("b2", BRIDGE, 360))),
    ]
    got = features(profiles, Requirement("r", codes=(WORKS,), text=BRIDGE))
    assert got["now"]["recent_award_text"] == pytest.approx(1.0, abs=1e-4)
    assert got["year"]["recent_award_text"] == pytest.approx(0.5, abs=1e-4)
    # the best of its jobs once weighted, not the weight of its closest job alone
    assert got["both"]["recent_award_text"] == pytest.approx(0.5, abs=1e-4)


def test_award_text_mass_adds_up_every_close_past_job():
    profiles = [
        SupplierProfile("one", "One", awards=(award("b1", BRIDGE),)),
        SupplierProfile("two", "Two", awards=(award("b1", BRIDGE), award("b2", BRIDGE))),
        SupplierProfile("unrelated", "Unrelated", awards=(award("b1", SCHOOL),)),
    ]
    got = features(profiles, Requirement("r", codes=(WORKS,), text=BRIDGE))

    def squash(x):
        return log(1 + x) / (log(1 + x) + 1)

    assert got["one"]["award_text_mass"] == pytest.approx(squash(1.0), abs=1e-4)
    assert got["two"]["award_text_mass"] == pytest.approx(squash(2.0), abs=1e-4)
    assert got["unrelated"]["award_text_mass"] == 0
    # the closest job alone does not tell the two apart
    assert got["one"]["award_text"] == pytest.approx(got["two"]["award_text"])


def test_a_requirements_own_award_does_not_count_in_the_award_text_features():
    own = AwardRecord(WORKS, "b1", TODAY, text=BRIDGE, requirement_id="r")
    # it declares the code, so it stays a candidate once its own award is set aside
    profiles = [SupplierProfile("winner", "Winner", codes=(WORKS,), awards=(own,)),
                SupplierProfile("before", "Before", awards=(award("b1", BRIDGE, 30),))]
    got = features(profiles, Requirement("r", codes=(WORKS,), text=BRIDGE, buyer_id="b1"))
    for name in ("award_text", "recent_award_text", "award_text_mass"):
        assert got["winner"][name] == 0, name
        assert got["before"][name] > 0, name
