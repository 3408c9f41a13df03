"""The `supplierlink` command wraps the services: reference data imports, demo, admin, rank."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from supplierlink.catalogue.models import Category, Standard, StandardAlias, StandardRelation
from supplierlink.organisations.models import Organisation


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_import_the_full_unspsc_taxonomy_twice(runner, session, data_dir):
    path = data_dir / "taxonomies" / "unspsc-v7-en-es-fr-pt.csv"
    first = runner.invoke(args=["import-taxonomy", str(path)])
    assert first.exit_code == 0, first.output
    assert "20789 inserted, 0 updated" in first.output
    again = runner.invoke(args=["import-taxonomy", str(path)])
    assert "0 inserted, 20789 updated" in again.output
    conveyor = session.scalar(select(Category).where(Category.code == "24101715"))
    assert conveyor.level == "commodity" and conveyor.parent_code == "24101700"
    assert conveyor.title("es") and conveyor.title("pt") and conveyor.title_en == "Conveyor belting"


def test_a_taxonomy_file_with_bad_rows_reports_every_one_and_imports_nothing(runner, session, tmp_path):
    bad = tmp_path / "gsin.csv"
    bad.write_text("code,title_en\n5169C,Elevator Installation\n,No code\n5170,\n", encoding="utf-8")
    result = runner.invoke(args=["import-taxonomy", str(bad), "--scheme", "GSIN"])
    assert result.exit_code == 1
    assert "line 3" in result.output and "line 4" in result.output
    assert count(session, Category, Category.scheme == "GSIN") == 0


def test_import_the_projects_catalogue_and_the_reference_list(runner, session, data_dir):
    own = Path(__file__).resolve().parents[2] / "supplierlink" / "data" / "standards.csv"
    assert runner.invoke(args=["import-standards", str(own)]).exit_code == 0
    iso45001 = session.scalar(select(Standard).where(Standard.key == "iso-45001"))
    ohsas = session.scalar(select(Standard).where(Standard.key == "ohsas-18001"))
    assert count(session, StandardRelation, StandardRelation.source_id == iso45001.id,
                 StandardRelation.target_id == ohsas.id,
                 StandardRelation.kind == "supersedes") == 1
    reference = runner.invoke(args=["import-standards",
                                    str(data_dir / "standards" / "reference-standards.csv")])
    assert reference.exit_code == 0, reference.output
    assert count(session, Standard) > 100
    assert count(session, StandardAlias, StandardAlias.alias == "NMX-CC-9001-IMNC-2015") >= 1


def test_demo_command_loads_once_and_prints_the_logins(runner, session):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "demo data loaded" in result.output and "admin@supplierlink.demo" in result.output
    orgs = count(session, Organisation)
    again = runner.invoke(args=["demo", "--if-empty"])
    assert "already has data" in again.output and count(session, Organisation) == orgs
    ranked = runner.invoke(args=["rank"])
    assert ranked.exit_code == 0 and "21 open requirements ranked" in ranked.output


def test_create_admin_refuses_a_weak_password(runner):
    weak = runner.invoke(args=["create-admin", "root@example.org", "Root", "--password", "short"])
    assert weak.exit_code == 1 and "password" in weak.output


def test_eval_awards_prints_the_figures_as_json_on_the_last_line(runner, tmp_path):
    releases = []
    for i, (day, supplier) in enumerate([("2013-01-10", "a"), ("2013-02-10", "a"),
                                         ("2013-03-10", "b"), ("2013-08-10", "a")]):
        releases.append({"ocid": f"ocds-x-{i}", "id": f"r{i}", "date": f"{day}T00:00:00Z",
                         "tag": ["award"], "buyer": {"id": "B1", "name": "Buyer"},
                         "parties": [], "awards": [{"id": f"a{i}", "date": f"{day}T00:00:00Z",
                                                    "suppliers": [{"id": supplier, "name": supplier}],
                                                    "items": [{"id": "1", "classification": {
                                                        "scheme": "UNSPSC", "id": "24101715",
                                                        "description": "Conveyor belting"}}]}]})
    path = tmp_path / "awards.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in releases), encoding="utf-8")
    result = runner.invoke(args=["eval", "awards", str(path), "--cutoff", "2013-07-01", "--k", "1"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["queries"] == 1 and figures["k"] == 1
    assert figures["recall_at_k"] == 1.0 and figures["mrr"] == 1.0
    assert set(figures["baselines"]) == {"popularity", "affinity"}
