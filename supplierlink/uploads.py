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
from tempfile import SpooledTemporaryFile

from flask import Request, current_app
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
    if active_content(data):
        raise ServiceError({field: _l(
            "The PDF contains web page code or scripts, which a certificate never needs. "
            "Print it to a new PDF (or scan it) and upload that.")})
    return data


#: What a browser or a PDF reader would run: HTML that makes a PDF a polyglot (a file that is a
#: PDF by its first bytes and a web page to anything that sniffs), and PDF actions that run
#: script or programs. A certificate needs none of them; such a file is refused. Markers are at
#: least five bytes long so that compressed streams (random-looking bytes) do not match by
#: chance; actions hidden inside compressed object streams are not seen (the file is still
#: only ever served as an attachment with nosniff).
HTML_MARKERS = re.compile(  # searched in the lower-cased bytes
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|frame|object|embed|svg|meta)"
    rb"[\s>/]|javascript:")
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|Launch)\b")
_ESCAPED_NAME = re.compile(rb"/[A-Za-z0-9#]*#[0-9A-Fa-f]{2}[A-Za-z0-9#]*")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def active_content(data: bytes) -> bool:
    """Whether ``data`` holds HTML or script, or PDF actions that run code (``/JavaScript``,
    ``/Launch``, also when spelt with ``#xx`` escapes)."""
    if HTML_MARKERS.search(data.lower()) or PDF_ACTIONS.search(data):
        return True
    return any(PDF_ACTIONS.match(_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name))
               for name in _ESCAPED_NAME.findall(data))


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


class CappedSpool(SpooledTemporaryFile):
    """An uploaded file's container that keeps at most ``cap`` bytes and drops the rest, so a
    request with a too-large file is still read whole: its other fields arrive, and the form
    can say "too large" with everything else the person typed still filled in."""

    def __init__(self, cap: int):
        super().__init__(max_size=512 * 1024)
        self.cap = cap
        self.kept = 0

    def write(self, data) -> int:
        room = max(0, self.cap - self.kept)
        if room:
            super().write(data[:room])
            self.kept += min(room, len(data))
        return len(data)


class UploadRequest(Request):
    """Requests whose file parts are capped at one byte over the evidence limit (the rest of a
    file is read and dropped); ``MAX_CONTENT_LENGTH`` still bounds the whole request."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return CappedSpool(MAX_EVIDENCE_BYTES + 1)
