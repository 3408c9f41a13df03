"""Supplier services: profile, certificates (standard resolution, evidence), opportunities,
applications and who may open an evidence file."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.requirements.models import Application
from supplierlink.suppliers.applications import apply_to_requirement, visible_requirement
from supplierlink.suppliers.opportunities import (
    assess_open_requirements,
    best_unlocks,
    describe_unlock,
)
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    can_see_evidence,
    declare_certification,
    save_profile,
)
from tests.integration.test_suppliers_support import (
    PDF,
    certify,
    fill_profile,
    open_requirement,
    supplier_state,
    uploaded,
)


@pytest.fixture
def sme(make_org, reference_data):
    return make_org("sme")


def pdf_upload(data=PDF, name="iso.pdf"):
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/pdf")


def test_save_profile_stores_codes_regions_capacity_and_employees(app, session, sme):
    with app.app_context():
        save_profile(session, sme, ProfileData(capabilities_text="Correas", capacity=250,
                                               capacity_unit="t_month",
                                               category_codes=["20101501", "20101502"],
                                               regions=["cl-an", "PE"]), employees=40)
    codes, regions, *_rest, employees, _exports = supplier_state(session, sme)
    assert len(codes) == 2 and regions == ["CL-AN", "PE"] and employees == 40


@pytest.mark.parametrize("data, employees, field", [
    (ProfileData(category_codes=["99999999"]), 10, "category_codes"),
    (ProfileData(regions=["XX-ZZ"]), 10, "regions"),
    (ProfileData(capacity=-1), 10, "capacity"),
    (ProfileData(), -3, "employees"),
])
def test_bad_profile_input_changes_nothing(app, session, sme, data, employees, field):
    fill_profile(app, session, sme)
    before = supplier_state(session, sme)
    with app.app_context(), pytest.raises(ServiceError) as caught:
        save_profile(session, sme, data, employees)
    assert field in caught.value.errors
    assert supplier_state(session, sme) == before


def test_a_typed_standard_name_is_resolved_and_the_pdf_stored(app, session, sme):
    files = uploaded(app)
    with app.app_context():
        cert, found = declare_certification(session, sme, None, "ISO 14001:2015",
                                            CertificationData(standard=None), pdf_upload())
    assert cert.standard.key == "iso-14001" and found.confidence >= 0.88
    assert uploaded(app) - files == {cert.evidence_file}
    assert cert.evidence_name == "iso.pdf" and cert.status == "self_declared"


@pytest.mark.parametrize("name, dates, content, field", [
    ("ISO 14OO1 enviro", {}, PDF, "standard"),
    ("ISO 9001", {"issued_on": date(2024, 5, 1), "expires_on": date(2024, 4, 1)}, PDF,
     "expires_on"),
    ("ISO 9001", {"issued_on": date.today() + timedelta(days=3)}, PDF, "issued_on"),
    ("ISO 9001", {}, b"GIF89a...", "evidence"),
    ("ISO 9001", {}, None, "evidence"),
])
def test_bad_certificate_input_changes_nothing_and_leaves_no_file(app, session, sme, name, dates,
                                                                   content, field):
    before, files = supplier_state(session, sme), uploaded(app)
    upload = pdf_upload(content) if content is not None else None
    with app.app_context(), pytest.raises(ServiceError) as caught:
        declare_certification(session, sme, None, name, CertificationData(standard=None, **dates),
                              upload)
    assert field in caught.value.errors
    assert supplier_state(session, sme) == before and uploaded(app) == files


def test_an_unrecognised_standard_names_the_closest_entries(app, session, sme):
    with app.app_context(), pytest.raises(ServiceError) as caught:
        declare_certification(session, sme, None, "ISO 1400", CertificationData(standard=None),
                              pdf_upload())
    with app.app_context():
        message = str(caught.value.errors["standard"][0])
    assert "ISO 14001" in message and "%" in message


def test_opportunities_qualify_gaps_and_what_unlocks_most(app, session, make_org, sme):
    buyer_a, buyer_b = make_org("lead_firm"), make_org("lead_firm")
    fill_profile(app, session, sme)
    certify(app, session, sme, "iso-9001")
    fits = open_requirement(app, session, buyer_a, must=["iso-9001"], title="Fits")
    needs_14001 = [open_requirement(app, session, buyer, must=["iso-14001"], title=f"Env {i}")
                   for i, buyer in enumerate((buyer_a, buyer_a, buyer_b))]
    two_gaps = open_requirement(app, session, buyer_b, must=["iso-14001"], regions=["PE-LIM"],
                                title="Two gaps")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        found = assess_open_requirements(session, sme)
        unlocks = best_unlocks(found)
        sentence = describe_unlock(unlocks[0])
    assert found[0].requirement.id == fits.id and found[0].qualified
    blocked = {o.requirement.id: o for o in found if not o.qualified}
    assert set(blocked) == {r.id for r in needs_14001} | {two_gaps.id}
    assert [g["kind"] for g in blocked[two_gaps.id].blocking] == ["missing_standard",
                                                                  "region_not_served"]
    assert unlocks[0].action.value == "iso-14001" and len(unlocks[0].requirements) == 3
    assert sentence == "You would qualify for 3 open requirements from 2 buyers with ISO 14001."


def test_a_certificate_becomes_a_gap_on_the_day_it_expires(app, session, make_org, sme):
    fill_profile(app, session, sme)
    expiry = date.today() + timedelta(days=10)
    certify(app, session, sme, "iso-9001", issued_on=date.today() - timedelta(days=300),
            expires_on=expiry)
    open_requirement(app, session, make_org("lead_firm"), must=["iso-9001"])
    with app.app_context():
        on_last_day = assess_open_requirements(session, sme, today=expiry)[0]
        day_after = assess_open_requirements(session, sme, today=expiry + timedelta(days=1))[0]
    assert on_last_day.qualified
    assert not day_after.qualified and day_after.blocking[0]["kind"] == "expired_standard"


def test_a_new_certificate_re_ranks_open_requirements(app, session, make_org, sme):
    fill_profile(app, session, sme)
    req = open_requirement(app, session, make_org("lead_firm"), must=["iso-45001"])
    with app.app_context():
        declare_certification(session, sme, None, "ISO 45001", CertificationData(standard=None),
                              pdf_upload())
        session.commit()  # ranking runs after the commit
    stored = session.scalar(select(MatchResult).where(MatchResult.requirement_id == req.id,
                                                      MatchResult.supplier_id == sme.id))
    assert stored is not None and stored.qualified


def test_one_application_per_open_requirement(app, session, make_org, sme):
    buyer = make_org("lead_firm")
    req = open_requirement(app, session, buyer)
    closed = open_requirement(app, session, buyer, status="closed")
    with app.app_context():
        application = apply_to_requirement(session, sme, None, req, "Podemos entregar")
        assert application.status == "submitted"
        for target, message in ((req, "Otra vez"), (closed, "Tarde"), (req, "  ")):
            with pytest.raises(ServiceError):
                apply_to_requirement(session, make_org("sme") if message == "  " else sme,
                                     None, target, message)
    assert len(session.scalars(select(Application)).all()) == 1


def test_requirements_visible_to_an_sme(app, session, make_org, sme):
    buyer = make_org("lead_firm")
    draft = open_requirement(app, session, buyer, status="draft")
    closed = open_requirement(app, session, buyer, status="closed")
    applied_then_closed = open_requirement(app, session, buyer)
    session.add(Application(requirement_id=applied_then_closed.id, supplier_id=sme.id,
                            message="Hola", status="submitted"))
    applied_then_closed.status = "closed"
    session.flush()
    assert visible_requirement(session, sme, draft.id) is None
    assert visible_requirement(session, sme, closed.id) is None
    assert visible_requirement(session, sme, applied_then_closed.id) is applied_then_closed


def test_who_may_see_evidence(app, session, make_org, make_user, sme):
    buyer, other_buyer = make_org("lead_firm"), make_org("lead_firm")
    req = open_requirement(app, session, buyer)
    session.add(Application(requirement_id=req.id, supplier_id=sme.id, message="Hola",
                            applied_at=utcnow()))
    cert = certify(app, session, sme, "iso-9001")
    users = {name: make_user(org) for name, org in
             (("owner", sme), ("buyer", buyer), ("other_buyer", other_buyer),
              ("other_sme", make_org("sme")))}
    users["admin"] = make_user(None, is_admin=True)
    session.flush()
    seen = {name: can_see_evidence(session, user, cert) for name, user in users.items()}
    assert seen == {"owner": True, "buyer": True, "other_buyer": False, "other_sme": False,
                    "admin": True}
