"""The procurement procedure: read from OCDS, kept on awards and queries, and scored through
the suppliers' awards under the same procedure in the requirement code's segment."""

from datetime import date, timedelta

from matching import AwardRecord, MatchingEngine, Requirement, SupplierProfile
from matching.block import normalise_method
from matching.evaluation import _queries
from matching.ocds import award_events, award_histories

TODAY = date(2025, 6, 1)


def award(code, method, requirement_id=None):
    return AwardRecord(code, "b1", TODAY - timedelta(days=30), method=method,
                       requirement_id=requirement_id)


def test_ocds_tender_procedure_is_kept_on_awards_and_queries():
    release = {
        "ocid": "ocds-1", "date": "2023-03-01T00:00:00Z", "buyer": {"id": "B1"},
        "tender": {"procurementMethod": "open",
                   "procurementMethodDetails": " Mínima cuantía "},
        "awards": [{"id": "a1", "status": "active", "date": "2023-03-01T00:00:00Z",
                    "suppliers": [{"id": "S1", "name": "S ONE"}],
                    "items": [{"id": "1", "classification": {"id": "72141003"}}]}],
    }
    events = list(award_events([release]))
    assert events[0].method == "Mínima cuantía"
    assert award_histories(events)["S1"].awards[0].method == "Mínima cuantía"
    assert _queries(events)[0][0].method == "Mínima cuantía"
    del release["tender"]["procurementMethodDetails"]
    assert next(award_events([release])).method == "open"
    release["tender"] = {}
    assert next(award_events([release])).method is None


def test_procedure_names_compare_without_case_or_accents():
    assert normalise_method("Mínima cuantía") == normalise_method("MINIMA CUANTIA")
    assert normalise_method(None) is None and normalise_method("  ") is None


def test_awards_under_the_same_procedure_in_the_segment_count(feature_of):
    same = SupplierProfile("same", "Same", awards=(award("72141003", "Mínima cuantía"),))
    other = SupplierProfile("other", "Other", awards=(award("72141003", "Licitación pública"),))
    elsewhere = SupplierProfile("elsewhere", "Elsewhere",
                                awards=(award("43211500", "Mínima cuantía"),))
    more = SupplierProfile("more", "More", awards=(award("72101507", "Minima cuantia"),
                                                   award("72141003", "Mínima cuantía")))
    engine = MatchingEngine(as_of=TODAY).fit([same, other, elsewhere, more])
    req = Requirement("r", codes=("72141002",), method="MÍNIMA CUANTÍA", category_depth="any")
    got = feature_of(engine, req, {"same", "other", "elsewhere", "more"}, "method_segment")
    assert got["other"] == 0 and got["elsewhere"] == 0
    assert 0 < got["same"] < got["more"] <= 1
    # a requirement naming no procedure scores nobody on it
    plain = Requirement("p", codes=("72141002",), category_depth="any")
    assert not any(feature_of(engine, plain, {"same", "more"}, "method_segment").values())


def test_the_requirements_own_award_does_not_count(feature_of):
    own = SupplierProfile("own", "Own", awards=(award("72141003", "Mínima cuantía", "r"),))
    engine = MatchingEngine(as_of=TODAY).fit([own])
    req = Requirement("r", codes=("72141002",), method="Mínima cuantía", category_depth="any")
    assert feature_of(engine, req, {"own"}, "method_segment")["own"] == 0
    other = Requirement("r2", codes=("72141002",), method="Mínima cuantía",
                        category_depth="any")
    assert feature_of(engine, other, {"own"}, "method_segment")["own"] > 0
