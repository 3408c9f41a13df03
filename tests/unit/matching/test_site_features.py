"""The buyer's site (town or city of the buyer's office, plant or mine), suppliers based there,
and the backed-off chance of winning: read from OCDS, indexed, scored and pruned correctly."""

import random
from datetime import date, timedelta

import numpy as np
import pytest

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile
from matching.block import normalise_site
from matching.evaluation import _queries
from matching.ocds import award_events, award_histories
from matching.scoring import FEATURES, SITE_FEATURES

TODAY = date(2025, 6, 1)
EVERY_FEATURE = {f: 1.0 for f in FEATURES}


def features(engine, req, ids):
    """Unweighted features of the suppliers ``ids`` for ``req``, as {id: {feature: value}}."""
    got, X = engine.feature_table(req, k=0, extra_ids=ids, today=TODAY)
    return {sid: dict(zip(FEATURES, row)) for sid, row in zip(got, X)}


def award(code, buyer, site=None, days=30):
    return AwardRecord(code, buyer, TODAY - timedelta(days=days), site=site)


def test_site_names_compare_without_case_accents_or_punctuation():
    assert normalise_site("Montréal") == normalise_site("MONTREAL") == "MONTREAL"
    assert normalise_site(" St. John's") == normalise_site("ST JOHNS") == "ST JOHNS"
    assert normalise_site("Saint-Jean-sur-Richelieu") == "SAINT JEAN SUR RICHELIEU"


def test_ocds_buyer_locality_is_the_award_site_and_supplier_locality_its_home():
    release = {
        "ocid": "ocds-1", "date": "2013-03-01T00:00:00Z",
        "buyer": {"id": "B1", "name": "Defence"},
        "parties": [{"id": "B1", "roles": ["buyer"],
                     "address": {"locality": "HALIFAX", "region": "Nova Scotia"}},
                    {"id": "S1", "roles": ["supplier"],
                     "address": {"locality": "Dartmouth", "region": "Nova Scotia"}}],
        "awards": [{"id": "a1", "status": "active", "date": "2013-03-01T00:00:00Z",
                    "suppliers": [{"id": "S1", "name": "S ONE"}],
                    "items": [{"id": "1", "classification": {"id": "5169C"}}]}],
    }
    events = list(award_events([release]))
    assert events[0].buyer_site == "HALIFAX" and events[0].supplier_locality == "Dartmouth"
    profile = award_histories(events)["S1"]
    assert profile.locality == "Dartmouth"
    assert profile.awards[0].site == "HALIFAX" and profile.awards[0].region == "Nova Scotia"
    requirement = _queries(events)[0][0]
    assert requirement.site == "HALIFAX" and requirement.location == "Nova Scotia"


def test_awards_at_the_buyers_site_count_apart_from_its_other_sites():
    here = SupplierProfile("here", "Here", awards=(award("5169C", "b1", "Halifax"),))
    there = SupplierProfile("there", "There", awards=(award("5169C", "b1", "Edmonton"),))
    engine = MatchingEngine(as_of=TODAY).fit([here, there])
    req = Requirement("r", codes=("5169C",), buyer_id="b1", site="HALIFAX")
    got = features(engine, req, ["here", "there"])
    assert got["here"]["buyer_code"] == got["there"]["buyer_code"] > 0
    assert got["here"]["site_code"] > 0 and got["there"]["site_code"] == 0
    assert got["here"]["share_site"] == 1.0 and got["there"]["share_site"] == 0
    assert got["here"]["town_code"] > 0 and got["there"]["town_code"] == 0
    ranked = MatchingEngine(as_of=TODAY, feature_weights=EVERY_FEATURE).fit(
        [there, here]).rank(req, k=2, today=TODAY).ranked
    assert [m.supplier_id for m in ranked] == ["here", "there"]


def test_a_supplier_based_in_the_sites_town_is_near_it():
    local = SupplierProfile("local", "Local", locality="St. John's")
    away = SupplierProfile("away", "Away", locality="Toronto")
    unknown = SupplierProfile("unknown", "Unknown")
    engine = MatchingEngine(as_of=TODAY).fit([local, away, unknown])
    got = features(engine, Requirement("r", site="ST JOHNS"), ["local", "away", "unknown"])
    assert [got[s]["near_site"] for s in ("local", "away", "unknown")] == [1.0, 0.0, 0.0]
    # the site alone makes proximity applicable
    result = MatchingEngine(feature_weights={"near_site": 1.0}).fit([local, away]).rank(
        Requirement("r", site="st johns"), k=2, today=TODAY)
    assert [m.supplier_id for m in result.ranked] == ["local", "away"]
    assert result.ranked[0].contributions["proximity"] == pytest.approx(1.0)


def others(n=200):
    """Suppliers of another segment: the chance of a supplier picked at random is 1/n."""
    return [SupplierProfile(f"f{i}", "F", awards=(award("4321", "b9"),)) for i in range(n)]


def test_backoff_grows_with_more_specific_evidence():
    """The same single award counts for more the closer its context is to the requirement's;
    a supplier with nothing in the code segment gets zero."""
    pop = [
        SupplierProfile("site", "S", awards=(award("5169C", "b1", "Halifax"),)),
        SupplierProfile("buyer", "B", awards=(award("5169C", "b1", "Edmonton"),)),
        SupplierProfile("code", "C", awards=(award("5169C", "b2", "Halifax"),)),
        SupplierProfile("segment", "G", awards=(award("5110A", "b2"),)),
        SupplierProfile("none", "N", awards=(award("7010", "b1", "Halifax"),)),
        *others(),
    ]
    engine = MatchingEngine(as_of=TODAY).fit(pop)
    req = Requirement("r", codes=("5169C",), buyer_id="b1", site="Halifax")
    got = features(engine, req, ["site", "buyer", "code", "segment", "none"])
    values = [got[s]["backoff"] for s in ("site", "buyer", "code", "segment", "none")]
    assert values == sorted(values, reverse=True) and len(set(values)) == 5
    assert 0 < values[0] <= 1 and values[-1] == 0


def test_backoff_favours_most_of_a_small_context_over_little_of_a_large_one():
    big = [SupplierProfile(f"big{i}", "B", awards=tuple(award("7030", f"b{i}") for _ in range(3)))
           for i in range(10)]
    small = SupplierProfile("small", "S", awards=(award("7030", "b0", "Halifax"),) * 2)
    engine = MatchingEngine(as_of=TODAY).fit([*big, small, *others()])
    req = Requirement("r", codes=("7030",), buyer_id="b0", site="Halifax")
    got = features(engine, req, ["small", "big0", "big1"])
    assert got["small"]["awards_code"] < got["big0"]["awards_code"]
    assert got["small"]["backoff"] > got["big0"]["backoff"] > got["big1"]["backoff"] > 0


def _population(n, seed):
    rnd = random.Random(seed)
    codes = ["5169C", "5169D", "5110A", "N7030", "N7035"]
    sites = [None, "Halifax", "Edmonton", "Montréal"]
    return [SupplierProfile(
        f"s{i}", f"S{i}", codes=tuple(rnd.sample(codes, rnd.randint(0, 1))),
        text=rnd.choice(["", "elevator", "software"]), region=rnd.choice(["NS", "AB"]),
        locality=rnd.choice([None, "HALIFAX", "Edmonton", "Calgary"]),
        awards=tuple(AwardRecord(rnd.choice(codes), rnd.choice(["b1", "b2", "b3"]),
                                 TODAY - timedelta(days=rnd.randint(1, 500)),
                                 region=rnd.choice(["NS", "AB"]), site=rnd.choice(sites))
                     for _ in range(rnd.randint(0, 4))))
        for i in range(n)]


@pytest.mark.parametrize("req", [
    Requirement("site", codes=("5169C",), buyer_id="b1", site="Halifax", location="NS"),
    Requirement("site only", text="software", site="Edmonton"),
    Requirement("other buyer", codes=("N7030",), buyer_id="b3", site="montreal"),
], ids=lambda r: r.id)
def test_pruned_rank_matches_scoring_everyone_with_site_features(req, ranked_as_scored):
    engine = MatchingEngine(as_of=TODAY, feature_weights=EVERY_FEATURE).fit(_population(500, 3))
    ranked_as_scored(engine, req, 5)


def test_every_feature_stays_in_the_unit_interval():
    engine = MatchingEngine(as_of=TODAY).fit(_population(300, 5))
    req = Requirement("r", codes=("5169C", "N7030"), buyer_id="b2", site="Halifax",
                      location="NS", text="elevator")
    _, X = engine.feature_table(req, k=300, today=TODAY)
    assert X.shape[1] == len(FEATURES) and np.all((X >= 0) & (X <= 1))


def test_incremental_updates_keep_site_features_equal_to_a_rebuild():
    pop = _population(200, 9)
    req = Requirement("r", codes=("5169C",), buyer_id="b1", site="Halifax")
    engine = MatchingEngine(as_of=TODAY, feature_weights=EVERY_FEATURE).fit(pop)
    moved = SupplierProfile("s0", "S0", locality="Halifax",
                            awards=(award("5169C", "b1", "HALIFAX"),) * 3)
    engine.update(moved).remove("s1")
    rebuilt = MatchingEngine(as_of=TODAY, feature_weights=EVERY_FEATURE).fit(
        [moved, *pop[2:]])
    rebuilt.vectorizer_ = engine.vectorizer_
    rebuilt._build_base([moved, *pop[2:]])
    got = {m.supplier_id: round(m.score, 9) for m in engine.rank(req, 20, TODAY).ranked}
    want = {m.supplier_id: round(m.score, 9) for m in rebuilt.rank(req, 20, TODAY).ranked}
    assert got == want and got["s0"] == max(got.values())


def test_site_features_weigh_only_when_the_requirement_names_a_site():
    here = SupplierProfile("here", "Here", codes=("5169C",),
                           awards=(award("5169C", "b1", "Halifax"),))
    other = SupplierProfile("other", "Other", codes=("5169C",),
                            awards=(award("5169C", "b1", "Edmonton"),))
    engine = MatchingEngine(as_of=TODAY).fit([here, other])  # the default weights
    with_site = Requirement("r", codes=("5169C",), buyer_id="b1", site="Halifax")
    without = Requirement("r", codes=("5169C",), buyer_id="b1")
    assert engine.prepare(with_site, TODAY).weights["site_code"] > 0
    assert not set(engine.prepare(without, TODAY).weights) & SITE_FEATURES
    # either way the weights that apply are rescaled to add up to 1
    for req in (with_site, without):
        weights = engine.prepare(req, TODAY).weights
        assert sum(weights.values()) == pytest.approx(1.0)
    ranked = engine.rank(without, k=2, today=TODAY).ranked
    assert ranked[0].score == pytest.approx(ranked[1].score)
    ranked = engine.rank(with_site, k=2, today=TODAY).ranked
    assert [m.supplier_id for m in ranked] == ["here", "other"]
    assert ranked[0].score > ranked[1].score
    for m in ranked:
        assert sum(m.contributions.values()) == pytest.approx(m.score)
