"""OCDS import: buyers, suppliers and awards come in once; duplicates are linked or queued."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest
from sqlalchemy import func, select

from matching.ocds import read_releases
from supplierlink.imports.models import DuplicateCandidate, ImportedAward, OrgIdentifier
from supplierlink.imports.ocds import import_releases
from supplierlink.matches.profiles import load_profiles
from supplierlink.organisations.models import Organisation


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot(session):
    return (count(session, Organisation), count(session, OrgIdentifier),
            count(session, ImportedAward), count(session, DuplicateCandidate))


@pytest.fixture(scope="module")
def canada_head(data_dir):
    path = data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz"
    return list(itertools.islice(read_releases(path), 2000))


def test_first_2000_canadian_releases_import_once(app, session, canada_head):
    with app.app_context():
        first = import_releases(session, canada_head, chunk=500)
        after_first = snapshot(session)
        again = import_releases(session, canada_head, chunk=700)
    assert first.created["sme"] > 500 and first.created["lead_firm"] >= 1
    assert first.awards == 2000
    assert again.created == {} and again.awards == 0 and again.review == 0
    assert snapshot(session) == after_first
    supplier = session.scalar(select(Organisation).join(
        OrgIdentifier, OrgIdentifier.organisation_id == Organisation.id).where(
        OrgIdentifier.identifier == "CA-SUPPLIER-capital-elevator-ltd"))
    assert supplier is not None and supplier.kind == "sme" and supplier.country == "CA"
    profile = load_profiles(session, [supplier.id])[0]
    assert any(a.code == "5169C" and a.site == "OTTAWA" for a in profile.awards)


def test_a_later_file_adds_only_what_is_new(app, session, canada_head):
    with app.app_context():
        import_releases(session, canada_head[:1000])
        before = count(session, ImportedAward)
        later = import_releases(session, canada_head)
    assert later.awards == count(session, ImportedAward) - before > 0
    assert later.known > 0


def _release(ocid, supplier_id, supplier_name, country="Chile", scheme=None, number=None):
    ident = {"legalName": supplier_name}
    if scheme:
        ident.update(scheme=scheme, id=number)
    return {"ocid": ocid, "id": f"{ocid}-1", "date": "2024-03-01T00:00:00Z",
            "buyer": {"id": "B1", "name": "Minera del Norte"},
            "parties": [{"id": "B1", "name": "Minera del Norte", "roles": ["buyer"],
                         "address": {"countryName": country, "locality": "Calama"}},
                        {"id": supplier_id, "name": supplier_name, "roles": ["supplier"],
                         "identifier": ident, "address": {"countryName": country}}],
            "awards": [{"id": "A1", "status": "active", "date": "2024-03-01T00:00:00Z",
                        "suppliers": [{"id": supplier_id, "name": supplier_name}],
                        "items": [{"id": "1", "classification": {"scheme": "UNSPSC",
                                                                  "id": "24101715"}}]}]}


def test_registered_organisations_are_linked_or_queued_never_merged(app, session, make_org):
    same = make_org("sme", legal_name="Correas Transportadoras del Norte SpA")
    close = make_org("sme", legal_name="Servicios Eléctricos Atacama Ltda")
    by_tax = make_org("sme", legal_name="Otra Razón Social SpA")
    releases = [
        _release("ocds-abc123-1", "S1", "CORREAS TRANSPORTADORAS DEL NORTE S.P.A."),
        _release("ocds-abc123-2", "S2", "Servicios Electromecanicos Atacamenos"),
        _release("ocds-abc123-3", "S3", "Nombre distinto", scheme="CL-RUT", number=by_tax.tax_id),
    ]
    with app.app_context():
        summary = import_releases(session, releases)
        again = import_releases(session, releases)
    assert summary.linked == 1 and summary.review == 1
    linked = session.scalar(select(OrgIdentifier.organisation_id).where(
        OrgIdentifier.identifier == "S1"))
    assert linked == same.id
    assert session.scalar(select(OrgIdentifier.organisation_id).where(
        OrgIdentifier.identifier == by_tax.tax_id)) == by_tax.id
    pair = session.scalar(select(DuplicateCandidate))
    assert pair.status == "open" and close.id in (pair.first_id, pair.second_id)
    assert pair.evidence["names"] and pair.score >= 0.7
    assert again.review == 0 and again.linked == 0 and count(session, DuplicateCandidate) == 1
    assert count(session, ImportedAward, ImportedAward.supplier_id == same.id) == 1


@pytest.mark.parametrize("chunk", [1000, 1])  # in one chunk, and each release in its own
def test_new_parties_are_matched_against_those_created_earlier_in_the_import(app, session,
                                                                               chunk):
    """Two spellings of one new company in a file make one organisation; a close name makes a
    second organisation and a pair to review; importing the file again changes nothing."""
    releases = [
        _release("ocds-new001-1", "S1", "Correas Transportadoras del Norte SpA"),
        _release("ocds-new001-2", "S2", "CORREAS TRANSPORTADORAS DEL NORTE S.P.A."),
        _release("ocds-new001-3", "S3", "Servicios Eléctricos Atacama Ltda"),
        _release("ocds-new001-4", "S4", "Servicios Electromecanicos Atacamenos"),
        _release("ocds-new001-5", "S5", "Laboratorio Químico Andino", country="Peru"),
    ]
    with app.app_context():
        summary = import_releases(session, releases, chunk=chunk)
        after = snapshot(session)
        again = import_releases(session, releases, chunk=chunk)

    def org_of(identifier):
        return session.scalar(select(OrgIdentifier.organisation_id).where(
            OrgIdentifier.identifier == identifier))

    assert summary.created == {"sme": 4, "lead_firm": 1} and summary.linked == 1
    assert org_of("S1") == org_of("S2") is not None
    assert len({org_of(s) for s in ("S1", "S3", "S4", "S5")}) == 4
    assert summary.review == 1
    pair = session.scalar(select(DuplicateCandidate))
    assert {pair.first_id, pair.second_id} == {org_of("S3"), org_of("S4")}
    assert pair.status == "open" and pair.score >= 0.7
    assert count(session, ImportedAward, ImportedAward.supplier_id == org_of("S1")) == 2
    assert again.created == {} and again.linked == 0 and again.review == 0
    assert again.awards == 0 and snapshot(session) == after


def test_every_shared_ocds_file_imports(app, session, data_dir, tmp_path):
    ocds = data_dir / "ocds"
    samples = ocds / "latam-samples"
    releases = list(read_releases(samples))
    colombia = list(itertools.islice(read_releases(
        ocds / "colombia-secop2-obras-2019-2023.jsonl.gz"), 300))
    # the same releases as a plain, non-gzipped release package
    package = tmp_path / "package.json"
    package.write_text(json.dumps({"releases": colombia[:50]}), encoding="utf-8")
    zipped = tmp_path / "lines.jsonl.gz"
    with gzip.open(zipped, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in colombia[50:100]))
    with app.app_context():
        summary = import_releases(session, releases + colombia)
        again = import_releases(session, list(read_releases(package))
                                + list(read_releases(zipped)))
    assert summary.releases == len(releases) + 300 and summary.awards > 300
    countries = set(session.scalars(select(Organisation.country)))
    assert {"CO", "PY", "MX"} <= countries
    assert again.awards == 0 and again.created == {}


def test_import_command_shows_progress_and_summary(runner, session, data_dir, tmp_path):
    path = tmp_path / "head.jsonl"
    with gzip.open(data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz", "rt") as fh:
        path.write_text("".join(itertools.islice(fh, 300)), encoding="utf-8")
    result = runner.invoke(args=["import", "ocds", str(path)])
    assert result.exit_code == 0, result.output
    assert "releases read: 300" in result.output and "award records added:" in result.output
    assert "skipped:" in result.output
    again = runner.invoke(args=["import", "ocds", str(path)])
    assert "award records added: 0" in again.output
    assert "created: 0 suppliers, 0 lead firms" in again.output
