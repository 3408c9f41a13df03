"""Evidence uploads: checked by content and size, random names, gone when the transaction rolls
back."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask_babel import Babel
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from supplierlink.errors import ServiceError
from supplierlink.uploads import MAX_EVIDENCE_BYTES, evidence_path, read_pdf, store_pdf


@pytest.fixture
def flask_app(tmp_path):
    app = Flask(__name__)
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    Babel(app)  # the messages are lazy strings, rendered in the app's default locale (en)
    with app.app_context():
        yield app


def upload(data: bytes, name="c.pdf"):
    return FileStorage(io.BytesIO(data), filename=name)


def test_a_pdf_is_read_by_its_content_not_its_name(flask_app):
    assert read_pdf(upload(b"%PDF-1.7 body", name="scan.jpg")) == b"%PDF-1.7 body"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"<html>%PDF-</html>", "not a PDF"),
    (b"%PDF-" + b"0" * MAX_EVIDENCE_BYTES, "larger than 10 MB"),
])
def test_bad_files_are_refused_with_a_clear_message(flask_app, data, words):
    with pytest.raises(ServiceError) as caught:
        read_pdf(upload(data))
    assert words in str(caught.value.errors["evidence"][0])


def test_exactly_ten_megabytes_is_accepted(flask_app):
    data = b"%PDF-" + b"0" * (MAX_EVIDENCE_BYTES - 5)
    assert len(read_pdf(upload(data))) == MAX_EVIDENCE_BYTES


def test_stored_files_get_random_names_and_only_those_are_served(flask_app):
    session = Session()
    session.begin()
    first = store_pdf(session, b"%PDF-1", "../../etc/Certificado ISO.pdf")
    second = store_pdf(session, b"%PDF-2", "c.pdf")
    session.commit()
    assert first.name != second.name and len(first.name) == 36
    assert first.original_name == "Certificado ISO.pdf"
    assert evidence_path(first.name).read_bytes() == b"%PDF-1"
    assert evidence_path("../" + first.name) is None and evidence_path("") is None


def test_a_rolled_back_transaction_leaves_no_file(flask_app):
    session = Session()
    session.begin()
    stored = store_pdf(session, b"%PDF-1", "c.pdf")
    assert evidence_path(stored.name) is not None
    session.rollback()
    assert evidence_path(stored.name) is None


@pytest.mark.parametrize("data, refused", [
    (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", False),
    (b'%PDF-1.4\n<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF></rdf:RDF></x:xmpmeta>', False),
    (b"%PDF-1.4 /Type /Annot /Subtype /Link /A << /S /URI /URI (https://example.org) >>", False),
    (b"%PDF-1.4\n<HTML><BODY>", True),
    (b"%PDF-1.4\n<iframe src=//evil.example>", True),
    (b"%PDF-1.4\n/S /Launch /F (cmd.exe)", True),
    (b"%PDF-1.4\n/S /#4Aava#53cript", True),
])
def test_active_content_finds_html_and_script_but_not_ordinary_pdf_parts(data, refused):
    from supplierlink.uploads import active_content

    assert active_content(data) is refused
