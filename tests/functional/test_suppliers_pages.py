"""The SME's pages over HTTP: profile, certificates with evidence, opportunities, applications.
Bad input answers 422 with a clear message, changes nothing and leaves no file behind."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from supplierlink.requirements.models import Application
from supplierlink.suppliers.models import Certification
from supplierlink.suppliers.services import profile_version
from tests.integration.test_suppliers_support import (
    PDF,
    certify,
    fill_profile,
    open_requirement,
    supplier_state,
    uploaded,
)

MB = 1024 * 1024


@pytest.fixture
def sme(make_org, reference_data):
    return make_org("sme")


@pytest.fixture
def signed_in(client, login, make_user, sme):
    client.set_cookie("lang", "en")
    return login(make_user(sme), sme)


def pdf(data: bytes = PDF, name: str = "certificado.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/pdf")


def post_certificate(client, **overrides):
    """Post the certificate form; the body is encoded in memory (the test client would spool a
    large one to a temporary file it never closes)."""
    data = {"standard": "ISO 9001:2015", "body": "SGS", "number": "CL-123",
            "issued_on": "2024-01-10", "expires_on": "2027-01-09", "evidence": pdf()}
    data.update(overrides)
    boundary, body = encode_multipart(data)
    return client.post("/supplier/certificates/new", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_profile_is_saved(client, session, sme, signed_in):
    response = client.post("/supplier/profile", data={
        "category_codes": "20101501, 20101502", "capabilities_text": "Correas",
        "capacity": "300", "capacity_unit": "t_month", "regions": "CL-AN CL-AT",
        "employees": "35", "version": "0"})
    assert response.status_code == 302
    codes, regions, *_rest, employees, _exports = supplier_state(session, sme)
    assert len(codes) == 2 and regions == ["CL-AN", "CL-AT"] and employees == 35
    page = client.get("/supplier/profile")
    assert b"20101501, 20101502" in page.data
    assert b'<option selected value="t_month">tonnes per month</option>' in page.data


@pytest.mark.parametrize("fields, message", [
    ({"category_codes": "20101501 12345678"}, b"These codes are not in the taxonomy: 12345678"),
    ({"regions": "CL-AN, ZZ"}, b"Unknown regions: ZZ"),
    ({"employees": "-4"}, b"Give a number between 0 and"),
])
def test_bad_profile_input_is_explained_and_changes_nothing(app, client, session, sme,
                                                             signed_in, fields, message):
    fill_profile(app, session, sme)
    session.commit()
    before = supplier_state(session, sme)
    data = {"category_codes": "20101501", "regions": "CL-AN",
            "version": str(profile_version(session, sme)), **fields}
    response = client.post("/supplier/profile", data=data)
    assert response.status_code == 422 and message in response.data
    assert supplier_state(session, sme) == before


def test_a_save_made_on_an_older_version_is_refused_and_changes_nothing(
        app, client, session, sme, signed_in):
    form = client.get("/supplier/profile")
    assert b'name="version" type="hidden" value="0"' in form.data
    first = client.post("/supplier/profile", data={"category_codes": "20101501",
                                                    "regions": "CL-AN", "version": "0"})
    assert first.status_code == 302
    before = supplier_state(session, sme)
    second = client.post("/supplier/profile", data={"category_codes": "20101502",
                                                     "regions": "CL-AT", "version": "0"})
    assert second.status_code == 422
    assert b"Someone else saved this profile while you were editing it" in second.data
    assert supplier_state(session, sme) == before


def test_exports_are_added_and_removed(client, session, sme, signed_in):
    response = client.post("/supplier/profile/exports", data={"market": "US", "year": "2023",
                                                              "value_usd": "50000"})
    assert response.status_code == 302
    assert supplier_state(session, sme)[-1] == 1
    bad = client.post("/supplier/profile/exports", data={"market": "US", "year": "1900"})
    assert bad.status_code == 422 and b"Give a number between 1950 and 2100" in bad.data
    future = client.post("/supplier/profile/exports", data={"market": "US", "year": "2099"})
    assert future.status_code == 422 and b"between 1950 and this year" in future.data
    assert supplier_state(session, sme)[-1] == 1


def test_a_certificate_is_added_with_its_resolution_shown(app, client, session, sme, signed_in):
    files = uploaded(app)
    response = post_certificate(client)
    assert response.status_code == 302
    response = client.get(response.headers["Location"])
    assert b"ISO 9001 is recorded (recognised from" in response.data and b"confidence" in response.data
    cert = session.scalar(select(Certification).where(Certification.organisation_id == sme.id))
    assert cert.standard.key == "iso-9001" and cert.status == "self_declared"
    assert uploaded(app) - files == {cert.evidence_file}


@pytest.mark.parametrize("overrides, message", [
    ({"standard": "ISO 1400"}, b"is not a standard we recognise with confidence. Closest: ISO 14001"),
    ({"expires_on": "2023-01-01"}, b"The expiry date is before the issue date."),
    ({"evidence": (b"\x89PNG\r\n", "cert.pdf")}, b"The file is not a PDF."),
    ({"evidence": (b"%PDF-" + b"0" * (10 * MB), "big.pdf")}, b"larger than 10 MB"),
    ({"evidence": (b"", "")}, b"Attach the certificate as a PDF"),
])
def test_bad_certificate_input_changes_nothing_and_leaves_no_file(app, client, session, sme,
                                                                   signed_in, overrides, message):
    if "evidence" in overrides:  # a fresh stream for each run
        overrides = {**overrides, "evidence": pdf(*overrides["evidence"])}
    before, files = supplier_state(session, sme), uploaded(app)
    response = post_certificate(client, **overrides)
    assert response.status_code == 422 and message in response.data
    assert supplier_state(session, sme) == before and uploaded(app) == files


def test_a_too_large_file_keeps_every_other_field_of_the_form(app, client, session, sme,
                                                               signed_in):
    before, files = supplier_state(session, sme), uploaded(app)
    response = post_certificate(client, evidence=pdf(b"%PDF-" + b"0" * (13 * MB)),
                                scope="Mantención de <correas> & poleas")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "larger than 10 MB" in page
    for kept in ('value="ISO 9001:2015"', 'value="SGS"', 'value="CL-123"', 'value="2024-01-10"',
                 'value="2027-01-09"', "Mantención de &lt;correas&gt; &amp; poleas"):
        assert kept in page, kept
    assert supplier_state(session, sme) == before and uploaded(app) == files


def test_a_request_over_the_request_limit_gets_a_friendly_page(app, client, session, sme,
                                                                signed_in):
    before, files = supplier_state(session, sme), uploaded(app)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 14 * MB
    try:
        response = post_certificate(client, evidence=pdf(b"%PDF-" + b"0" * (15 * MB)))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert b"larger than 10 MB" in response.data and b"Add certificate" in response.data
    assert supplier_state(session, sme) == before and uploaded(app) == files


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF",
    b"%PDF-1.7\n<!DOCTYPE html><svg onload=alert(1)>",
    b"%PDF-1.7\n1 0 obj << /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> >>",
])
def test_a_pdf_that_is_also_a_web_page_or_runs_script_is_refused(app, client, session, sme,
                                                                  signed_in, data):
    before, files = supplier_state(session, sme), uploaded(app)
    response = post_certificate(client, evidence=pdf(data))
    assert response.status_code == 422 and b"web page code or scripts" in response.data
    assert supplier_state(session, sme) == before and uploaded(app) == files


def test_certificates_page_shows_status_reason_and_expiry(app, client, session, make_user, sme,
                                                          signed_in):
    from supplierlink.suppliers.services import set_certification_status
    rejected = certify(app, session, sme, "iso-14001")
    with app.app_context():
        set_certification_status(session, rejected, "rejected", make_user(None, is_admin=True),
                                 "The PDF is for another company")
    certify(app, session, sme, "iso-9001", issued_on=date.today() - timedelta(days=400),
            expires_on=date.today() - timedelta(days=1))
    session.commit()
    page = client.get("/supplier/certificates")
    assert b"Reason: The PDF is for another company" in page.data
    assert b'class="badge expired"' in page.data and b'class="badge rejected"' in page.data


def test_empty_pages_say_what_to_do_next(client, signed_in):
    assert b"Add a certificate" in client.get("/supplier/certificates").data
    assert b"See opportunities" in client.get("/supplier/applications").data
    assert b"Complete your profile" in client.get("/supplier/opportunities").data


def test_opportunities_page_and_home_panel(app, client, session, make_org, sme, signed_in):
    fill_profile(app, session, sme)
    buyer = make_org("lead_firm", legal_name="Minera Norte SA")
    open_requirement(app, session, buyer, title="Correas que calzan")
    open_requirement(app, session, buyer, must=["iso-14001"], title="Correas con ISO 14001")
    open_requirement(app, session, buyer, title="Borrador", status="draft")
    session.commit()
    for url in ("/supplier/opportunities", "/dashboard"):
        page = client.get(url).data.decode()
        assert "Correas que calzan" in page and "You qualify" in page
        assert "No ISO 14001 certificate" in page and "Obtain the certificate" in page
        assert ("You would qualify for 1 open requirement from 1 buyer with ISO 14001." in page)
        assert "Borrador" not in page
        assert page.index("Correas que calzan") < page.index("Correas con ISO 14001")


def test_requirement_page_and_applying(app, client, session, make_org, sme, signed_in):
    buyer = make_org("lead_firm")
    req = open_requirement(app, session, buyer)
    draft = open_requirement(app, session, buyer, status="draft")
    closed = open_requirement(app, session, buyer, status="closed")
    session.commit()
    assert client.get(f"/supplier/requirements/{draft.id}").status_code == 404
    assert client.get(f"/supplier/requirements/{closed.id}").status_code == 404
    page = client.get(f"/supplier/requirements/{req.id}")
    assert page.status_code == 200 and b"Send application" in page.data
    empty = client.post(f"/supplier/requirements/{req.id}/apply", data={"message": " "})
    assert empty.status_code == 422 and b"Tell the buyer why" in empty.data
    sent = client.post(f"/supplier/requirements/{req.id}/apply", data={"message": "Podemos"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/supplier/applications")
    again = client.post(f"/supplier/requirements/{req.id}/apply", data={"message": "Otra"})
    assert again.status_code == 422 and b"already applied" in again.data
    applications = session.scalars(select(Application).where(Application.supplier_id == sme.id))
    assert [a.status for a in applications] == ["submitted"]
    listing = client.get("/supplier/applications")
    assert b"Submitted" in listing.data and req.title.encode() in listing.data


def test_withdrawing_an_application(app, client, session, make_org, sme, signed_in):
    req = open_requirement(app, session, make_org("lead_firm"))
    application = Application(requirement_id=req.id, supplier_id=sme.id, message="Hola")
    session.add(application)
    session.commit()
    response = client.post(f"/supplier/applications/{application.id}/withdraw")
    assert response.status_code == 302
    session.refresh(application)
    assert application.status == "withdrawn"


def test_standard_resolution_endpoint(client, signed_in):
    found = client.get("/supplier/standards/resolve?q=iso 14001:2015").get_json()
    assert found["match"]["key"] == "iso-14001" and found["match"]["confidence"] >= 0.88
    unsure = client.get("/supplier/standards/resolve?q=ISO 1400").get_json()
    assert unsure["match"] is None and unsure["suggestions"][0]["name"] == "ISO 14001"
