"""API writes: every endpoint with the token rules (none, expired or revoked → 401, read-only →
403), another organisation's object (404, nothing changed), a bad body (the field at fault,
nothing changed), and what a good request changes — through the same services as the pages."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select

from supplierlink.api.tokens import create_token, revoke_token
from supplierlink.audit.models import AuditEvent
from supplierlink.db import utcnow
from supplierlink.matches.models import MatchResult
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import (
    Enrolment,
    EnrolmentEvent,
    KpiObservation,
    Milestone,
    Programme,
)
from supplierlink.requirements.models import Application, Requirement
from supplierlink.suppliers.models import Certification, SupplierProfile
from tests.functional.access import ACTORS
from tests.functional.access.api import WRITES
from tests.functional.test_api_access import (
    api_world,  # noqa: F401  (fixture)
    bearer,
)

TODAY = date.today()
PDF = base64.b64encode(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n").decode()


def url_of(endpoint, ids):
    method, template = WRITES[endpoint]
    return method, template.format(**ids)


def call(client, tokens, actor, endpoint, ids, body=None, scope="read_write", query=""):
    method, url = url_of(endpoint, ids)
    secret = tokens[actor][scope] if actor else None
    return client.open(url + query, method=method, json=body if body is not None else {},
                       headers=bearer(secret))


def fields(response) -> set:
    return {e["field"] for e in response.get_json().get("errors", [])}


def test_every_write_refuses_missing_expired_and_revoked_tokens(client, session, api_world):  # noqa: F811
    w, ids, _tokens = api_world
    expired = create_token(session, w.users["sme"], "old", "read_write", 1)
    expired.token.expires_at = utcnow() - timedelta(seconds=1)
    revoked = create_token(session, w.users["sme"], "gone", "read_write", 30)
    revoke_token(session, revoked.token)
    session.commit()
    for endpoint in WRITES:
        method, url = url_of(endpoint, ids)
        for secret in (None, expired.secret, revoked.secret, "slk_made-up"):
            got = client.open(url, method=method, json={}, headers=bearer(secret))
            assert got.status_code == 401, (endpoint, secret)
            assert got.mimetype == "application/problem+json"


def test_a_read_only_token_writes_nothing_anywhere(client, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    for endpoint in WRITES:
        for actor in ACTORS[1:]:
            got = call(client, tokens, actor, endpoint, ids, scope="read")
            assert got.status_code == 403, (endpoint, actor)
            assert got.mimetype == "application/problem+json"


def good_bodies(ids, versions) -> dict:
    """A valid body for each write (what the object's owner may send)."""
    return {
        "api_core.update_organisation_details": {"town": "Antofagasta"},
        "api_core.update_supplier_profile": {"version": versions["profile"],
                                             "capacity": 40, "capacity_unit": "t_month"},
        "api_core.declare_certificate": {"standard": "ISO 14001", "evidence_pdf": PDF},
        "api_core.edit_certificate": {"scope": "Mantención"},
        "api_core.renew_certificate": {"issued_on": TODAY.isoformat(), "evidence_pdf": PDF},
        "api_core.withdraw_certificate": None,
        "api_core.update_requirement_details": {"version": versions["requirement"],
                                                "title": "Otro título"},
        "api_core.set_requirement_status": {"status": "closed", "confirm": True,
                                            "version": versions["requirement"]},
        "api_core.act_on_a_candidate": {"action": "shortlist"},
        "api_core.withdraw": None,
        "api_programmes.create": {"name": "Programme", "target_count": 5,
                                  "start_date": TODAY.isoformat(),
                                  "end_date": (TODAY + timedelta(days=300)).isoformat()},
        "api_programmes.update": {"target_count": 12},
        "api_programmes.offer": {"supplier_id": ids["other_sme_id"],
                                 "requirement_id": ids["requirement_id"]},
        "api_programmes.answer": {"status": "active"},
        "api_programmes.complete_milestone": {"version": versions["milestone"],
                                              "achieved_on": TODAY.isoformat(),
                                              "note": "Acta firmada"},
        "api_programmes.record": {"observed_on": TODAY.isoformat(), "values": {"sales": 5.0}},
    }


def versions_of(session, ids) -> dict:
    profile = session.get(SupplierProfile, ids["candidate_id"])
    return {"profile": profile.version if profile else 0,
            "requirement": session.get(Requirement, ids["req_id"]).version,
            "milestone": session.get(Milestone, ids["milestone_id"]).version}


#: each write, the actors that may do it (their success status), and those that see the
#: object but may not change it (403); every other actor gets 404 or, for creations that name
#: no object, 403.
OWNERS = {
    "api_core.update_organisation_details": ({"sme": 200}, ()),
    "api_core.update_supplier_profile": ({"sme": 200}, ()),
    "api_core.declare_certificate": ({"sme": 201}, ()),
    "api_core.edit_certificate": ({"sme": 200}, ()),
    "api_core.renew_certificate": ({"sme": 201}, ()),
    "api_core.withdraw_certificate": ({"sme": 200}, ()),
    "api_core.update_requirement_details": ({"buyer": 200}, ()),
    "api_core.set_requirement_status": ({"buyer": 200}, ()),
    "api_core.act_on_a_candidate": ({"buyer": 200}, ()),
    "api_core.withdraw": ({"sme": 200}, ()),
    "api_programmes.create": ({"manager": 201, "other_manager": 201}, "*"),
    # the sponsor reads the programme; only its operator changes it
    "api_programmes.update": ({"manager": 200}, ("buyer", "admin")),
    # the operator and the accepted sponsor may offer places
    "api_programmes.offer": ({"manager": 201, "buyer": 200}, ("admin",)),
    # the operator sees the offer; only the SME answers it
    "api_programmes.answer": ({"offered_sme": 200}, ("manager", "admin")),
    "api_programmes.complete_milestone": ({"manager": 200}, ("buyer", "sme", "admin")),
    "api_programmes.record": ({"manager": 201}, ("buyer", "sme", "admin")),
}


def test_each_write_is_its_owners_alone(client, session, api_world):  # noqa: F811
    """Every actor but the owner is refused (404 for another organisation's object, 403 for
    one it sees but may not change); then the owner succeeds. Refused requests change
    nothing."""
    w, ids, tokens = api_world
    ids = {**ids, "other_sme_id": w.orgs["other_sme"].id}
    failures = []
    for endpoint, (owners, readers) in OWNERS.items():
        body = good_bodies(ids, versions_of(session, ids))[endpoint]
        before = session.scalar(select(func.count(AuditEvent.id)))
        for actor in ACTORS[1:]:
            if actor in owners:
                continue
            want = 403 if readers == "*" or actor in readers else 404
            got = call(client, tokens, actor, endpoint, ids, body)
            if got.status_code != want:
                failures.append(f"{actor} {endpoint}: {got.status_code}, want {want} "
                                f"{got.get_data(as_text=True)[:200]}")
        session.expire_all()
        assert session.scalar(select(func.count(AuditEvent.id))) == before, endpoint
        for actor, want in owners.items():
            body = good_bodies(ids, versions_of(session, ids))[endpoint]
            got = call(client, tokens, actor, endpoint, ids, body)
            if got.status_code != want:
                failures.append(f"{actor} {endpoint}: {got.status_code}, want {want} "
                                f"{got.get_data(as_text=True)[:300]}")
            elif want == 201:
                if endpoint == "api_core.renew_certificate":
                    ids["cert_id"] = got.get_json()["id"]  # the old one is history now
                assert got.headers["Location"].startswith("/api/v1/"), endpoint
                assert client.get(got.headers["Location"], headers=bearer(
                    tokens[actor]["read"])).status_code == 200, endpoint
            session.expire_all()
    assert not failures, "\n".join(failures)


#: a bad body for each write, sent by its owner: the status and the field named
BAD = {
    "api_core.update_organisation_details": ("sme", {"region": "ZZ-99"}, 422, "region"),
    "api_core.update_supplier_profile": ("sme", {"categories": ["99999999"]}, 422,
                                         "categories"),
    "api_core.declare_certificate": ("sme", {"standard": "ISO 14001",
                                             "evidence_pdf": base64.b64encode(b"hello").decode()},
                                     422, "evidence_pdf"),
    "api_core.edit_certificate": ("sme", {"issued_on": (TODAY + timedelta(days=9)).isoformat()},
                                  422, "issued_on"),
    "api_core.renew_certificate": ("sme", {"issued_on": TODAY.isoformat(),
                                           "expires_on": (TODAY - timedelta(days=9)).isoformat(),
                                           "evidence_pdf": PDF}, 422, "expires_on"),
    "api_core.update_requirement_details": ("buyer", {"need_date": "2001-01-01"}, 422,
                                            "need_date"),
    "api_core.set_requirement_status": ("buyer", {"status": "closed"}, 422, "confirm"),
    "api_core.act_on_a_candidate": ("buyer", {"action": "reject"}, 422, "reason"),
    "api_programmes.create": ("manager", {"name": "P", "target_count": 5,
                                          "start_date": TODAY.isoformat(),
                                          "end_date": (TODAY - timedelta(days=1)).isoformat()},
                              422, "end_date"),
    "api_programmes.update": ("manager", {"target_count": 0}, 422, "target_count"),
    "api_programmes.offer": ("manager", {"supplier_id": "buyer_org", "requirement_id": 1},
                             422, "supplier_id"),
    "api_programmes.answer": ("offered_sme", {"status": "maybe"}, 422, "status"),
    "api_programmes.complete_milestone": ("manager", {"achieved_on": TODAY.isoformat()}, 422,
                                          "note"),
    "api_programmes.record": ("manager", {"observed_on": TODAY.isoformat(),
                                          "values": {"sales": -3}}, 422, "values.sales"),
}


def test_a_bad_body_names_the_field_and_changes_nothing(client, session, api_world):  # noqa: F811
    w, ids, tokens = api_world
    versions = versions_of(session, ids)
    failures = []
    for endpoint, (actor, body, want, field) in BAD.items():
        if endpoint in ("api_core.update_supplier_profile",
                        "api_core.update_requirement_details",
                        "api_core.set_requirement_status",
                        "api_programmes.complete_milestone"):
            key = {"api_core.update_supplier_profile": "profile",
                   "api_programmes.complete_milestone": "milestone"}.get(endpoint, "requirement")
            body = {**body, "version": versions[key]}
        if body.get("supplier_id") == "buyer_org":  # a lead firm is no SME to enrol
            body = {**body, "supplier_id": w.orgs["buyer"].id,
                    "requirement_id": ids["requirement_id"]}
        before = session.scalar(select(func.count(AuditEvent.id)))
        got = call(client, tokens, actor, endpoint, ids, body)
        if got.status_code != want or got.mimetype != "application/problem+json" \
                or field not in fields(got):
            failures.append(f"{endpoint}: {got.status_code} {got.get_data(as_text=True)[:300]}")
        session.expire_all()
        assert session.scalar(select(func.count(AuditEvent.id))) == before, endpoint
    assert not failures, "\n".join(failures)
    # the objects are as they were
    assert session.get(Organisation, ids["candidate_id"]).region != "ZZ-99"
    assert session.get(Requirement, ids["req_id"]).version == versions["requirement"]
    assert session.get(Milestone, ids["milestone_id"]).achieved_on is None


def test_organisation_and_profile_changes_go_through_the_page_services(
        client, session, api_world):  # noqa: F811
    w, ids, tokens = api_world
    sme = tokens["sme"]["read_write"]
    org_url = f"/api/v1/organisations/{ids['candidate_id']}"
    legal_name = session.get(Organisation, ids["candidate_id"]).legal_name
    got = client.patch(org_url, json={"town": "Calama", "employees": 60}, headers=bearer(sme))
    assert got.status_code == 200, got.get_json()
    assert got.get_json()["town"] == "Calama" and got.get_json()["size_class"] == "medium"
    assert got.get_json()["legal_name"] == legal_name  # not sent: kept
    # a country off the form's list is refused by name
    got = client.patch(org_url, json={"country": "ZZ"}, headers=bearer(sme))
    assert got.status_code == 422 and fields(got) == {"country"}
    # a member who is not an owner may not change the organisation (as on the page)
    member = w.make_user(w.orgs["sme"], role="member")
    member_token = create_token(session, member, "m", "read_write", 5).secret
    session.commit()
    assert client.patch(org_url, json={"town": "Arica"},
                        headers=bearer(member_token)).status_code == 403

    profile_url = f"/api/v1/suppliers/{ids['candidate_id']}/profile"
    version = client.get(profile_url, headers=bearer(sme)).get_json()["version"]
    body = {"version": version, "categories": ["20101501"], "regions": ["CL-AN", "PE"],
            "capacity": 25, "capacity_unit": "t_month", "capabilities_text": "Correas"}
    got = client.patch(profile_url, json=body, headers=bearer(sme))
    assert got.status_code == 200, got.get_json()
    profile = got.get_json()
    assert [c["code"] for c in profile["capabilities"]] == ["20101501"]
    assert profile["regions"] == ["CL-AN", "PE"] and profile["capacity"] == 25
    assert profile["capacity_unit"] == "t_month" and profile["version"] == version + 1
    # a capacity without its unit is the page's error, on the unit
    got = client.patch(profile_url, json={"version": version + 1, "capacity_unit": None},
                       headers=bearer(sme))
    assert got.status_code == 422 and "capacity_unit" in fields(got)
    # the version read before the last save is stale: 409, nothing written
    got = client.patch(profile_url, json={"version": version, "capabilities_text": "x"},
                       headers=bearer(sme))
    assert got.status_code == 409 and got.mimetype == "application/problem+json"
    session.expire_all()
    assert session.get(SupplierProfile, ids["candidate_id"]).capabilities_text == "Correas"


def test_certificate_life_through_the_api(client, session, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    sme = bearer(tokens["sme"]["read_write"])
    got = client.post(f"/api/v1/suppliers/{ids['candidate_id']}/certifications", headers=sme,
                      json={"standard": "iso 14001", "body": "Bureau Veritas",
                            "issued_on": (TODAY - timedelta(days=30)).isoformat(),
                            "expires_on": (TODAY + timedelta(days=700)).isoformat(),
                            "evidence_pdf": PDF, "evidence_name": "iso14001.pdf"})
    assert got.status_code == 201, got.get_json()
    cert = got.get_json()
    assert cert["standard_key"] == "iso-14001" and cert["status"] == "self_declared"
    assert cert["has_evidence"] and got.headers["Location"] == f"/api/v1/certifications/{cert['id']}"
    # the page requires the PDF: so does the API
    got = client.post(f"/api/v1/suppliers/{ids['candidate_id']}/certifications", headers=sme,
                      json={"standard": "iso 14001"})
    assert got.status_code == 422 and "evidence_pdf" in fields(got)

    got = client.patch(f"/api/v1/certifications/{cert['id']}", headers=sme,
                       json={"number": "BV-77"})
    assert got.status_code == 200 and got.get_json()["number"] == "BV-77"
    assert got.get_json()["body"] == "Bureau Veritas"  # not sent: kept

    got = client.post(f"/api/v1/certifications/{cert['id']}/renewal", headers=sme,
                      json={"issued_on": TODAY.isoformat(), "evidence_pdf": PDF,
                            "expires_on": (TODAY + timedelta(days=1000)).isoformat()})
    assert got.status_code == 201, got.get_json()
    renewed = got.get_json()
    session.expire_all()
    old = session.get(Certification, cert["id"])
    assert old.status == "superseded" and old.superseded_by_id == renewed["id"]
    # history cannot change
    assert client.patch(f"/api/v1/certifications/{cert['id']}", headers=sme,
                        json={"number": "X"}).status_code == 404

    got = client.delete(f"/api/v1/certifications/{renewed['id']}?reason=Ya+no+aplica",
                        headers=sme)
    assert got.status_code == 200 and got.get_json()["status"] == "withdrawn"
    session.expire_all()
    assert session.get(Certification, renewed["id"]).status_reason == "Ya no aplica"


def test_requirement_edit_status_and_candidate_actions(client, session, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    buyer = bearer(tokens["buyer"]["read_write"])
    url = f"/api/v1/requirements/{ids['req_id']}"
    version = client.get(url, headers=buyer).get_json()["version"]
    got = client.patch(url, headers=buyer, json={
        "version": version, "title": "Mantención mayor", "min_capacity": 10,
        "capacity_unit": "t_month", "regions": ["CL-AN"]})
    assert got.status_code == 200, got.get_json()
    req = got.get_json()
    assert req["title"] == "Mantención mayor" and req["version"] > version
    assert req["categories"] == ["20101501"]  # not sent: kept
    stale = client.patch(url, headers=buyer, json={"version": version, "title": "Viejo"})
    assert stale.status_code == 409
    version = req["version"]

    # the requirement was published: reopening is not a move from open
    got = client.put(f"{url}/status", headers=buyer, json={"status": "open",
                                                           "version": version})
    assert got.status_code == 422 and "status" in fields(got)
    got = client.put(f"{url}/status", headers=buyer, json={"status": "closed",
                                                           "version": version, "confirm": True})
    assert got.status_code == 200 and got.get_json()["status"] == "closed"
    got = client.put(f"{url}/status", headers=buyer,
                     json={"status": "open", "version": got.get_json()["version"]})
    assert got.status_code == 200 and got.get_json()["status"] == "open"

    action = f"{url}/candidates/{ids['candidate_id']}/action"
    got = client.post(action, headers=buyer, json={"action": "shortlist"})
    assert got.status_code == 200 and got.get_json()["status"] == "shortlisted"
    # the SME is not ranked as qualified: awarding it needs the override reason, as on the page
    session.execute(delete(MatchResult).where(MatchResult.requirement_id == ids["req_id"]))
    session.commit()
    got = client.post(action, headers=buyer, json={"action": "award"})
    assert got.status_code == 422 and fields(got) == {"confirm"}
    got = client.post(action, headers=buyer, json={"action": "award", "confirm": True})
    assert got.status_code == 422 and "override_reason" in fields(got)
    got = client.post(action, headers=buyer, json={
        "action": "award", "confirm": True, "override_reason": "Único proveedor en la zona"})
    assert got.status_code == 200 and got.get_json()["status"] == "awarded"
    session.expire_all()
    application = session.scalar(select(Application).where(
        Application.requirement_id == ids["req_id"],
        Application.supplier_id == ids["candidate_id"]))
    assert application.override_reason == "Único proveedor en la zona"
    assert session.get(Requirement, ids["req_id"]).status == "awarded"
    events = set(session.scalars(select(AuditEvent.event).where(
        AuditEvent.user_id == _w.users["buyer"].id)))
    assert {"award-made", "application-status-changed"} <= events  # audited as its user
    # a supplier that is no candidate: 404
    got = client.post(f"{url}/candidates/{_w.orgs['other_buyer'].id}/action", headers=buyer,
                      json={"action": "shortlist"})
    assert got.status_code == 404


def test_an_sme_withdraws_its_application(client, session, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    url = f"/api/v1/applications/{ids['application_id']}"
    got = client.delete(url, headers=bearer(tokens["sme"]["read_write"]))
    assert got.status_code == 200 and got.get_json()["status"] == "withdrawn"
    assert client.get(url, headers=bearer(tokens["sme"]["read"])).get_json()["status"] == \
        "withdrawn"


def test_programme_enrolment_milestone_and_kpis(client, session, api_world):  # noqa: F811
    w, ids, tokens = api_world
    manager = bearer(tokens["manager"]["read_write"])
    got = client.post("/api/v1/programmes", headers=manager, json={
        "name": "Desarrollo de proveedores", "target_count": 8, "sponsor_ids": [
            w.orgs["other_buyer"].id], "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=365)).isoformat()})
    assert got.status_code == 201, got.get_json()
    created = got.get_json()
    # naming a sponsor only invites it
    assert created["sponsor_ids"] == []
    got = client.patch(f"/api/v1/programmes/{created['id']}", headers=manager,
                       json={"name": "Desarrollo 2027", "target_count": 9})
    assert got.status_code == 200
    assert (got.get_json()["name"], got.get_json()["target_count"]) == ("Desarrollo 2027", 9)
    assert got.get_json()["start_date"] == TODAY.isoformat()

    got = client.post(f"/api/v1/programmes/{ids['programme_id']}/enrolments", headers=manager,
                      json={"supplier_id": w.orgs["other_sme"].id,
                            "requirement_id": ids["requirement_id"]})
    assert got.status_code == 201 and got.get_json()["status"] == "offered"
    offered = session.get(Enrolment, got.get_json()["id"])
    assert offered.plan_items, "the plan is drafted from the gaps"
    # a draft requirement is its lead firm's alone
    got = client.post(f"/api/v1/programmes/{ids['programme_id']}/enrolments", headers=manager,
                      json={"supplier_id": w.orgs["other_sme"].id,
                            "requirement_id": ids["draft_requirement_id"]})
    assert got.status_code == 404

    offered_sme = bearer(tokens["offered_sme"]["read_write"])
    got = client.patch(f"/api/v1/enrolments/{ids['offered_enrolment_id']}", headers=offered_sme,
                       json={"status": "declined"})
    assert got.status_code == 200 and got.get_json()["status"] == "declined"
    got = client.patch(f"/api/v1/enrolments/{ids['offered_enrolment_id']}", headers=offered_sme,
                       json={"status": "active"})
    assert got.status_code == 403  # no offer to answer any more

    milestone = session.get(Milestone, ids["milestone_id"])
    url = f"/api/v1/milestones/{milestone.id}"
    got = client.patch(url, headers=manager, json={
        "version": milestone.version, "achieved_on": TODAY.isoformat(), "note": "Hecho",
        "evidence_pdf": PDF, "evidence_name": "acta.pdf"})
    assert got.status_code == 200, got.get_json()
    assert got.get_json()["achieved_on"] == TODAY.isoformat()
    assert got.get_json()["version"] == milestone.version + 1
    stale = client.patch(url, headers=manager, json={
        "version": milestone.version, "achieved_on": TODAY.isoformat(), "note": "Otra vez"})
    assert stale.status_code == 409

    kpis = f"/api/v1/enrolments/{ids['enrolment_id']}/kpis"
    got = client.post(kpis, headers=manager, json={
        "observed_on": (TODAY - timedelta(days=1)).isoformat(),
        "values": {"sales": 2500.0, "on_time_delivery": 91}})
    assert got.status_code == 201, got.get_json()
    assert {k["metric"] for k in got.get_json()["items"]} == {"sales", "on_time_delivery"}
    got = client.post(kpis, headers=manager, json={"observed_on": TODAY.isoformat(),
                                                   "values": {"on_time_delivery": 140}})
    assert got.status_code == 422 and fields(got) == {"values.on_time_delivery"}
    assert session.scalar(select(func.count(KpiObservation.id)).where(
        KpiObservation.supplier_id == w.orgs["sme"].id)) == 3
    events = {e.kind for e in session.scalars(select(EnrolmentEvent).where(
        EnrolmentEvent.enrolment_id == ids["enrolment_id"]))}
    assert {"milestone_achieved", "kpis_recorded"} <= events

    sme = bearer(tokens["sme"]["read_write"])
    got = client.patch(f"/api/v1/enrolments/{ids['enrolment_id']}", headers=sme,
                       json={"status": "left", "reason": "Cambio de rubro"})
    assert got.status_code == 200 and got.get_json()["status"] == "left"
    assert session.get(Programme, ids["programme_id"]) is not None


@pytest.mark.parametrize("endpoint", ["api_core.update_requirement_details",
                                      "api_programmes.complete_milestone"])
def test_a_missing_version_is_named(client, api_world, endpoint):  # noqa: F811
    _w, ids, tokens = api_world
    actor = "buyer" if "requirement" in endpoint else "manager"
    got = call(client, tokens, actor, endpoint, ids, {"title": "x", "achieved_on": "2020-01-01"})
    assert got.status_code == 422 and "version" in fields(got)


def test_the_document_lists_every_write_with_its_body_and_answers(client):
    doc = client.get("/api/v1/openapi.json").get_json()

    def shape(path):
        return re.sub(r"\{[a-z_]+\}", "{}", path)

    documented = {(shape(path), method.upper()): operation
                  for path, operations in doc["paths"].items()
                  for method, operation in operations.items() if method != "parameters"}
    for endpoint, (method, url) in WRITES.items():
        operation = documented[(shape(url), method)]
        assert operation["security"] if "security" in operation else doc["security"]
        if method != "DELETE":
            assert "application/json" in operation["requestBody"]["content"], endpoint
        assert {"422", "default"} <= set(operation["responses"]) or method == "DELETE", endpoint
    versioned = ("update_supplier_profile", "update_requirement_details",
                 "set_requirement_status", "complete_milestone")
    for endpoint in versioned:
        method, url = next(v for k, v in WRITES.items() if k.endswith(endpoint))
        assert "409" in documented[(shape(url), method)]["responses"], endpoint


def test_an_id_beyond_any_key_is_not_found_on_either_database(client, api_world):  # noqa: F811
    _w, _ids, tokens = api_world
    for method, url in (("PATCH", "/api/v1/organisations/2147483648"),
                        ("GET", "/api/v1/requirements/9999999999"),
                        ("DELETE", "/api/v1/applications/2147483648")):
        got = client.open(url, method=method, json={},
                          headers=bearer(tokens["sme"]["read_write"]))
        assert got.status_code == 404 and got.mimetype == "application/problem+json"
