"""Evidence files: PDFs checked by content and size, stored under random names outside static.

A file written during a request is forgotten when the database transaction commits and deleted
when it rolls back, so a failed request never leaves a file behind.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from supplierlink.errors import ServiceError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
STORED_NAME = re.compile(r"[0-9a-f]{32}\.pdf")
_PENDING = "supplierlink.pending_uploads"


@dataclass(frozen=True)
class StoredFile:
    name: str  # the random name on disk
    original_name: str


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def evidence_path(name: str) -> Path | None:
    """Path of a stored file, or None when the name is not one of ours or the file is gone."""
    if not name or not STORED_NAME.fullmatch(name):
        return None
    path = upload_folder() / name
    return path if path.is_file() else None


def read_pdf(storage, field: str = "evidence") -> bytes:
    """The bytes of an uploaded PDF; a file over 10 MB or not a PDF is an error."""
    data = storage.stream.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ServiceError({field: _l("The file is larger than 10 MB. Upload a smaller PDF "
                                      "(scan at a lower resolution or split it).")})
    if not data:
        raise ServiceError({field: _l("The file is empty.")})
    if not data.startswith(PDF_MAGIC):
        raise ServiceError({field: _l("The file is not a PDF. Upload the certificate as a PDF.")})
    return data


def store_pdf(session: Session, data: bytes, original_name: str) -> StoredFile:
    """Write ``data`` under a random name; it is removed again if ``session`` rolls back."""
    name = secrets.token_hex(16) + ".pdf"
    path = upload_folder() / name
    with open(path, "xb") as handle:
        handle.write(data)
    _track(session, path)
    clean = os.path.basename((original_name or "").replace("\\", "/")).strip()
    return StoredFile(name, (clean or "evidence.pdf")[:200])


def discard_pending(session: Session) -> None:
    """Delete the files written in the session's current transaction."""
    for path in session.info.pop(_PENDING, []):
        Path(path).unlink(missing_ok=True)


def _track(session: Session, path: Path) -> None:
    if _PENDING not in session.info and not event.contains(session, "after_commit", _forget):
        event.listen(session, "after_commit", _forget)
        event.listen(session, "after_soft_rollback", _rolled_back)
    session.info.setdefault(_PENDING, []).append(str(path))


def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _rolled_back(session: Session, previous_transaction) -> None:
    # Files belong to the whole request: only the outermost transaction's end decides.
    if previous_transaction.parent is None:
        discard_pending(session)
