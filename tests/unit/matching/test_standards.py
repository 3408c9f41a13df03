import pytest

from matching import StandardsCatalogue, default_catalogue


@pytest.fixture(scope="module")
def catalogue():
    return default_catalogue()


@pytest.mark.parametrize("typed, key", [
    ("iso9001:2015", "iso-9001"),
    ("ISO 9.001", "iso-9001"),
    ("ISO 9001", "iso-9001"),
    ("NMX-CC-9001-IMNC-2015", "nmx-cc-9001"),
    ("NCh-ISO 9001:2015", "nch-iso-9001"),
    ("iso 45001:2018", "iso-45001"),
    ("IATF 16949", "iatf-16949"),
    ("Global GAP", "globalgap"),
    ("OHSAS 18001:2007", "ohsas-18001"),
])
def test_typed_names_resolve(catalogue, typed, key):
    found = catalogue.resolve(typed)
    assert found is not None and found.key == key
    assert 0.88 <= found.confidence <= 1.0


@pytest.mark.parametrize("typed", ["ISO 9002", "something unrelated", "", "ISO 14002"])
def test_no_guess_below_confidence(catalogue, typed):
    assert catalogue.resolve(typed) is None


def test_suggest_orders_by_confidence(catalogue):
    suggestions = catalogue.suggest("iso 9001", limit=5)
    assert suggestions[0].key == "iso-9001"
    assert [s.confidence for s in suggestions] == sorted(
        (s.confidence for s in suggestions), reverse=True)


@pytest.mark.parametrize("held, required, expected", [
    ("iatf-16949", "iso-9001", True),
    ("as9100", "iso-9001", True),
    ("nch-iso-9001", "iso-9001", True),
    ("iso-9001", "nch-iso-9001", True),
    ("nch-iso-9001", "ntc-iso-9001", True),
    ("iso-45001", "ohsas-18001", True),
    ("ohsas-18001", "iso-45001", False),
    ("iso-9001", "iatf-16949", False),
    ("fssc-22000", "haccp", True),
    ("iso-14001", "iso-9001", False),
])
def test_relations_decide_satisfaction(catalogue, held, required, expected):
    assert catalogue.satisfies(held, required) is expected


def test_successor_follows_supersedes(catalogue):
    assert catalogue.successor("ohsas-18001") == "iso-45001"
    assert catalogue.successor("iso-45001") is None
    assert "ohsas-18001" in catalogue.superseded_keys("iso-45001")


def test_unknown_names_get_stable_ad_hoc_keys(catalogue):
    assert catalogue.key_for("Sello Verde Municipal") == catalogue.key_for("sello verde municipal")
    assert catalogue.key_for("Sello Verde Municipal").startswith("x-")


def test_relations_must_name_known_standards():
    with pytest.raises(ValueError):
        StandardsCatalogue([("a", "A")], [("a", "b", "implies")])
    with pytest.raises(ValueError):
        StandardsCatalogue([("a", "A"), ("b", "B")], [("a", "b", "resembles")])


def test_reference_csv_loads(data_dir):
    catalogue = StandardsCatalogue.from_csv(data_dir / "standards" / "reference-standards.csv")
    assert catalogue.successor(catalogue.resolve("OHSAS 18001").key) is not None


@pytest.mark.parametrize("typed, first", [
    ("iso 90", "iso-9001"), ("ISO 900", "iso-9001"), ("iso 14", "iso-14001"),
    ("iso 45", "iso-45001"), ("iso 170", "iso-17025"),
])
def test_a_name_being_typed_offers_the_standard_before_its_national_adoptions(
        catalogue, typed, first):
    suggestions = catalogue.suggest(typed, limit=8)
    keys = [s.key for s in suggestions]
    assert keys[0] == first
    assert len(keys) == len(set(keys))  # each standard once
    # the national adoptions follow the original, and a prefix never resolves by itself
    adoptions = [k for k in keys if k.endswith(first) and k != first]
    assert all(keys.index(k) > 0 for k in adoptions)
    assert catalogue.resolve(typed) is None


def test_reference_catalogue_offers_iso_9001_once_among_the_first(data_dir):
    # there the national adoptions are aliases of ISO 9001; ISO 9000 begins with "iso 90" too
    catalogue = StandardsCatalogue.from_csv(data_dir / "standards" / "reference-standards.csv")
    names = [s.name for s in catalogue.suggest("iso 90", limit=5)]
    assert "ISO 9001" in names[:2] and names.count("ISO 9001") == 1
