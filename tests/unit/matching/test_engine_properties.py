"""Property-based checks: hard constraints, additive contributions, monotonicity."""

import math
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matching import (
    CATEGORY_DEPTHS,
    CRITERIA,
    AwardRecord,
    CertificationClaim,
    MatchingEngine,
    Requirement,
    SupplierProfile,
)
from matching.block import normalise_code, region_country
from matching.scoring import DEFAULT_FEATURE_WEIGHTS, FEATURES

TODAY = date(2025, 6, 1)
STANDARDS = ["iso-9001", "iso-14001", "iso-45001", "ohsas-18001", "iatf-16949", "nch-iso-9001"]
REGIONS = ["CL", "CL-AN", "CL-RM", "PE", "PE-LIM", "MX-CMX"]
CODES = ["32121701", "32121702", "321217", "43211500", "4321", "5169C", "72101500"]
BUYERS = ["b1", "b2"]
SITES = [None, "Montréal", "HALIFAX", "St. John's"]
LOCALITIES = [None, "MONTREAL", "Halifax", "Calgary"]
#: capacity units: two of one dimension (kg and t), another dimension, and the unit of old data
UNITS = [None, "t_month", "kg_month", "samples_month", "unspecified"]
#: base-unit factor and dimension of each, written out for the plain checks below
UNIT_FACTOR = {None: (1.0, "?"), "unspecified": (1.0, "?"), "t_month": (1.0, "mass"),
               "kg_month": (0.001, "mass"), "samples_month": (1.0, "samples")}
#: Every feature weighted, as a learned model may weight them.
EVERY_FEATURE = {f: 1.0 for f in FEATURES}

dates = st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2028, 1, 1)))
claims = st.builds(CertificationClaim, st.sampled_from(STANDARDS),
                   st.sampled_from(["verified", "self_declared", "expired", "revoked"]),
                   st.none(), dates)
awards = st.builds(AwardRecord, st.sampled_from(CODES), st.sampled_from(BUYERS),
                   st.dates(date(2022, 1, 1), date(2025, 5, 1)), site=st.sampled_from(SITES),
                   requirement_id=st.sampled_from([None, None, "r", "other"]),
                   method=st.sampled_from([None, "Mínima cuantía", "Licitación pública"]),
                   region=st.sampled_from([None, *REGIONS]),
                   # past jobs' texts, for the per-award text features
                   text=st.sampled_from(["", "", "limpieza industrial de baterias",
                                         "servicios de limpieza", "computadores y servicios"]))
words = st.lists(st.sampled_from(["rectificador", "baterias", "computadores", "limpieza",
                                  "construção", "cleaning", "servicios"]), max_size=4)


@st.composite
def profiles(draw, i):
    return SupplierProfile(
        id=f"s{i}", name=f"S{i}",
        codes=tuple(draw(st.lists(st.sampled_from(CODES), max_size=3))),
        text=" ".join(draw(words)),
        certifications=tuple(draw(st.lists(claims, max_size=3))),
        capacity=draw(st.one_of(st.none(), st.floats(0, 1000))),
        regions=tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=2))),
        region=draw(st.sampled_from(REGIONS[1:])),
        awards=tuple(draw(st.lists(awards, max_size=3))),
        programme_stage=draw(st.one_of(st.none(), st.integers(0, 7))),
        locality=draw(st.sampled_from(LOCALITIES)),
        capacity_unit=draw(st.sampled_from(UNITS)),
    )


@st.composite
def populations(draw):
    n = draw(st.integers(1, 12))
    return [draw(profiles(i)) for i in range(n)]


requirements = st.builds(
    Requirement, st.just("r"),
    codes=st.lists(st.sampled_from(CODES), max_size=2).map(tuple),
    text=words.map(" ".join),
    must_standards=st.lists(st.sampled_from(STANDARDS), max_size=2).map(tuple),
    preferred_standards=st.lists(st.sampled_from(STANDARDS), max_size=2).map(tuple),
    min_capacity=st.one_of(st.none(), st.floats(1, 800)),
    regions=st.lists(st.sampled_from(REGIONS), max_size=2).map(tuple),
    need_date=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 1, 1))),
    method=st.sampled_from([None, "MINIMA CUANTIA", "Licitación pública"]),
    buyer_id=st.sampled_from([None, *BUYERS]),
    site=st.sampled_from(SITES),
    capacity_unit=st.sampled_from(UNITS),
    category_depth=st.sampled_from(CATEGORY_DEPTHS),
)

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATALOGUE = MatchingEngine().fit([]).catalogue_


def _unspadded(code):
    """A UNSPSC-shaped code without its padding zero pairs, written out plainly."""
    if len(code) == 8 and code.isdigit():
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    return code


def category_reach(profile, req, links):
    """2 when the supplier offers a requested code at the depth asked, 1 when it offers one of
    the same family or a linked one that the depth leaves out, 0 otherwise; plainly."""
    if not req.codes or req.category_depth == "any":
        return 2
    held = {normalise_code(c) for c in profile.codes}
    held |= {normalise_code(a.code) for a in profile.awards if a.requirement_id != req.id}
    below = family = linked = False
    for code in dict.fromkeys(map(normalise_code, req.codes)):
        stem = _unspadded(code)
        fam = code[:max(2, -(-len(code) // 2))][:len(stem)]
        below |= any(h.startswith(stem) for h in held)
        family |= any(h.startswith(fam) for h in held)
        linked |= bool(held & set(links.of(code)[0]))
    fits, near = {"code": (below, family or linked), "family": (family, linked),
                  "related": (family or linked, False)}[req.category_depth]
    return 2 if fits else 1 if near else 0


def independently_qualifies(profile, req, links=None):
    """Hard constraints written out plainly, without the engine's indexes."""
    ref = max(req.need_date or TODAY, TODAY)
    for std in req.must_standards:
        ok = any(CATALOGUE.satisfies(c.standard, std) and c.status in ("verified", "self_declared")
                 and (c.expires is None or c.expires >= ref) for c in profile.certifications)
        if not ok:
            return False
    served = set(profile.regions)  # declared regions only; the home region is not assumed
    if any(r not in served and region_country(r) not in served for r in req.regions):
        return False
    if links is not None and category_reach(profile, req, links) < 2:
        return False
    if req.min_capacity is None:
        return True
    if profile.capacity is None:
        return False
    (have, have_dim), (need, need_dim) = (UNIT_FACTOR[profile.capacity_unit],
                                          UNIT_FACTOR[req.capacity_unit])
    return have_dim == need_dim and profile.capacity * have >= req.min_capacity * need * (1 - 1e-9)


@FAST
@given(populations(), requirements)
def test_ranked_suppliers_meet_every_hard_constraint(pop, req):
    engine = MatchingEngine().fit(pop)
    links = engine.code_links_
    result = engine.rank(req, k=50, today=TODAY)
    by_id = {p.id: p for p in pop}
    ranked = {m.supplier_id for m in result.ranked}
    assert ranked == {p.id for p in pop if independently_qualifies(p, req, links)}
    for match in result.ranked:
        assert match.qualified and not any(g.blocking for g in match.gaps)
    for match in result.near_misses:
        profile = by_id[match.supplier_id]
        assert not match.qualified and not independently_qualifies(profile, req, links)
        assert all(g.remedy for g in match.gaps if g.blocking)
        # a near miss offers something relevant to the category; its gap says so only when
        # it misses the depth asked
        reach = category_reach(profile, req, links)
        assert reach >= 1
        assert any(g.kind == "category_not_offered" for g in match.gaps) == (reach == 1)
        # one gap per standard
        named = [g.params["standard"] for g in match.gaps if "standard" in g.params]
        assert len(named) == len(set(named))
    assert result.considered == len(pop)


@FAST
@given(populations(), requirements, st.sampled_from([None, EVERY_FEATURE]))
def test_contributions_add_up_and_assess_agrees(pop, req, weights):
    engine = MatchingEngine(feature_weights=weights).fit(pop)
    result = engine.rank(req, k=5, today=TODAY)
    scores = [m.score for m in result.ranked]
    assert scores == sorted(scores, reverse=True)
    for match in result.ranked + result.near_misses:
        assert set(match.contributions) == set(CRITERIA)
        assert math.isclose(sum(match.contributions.values()), match.score, abs_tol=1e-9)
        assert -1e-9 <= match.score <= 1 + 1e-9
        again = engine.assess(req, match.supplier_id, today=TODAY)
        assert math.isclose(again.score, match.score, abs_tol=1e-9)
        assert again.qualified == match.qualified
    for p in pop:
        assessed = engine.assess(req, p.id, today=TODAY)
        assert assessed.qualified == independently_qualifies(p, req, engine.code_links_)


@FAST
@given(populations(), requirements)
def test_a_requirements_own_award_never_counts_toward_its_scores(pop, req):
    """Scores on requirement "r" are those of the same suppliers without their awards of
    "r" (the other requirements' awards still count)."""
    engine = MatchingEngine(as_of=date(2025, 6, 1)).fit(pop)
    without = [replace(p, awards=tuple(a for a in p.awards if a.requirement_id != req.id))
               for p in pop]
    plain = MatchingEngine(as_of=date(2025, 6, 1)).fit(without)
    # same text weights and code links (both come from the fitted population)
    plain.vectorizer_, plain.code_links_ = engine.vectorizer_, engine.code_links_
    plain._build_base(without)
    for p in pop:
        got, want = engine.assess(req, p.id, today=TODAY), plain.assess(req, p.id, today=TODAY)
        assert math.isclose(got.score, want.score, abs_tol=1e-9)
        assert got.qualified == want.qualified
    got = engine.rank(req, k=50, today=TODAY)
    want = plain.rank(req, k=50, today=TODAY)
    # the same scores in the same order, and the same suppliers at each score: suppliers with
    # equal scores come in the index's order, which the award's presence may change
    assert [round(m.score, 9) for m in got.ranked] == [round(m.score, 9) for m in want.ranked]
    assert suppliers_by_score(got.ranked, 50) == suppliers_by_score(want.ranked, 50)


def suppliers_by_score(ranked, k: int) -> dict[float, set[str]]:
    """The suppliers ranked at each score; when the list is cut at ``k``, the lowest score
    is left out (which of the tied suppliers made the cut is the index's order)."""
    groups: dict[float, set[str]] = {}
    for match in ranked:
        groups.setdefault(round(match.score, 9), set()).add(match.supplier_id)
    if len(ranked) >= k and groups:
        groups.pop(min(groups))
    return groups


improvements = st.sampled_from(["code", "award", "certificate", "capacity", "region", "stage"])


def improve(profile, how, draw_value):
    if how == "code":
        return replace(profile, codes=profile.codes + (draw_value(st.sampled_from(CODES)),))
    if how == "award":
        return replace(profile, awards=profile.awards + (draw_value(awards),))
    if how == "certificate":
        claim = CertificationClaim(draw_value(st.sampled_from(STANDARDS)), "verified")
        return replace(profile, certifications=profile.certifications + (claim,))
    if how == "capacity":
        # more of the same unit
        return replace(profile, capacity=(profile.capacity or 0) + draw_value(st.floats(1, 500)))
    if how == "region":
        return replace(profile, regions=profile.regions + (draw_value(st.sampled_from(REGIONS)),))
    return replace(profile, programme_stage=min(7, (profile.programme_stage or 0) + 1))


@FAST
@given(populations(), requirements, improvements, st.data(),
       st.sampled_from([None, EVERY_FEATURE]))
def test_improving_an_attribute_never_lowers_the_score(pop, req, how, data, weights):
    as_of = date(2025, 6, 1)
    before = MatchingEngine(as_of=as_of, feature_weights=weights).fit(pop).assess(
        req, pop[0].id, today=TODAY)
    better = improve(pop[0], how, data.draw)
    after = MatchingEngine(as_of=as_of, feature_weights=weights).fit(
        [better, *pop[1:]]).assess(req, pop[0].id, today=TODAY)
    assert after.score >= before.score - 1e-9
    if before.qualified:
        assert after.qualified


@FAST
@given(populations(), requirements, st.data())
def test_incremental_updates_match_a_full_rebuild(pop, req, data):
    as_of = date(2025, 6, 1)
    engine = MatchingEngine(as_of=as_of).fit(pop)
    changed = replace(pop[0], codes=("43211500",), capacity=900.0)
    engine.update(changed)
    engine.update(SupplierProfile("new", "New", codes=("32121701",), regions=("CL",)))
    if len(pop) > 1:
        engine.remove(pop[-1].id)
    expected_pop = [changed, *pop[1:-1]] if len(pop) > 1 else [changed]
    expected_pop.append(SupplierProfile("new", "New", codes=("32121701",), regions=("CL",)))
    rebuilt = MatchingEngine(as_of=as_of).fit(expected_pop)
    # same text weights and code links as the incremental engine (both stay as fitted)
    rebuilt.vectorizer_, rebuilt.code_links_ = engine.vectorizer_, engine.code_links_
    rebuilt._build_base(expected_pop)
    got = {m.supplier_id: round(m.score, 9) for m in engine.rank(req, 50, TODAY).ranked}
    want = {m.supplier_id: round(m.score, 9) for m in rebuilt.rank(req, 50, TODAY).ranked}
    assert got == want
    assert len(engine) == len(expected_pop)


def test_need_date_decides_expiry(make_profile):
    profile = make_profile(certifications=(
        CertificationClaim("iso-9001", "verified", expires=TODAY + timedelta(days=30)),))
    engine = MatchingEngine().fit([profile])
    soon = Requirement("r", must_standards=("ISO 9001",), need_date=TODAY + timedelta(days=10))
    late = Requirement("r", must_standards=("ISO 9001",), need_date=TODAY + timedelta(days=90))
    assert engine.assess(soon, "s1", today=TODAY).qualified
    result = engine.assess(late, "s1", today=TODAY)
    assert not result.qualified and result.gaps[0].kind == "expired_standard"


def test_declaring_a_first_region_keeps_the_home_region_qualification():
    """Regression: serving only the home region while nothing was declared made declaring
    another region withdraw it (a Hypothesis counterexample of the monotonicity property)."""
    home_only = SupplierProfile("s0", "S0", region="PE", regions=("PE",))
    wider = replace(home_only, regions=("PE", "CL"))
    req = Requirement("r", regions=("PE",))
    for profile in (home_only, wider):
        assert MatchingEngine().fit([profile]).assess(req, "s0", today=TODAY).qualified
    undeclared = SupplierProfile("s0", "S0", region="PE")
    result = MatchingEngine().fit([undeclared]).assess(req, "s0", today=TODAY)
    assert not result.qualified and result.gaps[0].kind == "region_not_served"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), requirements)
@example(310, Requirement("r", preferred_standards=("iatf-16949",)))  # ties at the k-th place
def test_candidate_scoring_agrees_with_scoring_everyone(seed, req):
    """rank() scores candidates first; its top k must be the top k of a full scoring."""
    import random

    rnd = random.Random(seed)
    pop = []
    for i in range(300):
        pop.append(SupplierProfile(
            f"s{i}", f"S{i}", codes=tuple(rnd.sample(CODES, rnd.randint(0, 2))),
            text=" ".join(rnd.sample(["rectificador", "baterias", "limpieza", "cleaning"],
                                     rnd.randint(0, 2))),
            certifications=(CertificationClaim(rnd.choice(STANDARDS), "verified"),),
            capacity=float(rnd.randint(0, 900)), regions=(rnd.choice(REGIONS),),
            region=rnd.choice(REGIONS[1:]),
            awards=tuple(AwardRecord(rnd.choice(CODES), rnd.choice(BUYERS),
                                     date(2024, 1, 1) + timedelta(days=rnd.randint(0, 400)),
                                     region=rnd.choice([None, *REGIONS]))
                         for _ in range(rnd.randint(0, 3))),
            programme_stage=rnd.choice([None, 0, 3, 7])))
    # awards in the delivery region count in any code: a prior feature, weighted or not
    weights = {**DEFAULT_FEATURE_WEIGHTS, "place_awards": 0.05} if seed % 2 else None
    engine = MatchingEngine(as_of=date(2025, 6, 1), feature_weights=weights).fit(pop)
    ids, score, qualified = engine.scores(req, today=TODAY)
    order = sorted((i for i in range(len(ids)) if qualified[i]), key=lambda i: (-score[i], i))
    got = engine.rank(req, k=10, today=TODAY).ranked
    assert [m.supplier_id for m in got] == [ids[i] for i in order[:10]]
    for match, i in zip(got, order):
        assert math.isclose(match.score, score[i], abs_tol=1e-9)


def test_single_text_vectorising_matches_the_batch_transform():
    from matching.text import TextVectorizer

    texts = ["Construcción de obras civiles", "construção e manutenção", "", "ÀÉÎ Ø ß ﬁ",
             "limpieza limpieza industrial", "rectificador baterias 24V", "a de la"]
    vectorizer = TextVectorizer(2**12).fit(texts[:4])
    for text in texts:
        batch = vectorizer.transform([text])
        terms, values = vectorizer.transform_one(text)
        assert terms.tolist() == batch.indices.tolist()
        assert values.dtype == batch.data.dtype and values.tolist() == batch.data.tolist()
