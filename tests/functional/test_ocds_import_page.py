"""An administrator uploads an OCDS file and follows the import to its summary."""

from __future__ import annotations

import gzip
import io
import itertools
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from supplierlink import create_app, migrate
from supplierlink.auth.services import create_user
from supplierlink.db import get_db
from supplierlink.imports.models import ImportedAward
from supplierlink.jobs_models import JobRun
from tests.factories import PASSWORD, committed

ROOT = Path(__file__).resolve().parents[2]


REDIS_URL = os.environ.get("SUPPLIERLINK_TEST_REDIS_URL")
#: in this process always (no Redis: ``make run``), and on Redis with a real worker when the
#: suite has a Redis (CI)
RUNNERS = ["in-process"] + (["redis"] if REDIS_URL else [])


@pytest.mark.parametrize("runner", RUNNERS)
def test_upload_runs_the_import_as_a_job_and_shows_its_summary(runner, empty_database, data_dir,
                                                               tmp_path):
    """On a database of its own, with real commits (on SQLite a second connection holding the
    write lock while the job runs fails the import), the upload deleted once the run is done."""
    migrate.upgrade(empty_database)
    queue = {"REDIS_URL": REDIS_URL, "JOBS_QUEUE": f"ocds-{uuid.uuid4().hex[:10]}"} \
        if runner == "redis" else {"REDIS_URL": None}
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "ocds",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"),
                      "MAIL_URL": f"file://{tmp_path / 'mail'}", **queue})
    admin_id = committed(app, lambda s: create_user(s, "admin@ocds.example.org", "Admin",
                                                    PASSWORD, is_admin=True).id)
    client = app.test_client()
    assert client.post("/login", data={"email": "admin@ocds.example.org",
                                       "password": PASSWORD}).status_code == 302
    with gzip.open(data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz", "rb") as fh:
        head = b"".join(itertools.islice(fh, 120))
    response = client.post("/admin/imports/ocds", data={
        "file": (io.BytesIO(gzip.compress(head)), "canada-head.jsonl.gz")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    uploads = tmp_path / "uploads" / "imports"
    if runner == "redis":
        assert len(list(uploads.iterdir())) == 1  # kept for the worker
        env = {**os.environ, "DATABASE_URL": empty_database, "REDIS_URL": REDIS_URL,
               "SUPPLIERLINK_JOBS_QUEUE": queue["JOBS_QUEUE"],
               "SUPPLIERLINK_UPLOAD_FOLDER": str(tmp_path / "uploads"),
               "PYTHONPATH": str(ROOT)}
        subprocess.run([str(Path(sys.executable).parent / "supplierlink"), "worker", "--burst"],
                       cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)
    run, awards = committed(app, lambda s: (s.scalar(select(JobRun).order_by(JobRun.id.desc())),
                                            s.scalar(select(func.count())
                                                     .select_from(ImportedAward))))
    assert run.user_id == admin_id and run.status == "done"
    assert (run.done, run.total) == (120, 120) and run.summary["awards"] == 120
    assert awards == 120
    assert list(uploads.iterdir()) == []  # deleted once the run is done
    page = client.get(response.headers["Location"])
    assert "canada-head.jsonl.gz" in page.text and "<progress" in page.text
    assert "120" in page.text
    progress = client.get(f"/admin/imports/runs/{run.id}/progress").get_json()
    assert progress["status"] == "done" and progress["percent"] == 100
    get_db(app).engine.dispose()


def test_a_file_of_another_kind_is_refused(client, login, make_user, session):
    login(make_user(None, is_admin=True))
    response = client.post("/admin/imports/ocds", data={
        "file": (io.BytesIO(b"a,b\n1,2\n"), "suppliers.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(JobRun)) == 0
