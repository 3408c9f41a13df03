"""Imports that run as tracked jobs: the upload is kept, a JobRun row shows the progress."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import jobs
from supplierlink.db import utcnow
from supplierlink.jobs_models import JobRun

log = logging.getLogger(__name__)
OCDS_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")


def import_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_name(filename: str) -> str | None:
    """A safe stored name keeping the file's kind (gzip, JSON lines), or None if not OCDS."""
    lowered = filename.lower()
    suffix = next((s for s in sorted(OCDS_SUFFIXES, key=len, reverse=True)
                   if lowered.endswith(s)), None)
    return f"{uuid.uuid4().hex}{suffix}" if suffix else None


def start_ocds_import(session: Session, path: Path, label: str, user_id: int | None) -> JobRun:
    """Record a run and queue the import of ``path`` (it runs after the commit)."""
    run = JobRun(kind="ocds_import", label=label[:200], user_id=user_id)
    session.add(run)
    session.flush()
    jobs.enqueue(session, run_ocds_import, run.id, str(path))
    return run


def _progress(session: Session, run: JobRun, done: int, total: int) -> None:
    run.done, run.total, run.updated_at = done, total, utcnow()
    session.commit()  # each chunk is kept: the page sees the progress, a rerun resumes


@jobs.job
def run_ocds_import(session: Session, run_id: int, path: str) -> None:
    from supplierlink.imports.ocds import import_releases, read_all

    run = session.get(JobRun, run_id)
    if run is None or run.status == "done":
        return
    run.status, run.updated_at = "running", utcnow()
    session.commit()
    try:
        releases = read_all([path])
        run.total = len(releases)
        summary = import_releases(session, releases,
                                  on_chunk=lambda d, t: _progress(session, run, d, t))
    except Exception as exc:  # the run says what went wrong; what was committed stays
        log.exception("OCDS import %s failed", run_id)
        session.rollback()
        run = session.get(JobRun, run_id)
        run.status, run.error, run.updated_at = "failed", str(exc)[:2000], utcnow()
        return
    run.status, run.summary, run.updated_at = "done", summary.as_dict(), utcnow()
    Path(path).unlink(missing_ok=True)


def recent_runs(session: Session, kind: str, limit: int = 20) -> list[JobRun]:
    return list(session.scalars(select(JobRun).where(JobRun.kind == kind)
                                .order_by(JobRun.id.desc()).limit(limit)))
