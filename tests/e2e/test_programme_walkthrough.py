"""The supplier-development story in a real browser: a sponsor (which accepted the operator's
invitation) offers a near-miss supplier of its requirement a place in a programme; the supplier
sees who would see its data and accepts; the programme manager completes the supplier's plan
item with the ISO 9001 certificate as evidence, which asks for its verification; an
administrator verifies it; the supplier now qualifies for the requirement and the programme's
progress moves; the supplier sees its plan and history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser_steps import sign_in, submit

from supplierlink.auth.services import add_member, create_user
from supplierlink.matches.services import rank_requirement
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit
from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
)
from supplierlink.programmes.sponsorship import answer_sponsorship
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.suppliers.services import ProfileData, update_profile

PASSWORD = "programme walkthrough 2026"
CODE = "20101501"
CANDIDATES = "section[aria-labelledby=candidates-heading] article h3"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _org(session, kind, name, serial):
    body = str(76_900_000 + serial * 61)
    return create_organisation(session, OrganisationData(
        kind=kind, legal_name=name, country="CL", tax_id=f"{body}-{rut_check_digit(body)}",
        region="CL-AN", employees=30))


def _user(session, org, email):
    user = create_user(session, email, email.split("@")[0].title(), PASSWORD)
    add_member(session, user, org, role="owner")
    return user


def arrange(session) -> dict:
    today = date.today()
    buyer = _org(session, "lead_firm", "Minera Pampa SA", 1)
    buyer_user = _user(session, buyer, "sponsor@e2e-prog.example.org")
    supplier = _org(session, "sme", "Correas Atacama SpA", 2)
    _user(session, supplier, "sme@e2e-prog.example.org")
    operator = _org(session, "programme_operator", "Cluster Minero del Norte", 3)
    manager = _user(session, operator, "manager@e2e-prog.example.org")
    update_profile(session, supplier, ProfileData(
        capabilities_text="Overhaul and repair of continuous mining equipment and conveyors",
        capacity=300, capacity_unit="t_month", category_codes=[CODE], regions=["CL-AN"]))
    requirement = create_requirement(session, buyer, buyer_user, RequirementData(
        title="Conveyor overhaul, Antofagasta",
        description="Overhaul and repair of continuous mining equipment and conveyors",
        category_codes=[CODE], must_standards=["iso-9001"], min_capacity=50,
        capacity_unit="t_month",
        regions=["CL-AN"], need_date=today + timedelta(days=150)))
    change_status(session, requirement, "open")
    rank_requirement(session, requirement)
    programme = create_programme(session, operator, manager, ProgrammeData(
        name="Clase Mundial ISO 9001", target_count=1, target_kind="standard",
        target_standard_key="iso-9001", start_date=today - timedelta(days=90),
        end_date=today + timedelta(days=700), sponsor_ids=[buyer.id]))
    answer_sponsorship(session, programme, buyer, buyer_user, accept=True)
    create_user(session, "admin@e2e-prog.example.org", "Admin", PASSWORD, is_admin=True)
    cohort = add_cohort(session, programme, "Cohorte piloto", today - timedelta(days=30))
    return {"requirement": requirement.id, "supplier": supplier.id, "programme": programme.id,
            "cohort": cohort.id}


@pytest.fixture
def story(live_server):
    return live_server.run(arrange)


def test_programme_walkthrough(live_server, new_page, screenshot, story):
    server = live_server
    requirement_url = f"{server.url}/requirements/{story['requirement']}"
    programme_url = f"{server.url}/programmes/{story['programme']}"

    sponsor = new_page()
    sign_in(sponsor, server, "sponsor@e2e-prog.example.org", PASSWORD)
    sponsor.goto(requirement_url)
    assert "Correas Atacama SpA" not in sponsor.locator(CANDIDATES).all_inner_texts()
    # the near miss's "enrol in a programme" link
    sponsor.goto(f"{server.url}/programmes/enrol?requirement_id={story['requirement']}"
                 f"&supplier_id={story['supplier']}")
    assert "ISO 9001" in sponsor.inner_text("main")
    sponsor.select_option("#programme_cohort", f"{story['programme']}:{story['cohort']}")
    screenshot(sponsor, "prog-01-sponsor-enrols-near-miss")
    submit(sponsor, "Enrol", requirement_url)  # the offer waits for the supplier

    sme = new_page()
    sign_in(sme, server, "sme@e2e-prog.example.org", PASSWORD)
    sme.goto(f"{server.url}/programmes/my-plan")
    sme.get_by_role("link", name="Open my plan").click()
    enrolment_url = sme.url
    assert "Obtain the certification: ISO 9001" in sme.inner_text("main")
    viewers = sme.inner_text("ul.viewers")
    assert "Cluster Minero del Norte" in viewers and "Minera Pampa SA" in viewers
    screenshot(sme, "prog-01b-sme-sees-who-would-see-its-data")
    submit(sme, "Accept and join", enrolment_url)

    manager = new_page()
    sign_in(manager, server, "manager@e2e-prog.example.org", PASSWORD)
    manager.goto(programme_url)
    assert "0 / 1" in manager.inner_text(".programme-status")
    manager.goto(enrolment_url)
    manager.get_by_role("link", name="Mark done").click()
    manager.fill("#body", "Bureau Veritas Chile")
    manager.fill("#number", "BV-CL-9001-77")
    manager.fill("#issued_on", (date.today() - timedelta(days=2)).isoformat())
    manager.fill("#expires_on", (date.today() + timedelta(days=1000)).isoformat())
    manager.fill("#note", "Certification audit passed without non-conformities.")
    manager.set_input_files("#evidence", files=[{"name": "iso9001.pdf",
                                                 "mimeType": "application/pdf", "buffer": PDF}])
    screenshot(manager, "prog-02-manager-records-certificate")
    submit(manager, "Mark done", enrolment_url)
    assert "Awaiting verification" in manager.inner_text("#plan-title ~ div")

    admin = new_page()
    sign_in(admin, server, "admin@e2e-prog.example.org", PASSWORD)
    admin.goto(f"{server.url}/admin/certificates")
    admin.get_by_role("link", name="Review (Correas Atacama SpA").first.click()
    admin.check("input[name=status][value=verified]")
    submit(admin, "Record decision", f"{server.url}/admin/certificates")
    manager.goto(enrolment_url)
    assert "Verified" in manager.inner_text("#plan-title ~ div")
    screenshot(manager, "prog-03-enrolment-after-certificate")

    sponsor.goto(requirement_url)
    assert "Correas Atacama SpA" in " ".join(sponsor.locator(CANDIDATES).all_inner_texts())
    screenshot(sponsor, "prog-04-supplier-now-qualifies")

    manager.goto(programme_url)
    status = manager.inner_text(".programme-status")
    assert "1 / 1" in status and "Target reached" in status
    screenshot(manager, "prog-05-programme-progress")

    sme.goto(f"{server.url}/programmes/my-plan")
    sme.get_by_role("link", name="Open my plan").click()
    history = sme.inner_text("ol.timeline")
    assert "Enrolled" in history and "Certificate ISO 9001" in history
    screenshot(sme, "prog-06-sme-plan-and-history")
