"""An administrator uploads an OCDS file and follows the import to its summary."""

from __future__ import annotations

import gzip
import io
import itertools

from sqlalchemy import func, select

from supplierlink.imports.models import ImportedAward
from supplierlink.jobs_models import JobRun


def test_upload_runs_the_import_as_a_job_and_shows_its_summary(client, login, make_user,
                                                               session, data_dir):
    admin = login(make_user(None, is_admin=True))
    with gzip.open(data_dir / "ocds" / "canada-buyandsell-2009-2013.jsonl.gz", "rb") as fh:
        head = b"".join(itertools.islice(fh, 120))
    response = client.post("/admin/imports/ocds", data={
        "file": (io.BytesIO(gzip.compress(head)), "canada-head.jsonl.gz")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    run = session.scalar(select(JobRun).order_by(JobRun.id.desc()))
    session.refresh(run)
    assert run.user_id == admin.id and run.status == "done"
    assert (run.done, run.total) == (120, 120) and run.summary["awards"] == 120
    assert session.scalar(select(func.count()).select_from(ImportedAward)) == 120
    page = client.get(response.headers["Location"])
    assert "canada-head.jsonl.gz" in page.text and "<progress" in page.text
    assert "120" in page.text
    progress = client.get(f"/admin/imports/runs/{run.id}/progress").get_json()
    assert progress["status"] == "done" and progress["percent"] == 100


def test_a_file_of_another_kind_is_refused(client, login, make_user, session):
    login(make_user(None, is_admin=True))
    response = client.post("/admin/imports/ocds", data={
        "file": (io.BytesIO(b"a,b\n1,2\n"), "suppliers.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(JobRun)) == 0
