"""Codes held by the same suppliers (``matching.links``) and the ``related_code`` feature."""

import math
from datetime import date

import numpy as np
import pytest

from matching import LinkedCode, MatchingEngine, Requirement, SupplierProfile
from matching.index import PrefixIndex
from matching.links import CodeLinks
from matching.scoring import DEFAULT_FEATURE_WEIGHTS, FEATURES

TODAY = date(2025, 6, 1)
LAB_INSTRUMENTS, LAB_CHEMICALS = "41116000", "12352100"  # different segments
CLEANING, TRANSPORT = "76111500", "78101800"


def _links(held, **options):
    """``CodeLinks`` of rows holding the codes of each string in ``held``."""
    rows = [r for r, codes in enumerate(held) for _ in codes.split()]
    tokens = [c for codes in held for c in codes.split()]
    return CodeLinks.of_index(PrefixIndex(rows, tokens, values=None, reduce="max"), len(held),
                              **options)


def test_codes_held_together_are_linked_both_ways_with_their_cosine():
    held = ["a b"] * 3 + ["a"] + ["c"] * 6
    links = _links(held)
    codes, sim = links.of("a")
    assert codes == ("b",)
    # 3 co-holders, 4 and 3 holders: 3 / sqrt(12)
    assert sim[0] == pytest.approx(3 / math.sqrt(12), rel=1e-6)
    assert links.of("b")[0] == ("a",)
    assert links.of("c")[0] == ()  # never held with another code
    assert links.of("zzz")[0] == () and len(links.of("zzz")[1]) == 0


def test_codes_everyone_holds_are_not_linked_by_chance():
    # "x" is held by every supplier: holding it with "a" says nothing (lift 1)
    held = ["a x"] * 2 + ["b x"] * 2 + ["x"] * 4
    links = _links(held)
    assert links.of("a")[0] == () and links.of("x")[0] == ()
    # with the lift floor off, the same pair counts
    assert _links(held, min_lift=0.0).of("a")[0] == ("x",)


def test_links_keep_the_most_similar_codes_first_and_at_most_neighbours():
    held = ["a b c"] * 4 + ["a c"] * 2 + ["a d"] + ["e"] * 20
    codes, sim = _links(held).of("a")
    assert codes == ("c", "b", "d")
    assert list(sim) == sorted(sim, reverse=True)
    assert _links(held, neighbours=2).of("a")[0] == ("c", "b")
    assert _links(held, min_similarity=0.5).of("a")[0] == ("c", "b")


def test_links_are_the_same_whichever_chunk_a_code_falls_in(monkeypatch):
    rng = np.random.default_rng(3)
    held = [" ".join(f"k{c:03d}" for c in rng.choice(40, rng.integers(1, 5), replace=False))
            for _ in range(300)]
    whole = _links(held, min_lift=1.2, min_similarity=0.0)
    monkeypatch.setattr("matching.links._CHUNK", 7)
    chunked = _links(held, min_lift=1.2, min_similarity=0.0)
    assert len(whole) == len(chunked) > 0
    for code in whole.codes_:
        assert whole.of(code)[0] == chunked.of(code)[0]
        assert np.array_equal(whole.of(code)[1], chunked.of(code)[1])


def _lab_market():
    profiles = [SupplierProfile(f"lab{i}", f"Lab {i}", codes=(LAB_INSTRUMENTS, LAB_CHEMICALS))
                for i in range(4)]
    profiles += [SupplierProfile(f"clean{i}", f"Clean {i}", codes=(CLEANING,))
                 for i in range(12)]
    profiles += [SupplierProfile(f"move{i}", f"Move {i}", codes=(TRANSPORT,))
                 for i in range(12)]
    profiles += [SupplierProfile("chem", "Chem", codes=(LAB_CHEMICALS,)),
                 SupplierProfile("other", "Other", codes=(CLEANING,))]
    return profiles


def test_a_supplier_of_a_linked_code_in_another_segment_is_ranked_with_the_reason(
        ranked_as_scored):
    engine = MatchingEngine(as_of=TODAY).fit(_lab_market())
    req = Requirement("r", codes=(LAB_INSTRUMENTS,), category_depth="related")
    result, _ = ranked_as_scored(engine, req, 10)
    by_id = {m.supplier_id: m for m in result.ranked}
    # shares no code segment, buyer or word with the requirement: only the link brings it in
    assert "chem" in by_id
    assert by_id["chem"].contributions["category"] > 0
    assert by_id["chem"].score > engine.assess(req, "other", today=TODAY).score
    assert engine.assess(req, "other", today=TODAY).contributions["category"] == 0
    # the evidence names the linked code held and its similarity (4 co-holders of 4 and 5)
    assert by_id["chem"].linked == (LinkedCode(LAB_INSTRUMENTS, LAB_CHEMICALS,
                                               pytest.approx(4 / math.sqrt(20), rel=1e-6)),)
    for match in result.ranked:
        holds = LAB_CHEMICALS in engine.profile(match.supplier_id).codes
        assert bool(match.linked) == holds
    assert engine.assess(req, "other", today=TODAY).linked == ()


def test_at_the_default_depth_a_linked_code_makes_a_near_miss_told_what_to_declare():
    engine = MatchingEngine(as_of=TODAY).fit(_lab_market())
    result = engine.rank(Requirement("r", codes=(LAB_INSTRUMENTS,)), k=10, today=TODAY)
    assert {m.supplier_id for m in result.ranked} == {f"lab{i}" for i in range(4)}
    near = {m.supplier_id: m for m in result.near_misses}
    # the cleaning and transport firms offer nothing relevant: neither qualified nor near
    assert set(near) == {"chem"}
    (gap,) = near["chem"].gaps
    assert gap.kind == "category_not_offered" and gap.blocking
    assert gap.remedy == "declare_category"
    assert gap.params == {"code": LAB_INSTRUMENTS, "offered": LAB_CHEMICALS, "won": False,
                          "depth": "code"}


def test_no_linked_evidence_when_the_feature_is_not_weighted():
    weights = {"code_match": 1.0}
    engine = MatchingEngine(as_of=TODAY, feature_weights=weights).fit(_lab_market())
    result = engine.rank(Requirement("r", codes=(LAB_INSTRUMENTS,)), k=40, today=TODAY)
    assert result.ranked and all(m.linked == () for m in result.ranked)


def test_related_code_is_a_category_feature_with_a_default_weight():
    assert FEATURES["related_code"] == "category"
    assert DEFAULT_FEATURE_WEIGHTS["related_code"] > 0
    assert math.isclose(sum(DEFAULT_FEATURE_WEIGHTS.values()), 1.0)


def test_links_stay_as_fitted_when_a_supplier_changes():
    engine = MatchingEngine(as_of=TODAY).fit(_lab_market())
    before = engine.code_links_
    engine.update(SupplierProfile("chem", "Chem", codes=(LAB_CHEMICALS, CLEANING)))
    engine.compact()
    assert engine.code_links_ is before
    refit = MatchingEngine(as_of=TODAY).fit(_lab_market())
    codes, sim = refit.code_links_.of(LAB_INSTRUMENTS)
    assert codes == before.of(LAB_INSTRUMENTS)[0] == (LAB_CHEMICALS,)
    assert np.array_equal(sim, before.of(LAB_INSTRUMENTS)[1])
