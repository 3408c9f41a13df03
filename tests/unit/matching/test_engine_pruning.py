"""rank() leaves out suppliers that cannot reach the results: its ranked list and near misses
must still be those of scoring every supplier, for the engine's weights and for overrides."""

import math
import random
from datetime import date, timedelta

import pytest

from matching import AwardRecord, CertificationClaim, MatchingEngine, Requirement, SupplierProfile

TODAY = date(2025, 6, 1)
CODES = ["32121701", "32121702", "43211500", "72101500", "72102900", "50161500"]
WORDS = ["rectificador", "baterias", "limpieza", "servicios", "obras", "software"]
REGIONS = ["CL-AN", "CL-RM", "PE-LIM", "MX-CMX"]
STANDARDS = ["iso-9001", "iso-14001", "iso-45001"]


def _population(n, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        out.append(SupplierProfile(
            f"s{i}", f"S{i}", codes=tuple(rnd.sample(CODES, rnd.randint(0, 2))),
            text=" ".join(rnd.sample(WORDS, rnd.randint(0, 3))),
            certifications=tuple(CertificationClaim(rnd.choice(STANDARDS),
                                                    rnd.choice(["verified", "self_declared"]))
                                 for _ in range(rnd.randint(0, 2))),
            capacity=float(rnd.randint(0, 900)), regions=(rnd.choice(REGIONS),),
            region=rnd.choice(REGIONS),
            awards=tuple(AwardRecord(rnd.choice(CODES), rnd.choice(["b1", "b2", "b3"]),
                                     date(2024, 1, 1) + timedelta(days=rnd.randint(0, 400)))
                         for _ in range(rnd.randint(0, 3))),
            programme_stage=rnd.choice([None, 0, 2, 5, 7])))
    return out


REQUIREMENTS = [
    Requirement("code", codes=("32121701",), text="rectificador baterias", regions=("CL-AN",)),
    Requirement("buyer", codes=("72101500",), buyer_id="b2", regions=("CL-AN",),
                preferred_standards=("iso-14001",)),
    Requirement("must", codes=("43211500",), text="software", must_standards=("iso-9001",),
                min_capacity=300.0),
    Requirement("weights", codes=("50161500",), text="limpieza servicios",
                min_capacity=100.0,
                weights={"track_record": 0.6, "programme_stage": 0.3, "text": 0.1}),
    Requirement("text only", text="obras servicios", regions=("PE-LIM",)),
    # the others than the buyer's suppliers are scored, but only those that could enter
    Requirement("buyer and text", buyer_id="b1", text="limpieza", regions=("CL-AN",)),
    Requirement("buyer, text, preferred", buyer_id="b3", text="obras software",
                preferred_standards=("iso-9001",), regions=("PE-LIM",)),
]


@pytest.mark.parametrize("req", REQUIREMENTS, ids=lambda r: r.id)
def test_pruned_rank_matches_scoring_everyone(req, ranked_as_scored):
    engine = MatchingEngine(as_of=TODAY, near_miss_limit=3).fit(_population(600, 7))
    result, (ids, score, qualified) = ranked_as_scored(engine, req, 4)
    near = []
    for i in range(len(ids)):
        if qualified[i] or score[i] <= 0:
            continue
        blocking = sum(g.blocking for g in engine.assess(req, ids[i], today=TODAY).gaps)
        if blocking <= engine.near_miss_max_gaps:
            near.append(i)
    near.sort(key=lambda i: (-score[i], i))
    assert [m.supplier_id for m in result.near_misses] == [ids[i] for i in near[:3]]
    for match in result.near_misses:
        again = engine.assess(req, match.supplier_id, today=TODAY)
        assert math.isclose(again.score, match.score, abs_tol=1e-9)
        assert again.contributions == pytest.approx(match.contributions, abs=1e-9)
