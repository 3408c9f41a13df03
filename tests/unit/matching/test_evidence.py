"""The facts behind a candidate's reasons, worked out when a requirement is ranked."""

from __future__ import annotations

from matching import AwardRecord, Requirement, SupplierProfile
from matching.evidence import closest_code, evidence


def test_the_closest_code_is_the_deepest_shared_level():
    assert closest_code(["73152100"], ["73152100", "73150000"]) == ("exact", "73152100")
    assert closest_code(["73152100"], ["73152101"]) == ("class", "73152101")
    assert closest_code(["73152100"], ["73152200"]) == ("family", "73152200")
    assert closest_code(["73152100"], ["73101500"]) == ("segment", "73101500")
    assert closest_code(["73152100"], ["41100000"]) is None
    assert closest_code([], ["73152100"]) is None


def test_wins_count_platform_awards_in_the_requested_categories_but_never_its_own():
    req = Requirement(id="7", codes=("73152100", "72101500"), min_capacity=10,
                      capacity_unit="t_month")
    profile = SupplierProfile(
        id="3", name="Maestranza", codes=("73152100",), capacity=40.0, capacity_unit="t_month",
        programme_stage=2,
        awards=(AwardRecord("73152100", "1", None, requirement_id="5"),
                AwardRecord("72101500", "1", None, requirement_id="5"),  # same award, 2nd code
                AwardRecord("73152100", "2", None, requirement_id="7"),  # this requirement's
                AwardRecord("43211500", "1", None, requirement_id="6"),  # another trade
                AwardRecord("73152100", "9", None)))  # imported history, not the platform
    assert evidence(req, profile) == {"closest": ["exact", "73152100"],
                                      "capacity": [40.0, "t_month"], "wins": 2,
                                      "programme": True}


def test_a_supplier_with_nothing_declared_has_empty_evidence():
    facts = evidence(Requirement(id="1", codes=("73152100",)), SupplierProfile(id="2", name="X"))
    assert facts == {"closest": None, "capacity": None, "wins": 0, "programme": False}
