"""Posting, editing and publishing requirements through the services: validation, the version
check and re-ranking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from supplierlink import signals
from supplierlink.catalogue.models import Standard
from supplierlink.errors import ConflictError, ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import (
    RequirementData,
    post_requirement,
    set_status,
    update_requirement,
)
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    set_certification_status,
    update_profile,
)

CODE = "20101501"  # Continuous mining equipment


def make_supplier(session, make_org, name, standards=(), verified=(), capacity=100.0,
                  regions=("CL-AN",), admin=None, expires_on=None):
    """An SME with a profile in ``CODE`` and certificates for ``standards`` (keys)."""
    org = make_org("sme", legal_name=name)
    update_profile(session, org, ProfileData(capabilities_text="Mining equipment maintenance",
                                             capacity=capacity, capacity_unit="t_month",
                                             category_codes=[CODE],
                                             regions=list(regions)))
    for key in standards:
        standard = session.scalar(select(Standard).where(Standard.key == key))
        cert = add_certification(session, org, CertificationData(
            standard=standard, issued_on=date.today() - timedelta(days=100),
            expires_on=expires_on or date.today() + timedelta(days=700)))
        if key in verified:
            set_certification_status(session, cert, "verified", admin)
    signals.supplier_changed.send(session, organisation_id=org.id)
    return org


def requirement_data(**overrides) -> RequirementData:
    values = {"title": "Continuous miner overhaul", "category_codes": [CODE],
              "description": "Overhaul of continuous miners", "must_standards": ["iso-9001"],
              "min_capacity": 50, "capacity_unit": "t_month", "regions": ["CL-AN"],
              "need_date": date.today() + timedelta(days=90)}
    values.update(overrides)
    return RequirementData(**values)


def build_scenario(app, session, make_org, make_user) -> dict:
    """A lead firm, a qualified supplier (verified ISO 9001) and a near miss (no ISO 9001)."""
    with app.app_context():
        admin = make_user(None, is_admin=True)
        buyer = make_org("lead_firm", legal_name="Minera Norte SA")
        buyer_user = make_user(buyer)
        qualified = make_supplier(session, make_org, "Maestranza Uno", ["iso-9001"],
                                  verified=["iso-9001"], admin=admin)
        near = make_supplier(session, make_org, "Talleres Dos", ["iso-14001"])
        session.flush()
    return {"buyer": buyer, "user": buyer_user, "qualified": qualified, "near": near,
            "admin": admin}


@pytest.fixture
def scenario(app, session, make_org, make_user, reference_data):
    return build_scenario(app, session, make_org, make_user)


def _results(session, req):
    return {r.supplier_id: r for r in session.scalars(
        select(MatchResult).where(MatchResult.requirement_id == req.id))}


def test_publishing_ranks_qualified_suppliers_and_near_misses(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
        session.commit()  # ranking runs after the commit
        session.refresh(req)
    results = _results(session, req)
    assert req.status == "open" and req.published_at is not None and req.ranked_at is not None
    assert results[scenario["qualified"].id].qualified
    near = results[scenario["near"].id]
    assert not near.qualified
    assert [g["kind"] for g in near.gaps if g["blocking"]] == ["missing_standard"]


def test_a_draft_is_ranked_as_a_preview(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data())
        session.commit()  # ranking runs after the commit
    assert req.status == "draft"
    assert scenario["qualified"].id in _results(session, req)


@pytest.mark.parametrize("overrides, field", [
    ({"category_codes": ["99999999"]}, "category_codes"),
    ({"must_standards": ["no-such-standard"]}, "must_standards"),
    ({"need_date": date.today() - timedelta(days=1)}, "need_date"),
    ({"min_capacity": -5}, "min_capacity"),
    ({"regions": ["XX-ZZ"]}, "regions"),
])
def test_bad_input_is_refused_and_nothing_is_stored(app, session, scenario, overrides, field):
    before = session.scalar(select(func.count()).select_from(Requirement))
    with app.app_context(), pytest.raises(ServiceError) as caught:
        post_requirement(session, scenario["buyer"], scenario["user"],
                         requirement_data(**overrides))
    assert field in caught.value.errors
    assert session.scalar(select(func.count()).select_from(Requirement)) == before


def test_a_stale_edit_is_a_conflict(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
        seen = req.version
        update_requirement(session, req, requirement_data(title="First editor"), seen)
        assert req.version > seen
        with pytest.raises(ConflictError):
            update_requirement(session, req, requirement_data(title="Second editor"), seen)
    assert req.title == "First editor"


def test_an_edit_of_the_lists_only_bumps_the_version(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data())
        seen = req.version
        update_requirement(session, req, requirement_data(regions=["CL-AN", "CL-AT"]), seen)
    assert [r.region_code for r in req.regions] == ["CL-AN", "CL-AT"]
    assert req.version > seen


def test_editing_re_ranks(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data(),
                               publish=True)
        update_requirement(session, req, requirement_data(must_standards=[]), req.version)
        session.commit()  # ranking runs after the commit
    assert _results(session, req)[scenario["near"].id].qualified


def test_status_changes_follow_the_rules(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data())
        set_status(session, req, "open", req.version)
        set_status(session, req, "closed", req.version)
        set_status(session, req, "open", req.version)
        with pytest.raises(ServiceError):
            set_status(session, req, "draft", req.version)
        with pytest.raises(ConflictError):
            set_status(session, req, "closed", req.version - 1)
    assert req.status == "open"


def test_publishing_a_draft_whose_need_date_passed_is_refused(app, session, scenario):
    with app.app_context():
        req = post_requirement(session, scenario["buyer"], scenario["user"], requirement_data())
        req.need_date = date.today() - timedelta(days=2)
        session.flush()
        with pytest.raises(ServiceError) as caught:
            set_status(session, req, "open", req.version)
    assert "status" in caught.value.errors and req.status == "draft"
