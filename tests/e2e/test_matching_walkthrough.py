"""The matching story in a real browser: an SME registers and adds a certificate; a lead firm
posts a requirement the SME narrowly misses and sees it among the near misses with the right
gap; the SME sees the same gap among its opportunities; an administrator verifies another
supplier's certificate and the ranking changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser_steps import last_link, sign_in, submit
from sqlalchemy import select

from supplierlink import signals
from supplierlink.auth.services import add_member, create_user
from supplierlink.catalogue.models import Standard
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    set_certification_status,
    update_profile,
)

PASSWORD = "walkthrough password 2026"
CODE = "20101501"  # Continuous mining equipment
TEXT = "Overhaul and repair of continuous mining equipment and conveyors"
CANDIDATES = "section[aria-labelledby=candidates-heading] article h3"
MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
               b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def rut(serial: int) -> str:
    body = str(76_500_000 + serial * 53)
    return f"{body}-{rut_check_digit(body)}"


def _standard(session, key):
    return session.scalar(select(Standard).where(Standard.key == key))


def _org(session, kind, name, serial):
    return create_organisation(session, OrganisationData(
        kind=kind, legal_name=name, country="CL", tax_id=rut(serial), region="CL-AN",
        employees=40))


def _user(session, org, email, **extra):
    user = create_user(session, email, email.split("@")[0].title(), PASSWORD, **extra)
    if org is not None:
        add_member(session, user, org, role="owner")
    return user


def arrange(session) -> dict:
    """A buyer, an administrator, and two identical certified suppliers: both verified for
    ISO 9001, both self-declared for ISO 14001 (so they tie, in registration order)."""
    today = date.today()
    admin = _user(session, None, "admin@e2e.example.org", is_admin=True)
    buyer = _org(session, "lead_firm", "Minera Andina SA", 1)
    _user(session, buyer, "buyer@e2e.example.org")
    pending = {}
    for serial, name in ((2, "Maestranza Alfa SpA"), (3, "Maestranza Beta SpA")):
        org = _org(session, "sme", name, serial)
        update_profile(session, org, ProfileData(capabilities_text=TEXT, capacity=200,
                                                 capacity_unit="t_month",
                                                 category_codes=[CODE], regions=["CL-AN"]))
        for key in ("iso-9001", "iso-14001"):
            cert = add_certification(session, org, CertificationData(
                standard=_standard(session, key), body="Bureau Veritas",
                issued_on=today - timedelta(days=200), expires_on=today + timedelta(days=900)))
            if key == "iso-9001":
                set_certification_status(session, cert, "verified", admin)
        signals.supplier_changed.send(session, organisation_id=org.id)
        pending[name] = cert.id
    return {"beta_iso_14001": pending["Maestranza Beta SpA"]}


def register_sme(page, server, screenshot):
    page.goto(f"{server.url}/register")
    page.check("input[name=kind][value=sme]")
    page.fill("#legal_name", "Taller Gamma Limitada")
    page.select_option("#country", "CL")
    page.fill("#tax_id", rut(4))
    page.fill("#region", "CL-AN")
    page.fill("#employees", "12")
    page.fill("#name", "Gabriela Gamma")
    page.fill("#email", "gamma@e2e.example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    show = page.locator("button.show-password[aria-controls=password]")
    show.click()  # the person checks what they typed
    assert page.get_attribute("#password", "type") == "text"
    assert show.get_attribute("aria-pressed") == "true"
    show.click()
    assert page.get_attribute("#password", "type") == "password"
    screenshot(page, "01-sme-registration")
    submit(page, "Register", f"{server.url}/register")
    assert "Check your e-mail" in page.locator("main").inner_text()
    page.goto(server.url + last_link(server, "/register/confirm/"))
    submit(page, "Confirm and sign in", f"{server.url}/dashboard")

    page.goto(f"{server.url}/supplier/profile")
    page.fill("#category_codes", CODE)
    page.fill("#capabilities_text", TEXT)
    page.fill("#capacity", "200")
    page.select_option("#capacity_unit", "t_month")
    page.fill("#regions", "CL-AN")
    submit(page, "Save profile", f"{server.url}/supplier/profile*")
    assert page.locator(".flash.success").count() == 1

    page.goto(f"{server.url}/supplier/certificates/new")
    page.fill("#standard", "ISO 14001:2015")
    page.fill("#body", "SGS Chile")
    page.fill("#issued_on", (date.today() - timedelta(days=30)).isoformat())
    page.fill("#expires_on", (date.today() + timedelta(days=1000)).isoformat())
    page.set_input_files("#evidence", files=[{"name": "iso14001.pdf", "mimeType":
                                              "application/pdf", "buffer": MINIMAL_PDF}])
    submit(page, "Add certificate", f"{server.url}/supplier/certificates")
    assert "ISO 14001" in page.inner_text("main")
    screenshot(page, "02-sme-certificates")


def choose_suggestion(page, field: str, typed: str, option: str):
    """Type into a suggesting field and pick ``option`` from the list with the keyboard."""
    page.locator(field).press_sequentially(typed, delay=20)
    listbox = page.locator(f"{field}-suggestions")
    listbox.get_by_role("option", name=option, exact=True).wait_for()
    options = listbox.get_by_role("option").all_inner_texts()
    for _ in range(options.index(option) + 1):
        page.locator(field).press("ArrowDown")
    page.locator(field).press("Enter")


def post_requirement(page, server, screenshot) -> str:
    page.goto(f"{server.url}/requirements/new")
    page.fill("#title", "Overhaul of continuous miners")
    page.fill("#description", "Overhaul and repair of continuous mining equipment, Antofagasta")
    page.locator("#category_codes").press_sequentially("continuous mining", delay=20)
    page.locator("#category_codes-suggestions").get_by_role("option").first.wait_for()
    page.locator("#category_codes").press("ArrowDown")
    page.locator("#category_codes").press("Enter")
    assert page.input_value("#category_codes").startswith(CODE)
    choose_suggestion(page, "#must_standards", "iso 900", "ISO 9001")
    choose_suggestion(page, "#preferred_standards", "iso 1400", "ISO 14001")
    page.fill("#min_capacity", "50")
    page.select_option("#capacity_unit", "t_month")
    page.fill("#regions", "CL-AN")
    page.fill("#need_date", (date.today() + timedelta(days=120)).isoformat())
    screenshot(page, "03-buyer-posts-requirement")
    submit(page, "Publish", f"{server.url}/requirements/*")
    return page.url


@pytest.fixture
def story(live_server):
    return live_server.run(arrange)


def test_matching_walkthrough(live_server, new_page, screenshot, story):
    server = live_server
    sme = new_page()
    register_sme(sme, server, screenshot)

    buyer = new_page()
    sign_in(buyer, server, "buyer@e2e.example.org", PASSWORD)
    requirement_url = post_requirement(buyer, server, screenshot)
    assert buyer.locator(CANDIDATES).all_inner_texts() == ["1. Maestranza Alfa SpA",
                                                           "2. Maestranza Beta SpA"]
    near = buyer.locator("section.near-misses article", has_text="Taller Gamma Limitada")
    assert near.locator(".gap.missing_standard").inner_text().count("No ISO 9001 certificate") == 1
    assert "Obtain the certificate" in near.inner_text()
    assert "ISO 14001 · Self-declared" in near.inner_text()
    screenshot(buyer, "04-buyer-candidates-and-near-misses")

    sme.goto(f"{server.url}/supplier/opportunities")
    opportunity = sme.locator("main").inner_text()
    assert "Overhaul of continuous miners" in opportunity
    assert "No ISO 9001 certificate" in opportunity
    screenshot(sme, "05-sme-opportunities")

    admin = new_page()
    sign_in(admin, server, "admin@e2e.example.org", PASSWORD)
    admin.goto(f"{server.url}/admin/certificates")
    screenshot(admin, "06-admin-verification-queue")
    admin.goto(f"{server.url}/admin/certificates/{story['beta_iso_14001']}")
    admin.check("input[name=status][value=verified]")
    submit(admin, "Record decision", f"{server.url}/admin/certificates")

    buyer.goto(requirement_url)
    assert buyer.locator(CANDIDATES).all_inner_texts() == ["1. Maestranza Beta SpA",
                                                           "2. Maestranza Alfa SpA"]
    beta = buyer.locator("#candidates-heading ~ article", has_text="Maestranza Beta SpA")
    assert "ISO 14001 · Verified" in beta.inner_text()
    screenshot(buyer, "07-buyer-ranking-after-verification")
    # one form per card: its buttons shortlist, and the thumbs post to the feedback address
    beta.get_by_role("button", name="Shortlist", exact=True).click()
    buyer.wait_for_load_state()
    beta = buyer.locator("#candidates-heading ~ article", has_text="Maestranza Beta SpA")
    assert "Shortlisted" in beta.inner_text()
    beta.get_by_role("button", name="Good fit").click()
    buyer.wait_for_load_state()
    beta = buyer.locator("#candidates-heading ~ article", has_text="Maestranza Beta SpA")
    assert beta.get_by_role("button", name="Good fit").get_attribute("aria-pressed") == "true"

    buyer.goto(f"{server.url}/dashboard")
    row = buyer.locator("table.requirements-table tbody tr", has_text="Overhaul of continuous")
    # qualified, near misses, and the application the shortlisting made
    assert row.locator("td.num").all_inner_texts() == ["2", "1", "1"]
    screenshot(buyer, "08-buyer-dashboard")
