"""Backup and restore: an archive restored into an empty database of the other backend, and
exported again, holds exactly the same rows and files; restores refuse what they cannot do."""

from __future__ import annotations

import itertools
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matching.ocds import read_releases
from supplierlink import migrate
from supplierlink.api.tokens import create_token
from supplierlink.backup.archive import BackupError, export_archive, restore_archive
from supplierlink.db import make_engine
from supplierlink.imports.ocds import import_releases
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.services import CertificationData, add_certification
from supplierlink.uploads import store_pdf
from tests.conftest import PG_URL


@pytest.fixture
def fresh_database(tmp_path):
    """Makes empty databases migrated to head ("sqlite" or "postgresql"); drops them after."""
    made = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.sqlite3'}"
        else:
            name = f"supplierlink_bak_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            made.append(name)
            url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        migrate.upgrade(url)
        return url

    yield make
    if made:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def tables_and_files(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name != "manifest.json"}


def restore_then_export(url: str, archive: Path, tmp: Path) -> Path:
    engine = make_engine(url)
    uploads = tmp / f"uploads-{uuid.uuid4().hex[:6]}"
    try:
        with engine.begin() as conn:
            restore_archive(conn, archive, uploads)
        again = tmp / f"{uuid.uuid4().hex[:6]}.zip"
        with engine.connect() as conn:
            export_archive(conn, again, uploads)
    finally:
        engine.dispose()
    return again


@pytest.fixture
def populated(app, session, make_org, make_user, reference_data, future, data_dir):
    buyer, sme = make_org("lead_firm"), make_org("sme", legal_name="Ñandú Ingeniería SpA")
    user = make_user(buyer)
    with app.app_context():
        post_requirement(session, buyer, user, RequirementData(
            title="Correas «transportadoras»", category_codes=["20101501"], need_date=future(),
            must_standards=["iso-9001"]), publish=True)
        stored = store_pdf(session, b"%PDF-1.4 certificado", "certificado.pdf")
        from supplierlink.catalogue.models import Standard

        standard = session.query(Standard).filter_by(key="iso-9001").one()
        add_certification(session, sme, CertificationData(
            standard=standard, evidence_file=stored.name, evidence_name="certificado.pdf",
            issued_on=future(-100), expires_on=future(500)))
        create_token(session, user, "ERP", "read", 30)
        releases = list(itertools.islice(read_releases(
            data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz"), 150))
        import_releases(session, releases)
    session.flush()
    return session


def test_round_trip_to_the_other_backend_and_back_is_identical(app, populated, tmp_path,
                                                                 fresh_database):
    uploads = Path(app.config["UPLOAD_FOLDER"])
    first = tmp_path / "first.zip"
    report = export_archive(populated.connection(), first, uploads)
    assert report.tables["organisation"] > 50 and report.tables["imported_award"] == 150
    assert report.files >= 1
    source_kind = populated.get_bind().dialect.name
    other = "postgresql" if PG_URL and source_kind == "sqlite" else "sqlite"
    second = restore_then_export(fresh_database(other), first, tmp_path)
    third = restore_then_export(fresh_database(source_kind if PG_URL else "sqlite"), second,
                                tmp_path)
    original = tables_and_files(first)
    assert tables_and_files(second) == original
    assert tables_and_files(third) == original
    assert any(name.startswith("files/") for name in original)


def test_restore_refuses_a_database_that_is_not_empty_or_at_another_revision(
        app, populated, tmp_path, fresh_database):
    archive = tmp_path / "backup.zip"
    export_archive(populated.connection(), archive, None)
    url = fresh_database("sqlite")
    restore_then_export(url, archive, tmp_path)
    engine = make_engine(url)
    with pytest.raises(BackupError, match="not empty"), engine.begin() as conn:
        restore_archive(conn, archive, None)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with pytest.raises(BackupError, match="migration"), engine.begin() as conn:
        restore_archive(conn, archive, None)
    engine.dispose()


def test_export_and_restore_commands(runner, app, populated, tmp_path, fresh_database):
    populated.commit()
    archive = tmp_path / "cli.zip"
    result = runner.invoke(args=["export", str(archive)])
    assert result.exit_code == 0, result.output
    assert "files" in result.output and zipfile.is_zipfile(archive)
    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code != 0 and "not empty" in refused.output
