"""``standing_firm``: a consortium, temporary union or joint venture, formed by several firms
for one bid, seldom wins again; a firm standing on its own may."""

from datetime import date

import pytest

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile
from matching.text import is_joint_venture

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize("name", [
    "CONSORCIO VÍAS 2021", "Consorcio Puentes del Sur", "Consórcio Rodovias", "consortium ABC",
    "UNIÓN TEMPORAL AULAS 2022", "Union Temporal Acueducto", "UT Puentes", "U.T. VIAS CAUCA",
    "Acme Inc. and Beta Ltd., in Joint Venture", "Precision/IDS JV",
])
def test_consortia_temporary_unions_and_joint_ventures_are_told_by_name(name):
    assert is_joint_venture(name)


@pytest.mark.parametrize("name", [
    "ALOGAR CONSTRUCCIONES SAS", "UTILES Y CIA LTDA", "Juvenal Pérez", "Consultores Unidos",
    "Grupo Titanium S.A.S.", "", None,
])
def test_other_names_are_standing_firms(name):
    assert not is_joint_venture(name)


def _supplier(sid, name):
    return SupplierProfile(sid, name, awards=(AwardRecord("72141003", "b1", TODAY),))


def test_the_feature_is_one_for_a_firm_and_zero_for_a_joint_venture(feature_of):
    engine = MatchingEngine(as_of=TODAY).fit(
        [_supplier("firm", "Vías y Obras SAS"), _supplier("jv", "Consorcio Vías 2024")])
    req = Requirement("r", codes=("72141003",), category_depth="any")
    assert feature_of(engine, req, {"firm", "jv"}, "standing_firm") == {"firm": 1.0, "jv": 0.0}


def test_ranking_reads_it_for_suppliers_outside_the_candidates(ranked_as_scored):
    """A static prior feature: a firm sharing nothing with the requirement still ranks by it,
    exactly as scoring every supplier does."""
    firm = SupplierProfile("firm", "Obras SAS", awards=(AwardRecord("43211500", "b9", TODAY),))
    jv = SupplierProfile("jv", "Unión Temporal Obras", awards=(
        AwardRecord("43211500", "b9", TODAY),))
    engine = MatchingEngine(feature_weights={"standing_firm": 1.0, "code_match": 1.0},
                            as_of=TODAY).fit([jv, firm])
    req = Requirement("r", codes=("72141002",), category_depth="any", buyer_id="b1")
    result, _ = ranked_as_scored(engine, req, 1)
    assert [m.supplier_id for m in result.ranked] == ["firm"]
