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
    """Import the upload at ``path`` for the run ``run_id``. The upload is deleted only once the
    run's end is committed: "done", or "failed" for good. A lock or a lost connection is not the
    end: the error goes up so the attempt is made again, and the next one resumes from the
    last committed chunk with the file still there."""
    from supplierlink.imports.ocds import import_releases, read_all

    run = session.get(JobRun, run_id)
    if run is None or run.status in ("done", "failed"):
        return
    run.status, run.updated_at = "running", utcnow()
    session.commit()
    try:
        releases = read_all([path])
        run.total = len(releases)
        summary = import_releases(session, releases,
                                  on_chunk=lambda d, t: _progress(session, run, d, t))
        run.status, run.summary, run.updated_at = "done", summary.as_dict(), utcnow()
        session.commit()
    except Exception as exc:  # the run says what went wrong; what was committed stays
        session.rollback()
        if jobs.transient(exc):
            raise
        log.exception("OCDS import %s failed", run_id)
        run = session.get(JobRun, run_id)
        run.status, run.error, run.updated_at = "failed", str(exc)[:2000], utcnow()
        session.commit()
    Path(path).unlink(missing_ok=True)


def recent_runs(session: Session, kind: str, limit: int = 20) -> list[JobRun]:
    return list(session.scalars(select(JobRun).where(JobRun.kind == kind)
                                .order_by(JobRun.id.desc()).limit(limit)))
