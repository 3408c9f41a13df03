"""The delivery region: read from the texts when the buyer's address gives none, a buyer's
usual region for queries that name none, and ``place_awards`` (awards delivered in a delivery
region, any code)."""

from datetime import date, timedelta

import numpy as np

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile
from matching.evaluation import _queries, usual_regions
from matching.ocds import award_events
from matching.places import region_in_text

TODAY = date(2025, 6, 1)


def award(code, region, requirement_id=None):
    return AwardRecord(code, "b1", TODAY - timedelta(days=30), region=region,
                       requirement_id=requirement_id)


def test_the_first_department_or_capital_named_gives_the_region():
    text = "Reparaciones del teatro en el municipio de Támesis; Departamento de Antioquia"
    assert region_in_text(text, "Colombia") == "CO-ANT"
    assert region_in_text("Señalización vial, Dirección Territorial Quindío", "COLOMBIA") \
        == "CO-QUI"
    assert region_in_text("Colegio de la ciudad de Bogotá y Medellín", "Colombia") == "CO-DC"
    # the longest name wins at the same place: Norte de Santander is not Santander
    assert region_in_text("vías del Norte de Santander", "Colombia") == "CO-NSA"
    assert region_in_text("vías de Santander", "Colombia") == "CO-SAN"


def test_names_that_are_common_words_need_de_and_unknown_countries_have_none():
    assert region_in_text("Meta del plan de obras de César Gómez", "Colombia") is None
    assert region_in_text("Obras en el departamento del Meta", "Colombia") == "CO-MET"
    assert region_in_text("Works in Cali", "Canada") is None
    assert region_in_text("Obras en Cali", None) is None
    assert region_in_text("", "Colombia") is None


def release(region=None, title="Mantenimiento de vías en Pasto", ocid="o1", buyer="B1",
            buyer_name=None):
    address = {"countryName": "Colombia"}
    if region:
        address["region"] = region
    return {
        "ocid": ocid, "date": "2023-03-01T00:00:00Z",
        "buyer": {"id": buyer, **({"name": buyer_name} if buyer_name else {})},
        "parties": [{"id": buyer, "roles": ["buyer"], "address": address}],
        "tender": {"title": title},
        "awards": [{"id": "a1", "status": "active", "date": "2023-03-01T00:00:00Z",
                    "suppliers": [{"id": "S1", "name": "S ONE"}],
                    "items": [{"id": "1", "classification": {"id": "72141003"}}]}],
    }


def test_ocds_awards_take_the_texts_region_only_when_the_address_has_none():
    assert next(award_events([release()])).buyer_region == "CO-NAR"
    assert next(award_events([release("Boyacá")])).buyer_region == "Boyacá"
    assert next(award_events([release(title="Mantenimiento de vías")])).buyer_region is None


def test_a_buyer_named_after_a_place_gives_the_region_before_the_texts():
    # the texts name Pasto (Nariño), the buyer is Medellín's town hall: Antioquia
    assert next(award_events([release(buyer_name="Alcaldía de Medellín")])).buyer_region \
        == "CO-ANT"
    named = release(title="Mantenimiento de vías",
                    buyer_name="Rama Judicial Dirección Seccional de Administración Judicial "
                               "de Montería")
    assert next(award_events([named])).buyer_region == "CO-COR"
    # a name naming no place leaves the texts' region; an address region still comes first
    assert next(award_events([release(buyer_name="INVIAS")])).buyer_region == "CO-NAR"
    assert next(award_events([release("Boyacá", buyer_name="Alcaldía de Medellín")])) \
        .buyer_region == "Boyacá"


def test_queries_without_a_region_take_the_buyers_usual_one():
    history = [next(award_events([release(ocid=f"h{i}", title=t)]))
               for i, t in enumerate(("vías en Pasto", "vías en Pasto", "vías en Cali"))]
    assert usual_regions(history) == {"B1": "CO-NAR"}
    # no region holds half of the buyer's awards: no usual region
    medellin = next(award_events([release(ocid="h9", title="vías en Medellín")]))
    assert usual_regions(history + [history[2], medellin]) == {}
    query = next(award_events([release(ocid="q", title="Mantenimiento de vías")]))
    assert _queries([query], usual_regions(history))[0][0].location == "CO-NAR"
    assert _queries([query])[0][0].location is None
    named = next(award_events([release(ocid="q2", title="Vías en Cali")]))
    assert _queries([named], usual_regions(history))[0][0].location == "CO-VAC"


def test_awards_delivered_in_the_region_count_in_any_code(feature_of):
    there = SupplierProfile("there", "There", awards=(award("43211500", "CO-NAR"),))
    more = SupplierProfile("more", "More", awards=(award("43211500", "co-nar "),
                                                   award("72141003", "CO-NAR")))
    elsewhere = SupplierProfile("elsewhere", "Elsewhere", awards=(award("72141003", "CO-ANT"),))
    unplaced = SupplierProfile("unplaced", "Unplaced", awards=(award("72141003", None),))
    # the award that closed requirement "r" itself never counts toward it
    own = SupplierProfile("own", "Own", awards=(award("72141003", "CO-NAR", "r"),))
    engine = MatchingEngine(as_of=TODAY).fit([there, more, elsewhere, unplaced, own])
    everyone = {"there", "more", "elsewhere", "unplaced", "own"}
    req = Requirement("r", codes=("72141002",), location="CO-NAR", category_depth="any")
    got = feature_of(engine, req, everyone, "place_awards")
    assert got["elsewhere"] == 0 and got["unplaced"] == 0 and got["own"] == 0
    assert 0 < got["there"] < got["more"] <= 1
    other = Requirement("r2", codes=("72141002",), location="CO-NAR", category_depth="any")
    assert feature_of(engine, other, {"own"}, "place_awards")["own"] == got["there"]
    nowhere = Requirement("n", codes=("72141002",), category_depth="any")
    assert not any(feature_of(engine, nowhere, everyone, "place_awards").values())


def test_suppliers_sharing_only_the_region_are_ranked_by_it():
    """A supplier sharing neither code segment, text nor buyer with the requirement is outside
    the candidates: ``place_awards`` is a prior feature, so ranking still finds it."""
    there = SupplierProfile("there", "There", awards=(AwardRecord("43211500", "b9", TODAY,
                                                                  region="CO-NAR"),))
    idle = SupplierProfile("idle", "Idle", awards=(AwardRecord("43211500", "b9", TODAY),))
    engine = MatchingEngine(feature_weights={"place_awards": 1.0, "code_match": 1.0},
                            as_of=TODAY).fit([idle, there])
    req = Requirement("r", codes=("72141002",), location="CO-NAR", category_depth="any",
                      buyer_id="b1")
    ranked = engine.rank(req, k=1, today=TODAY).ranked
    assert [r.supplier_id for r in ranked] == ["there"]
    ids, score, _ = engine.scores(req, TODAY)
    assert score[ids.index("there")] > score[ids.index("idle")]
    assert np.isclose(ranked[0].score, score[ids.index("there")])
