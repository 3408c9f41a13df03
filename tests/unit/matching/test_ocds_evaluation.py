"""OCDS reading in every packaging, supplier histories and the evaluation's output."""

import gzip
import json
from datetime import date

import pytest

from matching.evaluation import evaluate_awards
from matching.ocds import award_events, award_histories, item_code, read_releases


def release(ocid, day, supplier, code, buyer="B1", text="Servicios de limpieza"):
    return {
        "ocid": ocid, "id": f"{ocid}-award", "date": f"{day}T00:00:00Z", "tag": ["award"],
        "buyer": {"id": buyer, "name": buyer},
        "parties": [{"id": supplier, "name": supplier.upper(), "roles": ["supplier"],
                     "address": {"region": "Ontario", "countryName": "Canada"}},
                    {"id": buyer, "roles": ["buyer"], "address": {"region": "Ontario"}}],
        "awards": [{"id": "a1", "status": "active", "date": f"{day}T00:00:00Z",
                    "suppliers": [{"id": supplier, "name": supplier.upper()}],
                    "items": [{"id": "1", "classification": {"scheme": "X", "id": code,
                                                             "description": text}}]}],
    }


def history_releases():
    out = []
    for i in range(60):
        month = 1 + i % 6
        supplier = ["alpha", "beta", "gamma"][i % 3]
        code = ["7610A", "7610B", "3212"][i % 3]
        out.append(release(f"ocds-{i}", f"2013-{month:02d}-{1 + i % 27:02d}", supplier, code))
    for i in range(12):
        supplier = ["alpha", "beta", "gamma"][i % 3]
        code = ["7610A", "7610B", "3212"][i % 3]
        out.append(release(f"ocds-q{i}", f"2013-08-{1 + i:02d}", supplier, code))
    return out


def test_every_packaging_reads_the_same(tmp_path):
    releases = history_releases()
    (tmp_path / "package.json").write_text(json.dumps({"releases": releases}))
    with gzip.open(tmp_path / "lines.jsonl.gz", "wt") as fh:
        fh.write("\n".join(json.dumps(r) for r in releases))
    records = {"records": [{"ocid": r["ocid"], "releases": [{"url": "x"}], "compiledRelease": r}
                           for r in releases]}
    (tmp_path / "records.json").write_text(json.dumps(records))
    counts = {name: len(list(award_events(read_releases(tmp_path / name))))
              for name in ("package.json", "lines.jsonl.gz", "records.json")}
    assert set(counts.values()) == {72}
    # A directory holding all three yields each award once.
    assert len(list(award_events(read_releases(tmp_path)))) == 72


def test_histories_collect_codes_buyers_and_regions():
    profiles = award_histories(award_events(history_releases()))
    alpha = profiles["alpha"]
    assert alpha.codes == ("7610A",) and alpha.region == "Ontario"
    assert {a.buyer_id for a in alpha.awards} == {"B1"} and "limpieza" in alpha.text


def test_unspsc_based_catalogue_codes_are_reduced():
    assert item_code({"id": "32121701-003"}) == "32121701"
    assert item_code({"id": "5169C"}) == "5169C"
    assert item_code({}) is None


def test_latin_american_samples(data_dir):
    samples = data_dir / "ocds" / "latam-samples"
    paraguay = list(award_events(read_releases(samples / "paraguay")))
    assert paraguay and any("32121701" in ev.codes for ev in paraguay)
    for country in ("colombia", "mexico"):
        events = list(award_events(read_releases(samples / country)))
        assert events and all(ev.supplier_id for ev in events)


def test_evaluation_reports_engine_and_baselines(tmp_path):
    path = tmp_path / "awards.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in history_releases()))
    result = evaluate_awards(path, date(2013, 7, 1), k=2)
    assert {"k", "queries", "recall_at_k", "mrr", "catalogue_coverage_at_k",
            "baselines"} <= set(result)
    assert result["queries"] == 12 and result["k"] == 2
    assert set(result["baselines"]) == {"popularity", "affinity"}
    assert result["recall_at_k"] == 1.0
    for figures in result["baselines"].values():
        assert set(figures) == {"k", "queries", "recall_at_k", "mrr", "catalogue_coverage_at_k"}


@pytest.mark.slow
def test_canada_file_reads(data_dir):
    path = data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz"
    events = list(award_events(read_releases(path)))
    assert len(events) > 19000
