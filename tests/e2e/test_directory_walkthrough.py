"""Finding each other in a real browser: a buyer searches the supplier directory and opens a
profile that shows its fit to the buyer's open requirement; the SME applies with a message;
the buyer reads it on the candidate card and in the application and answers; the SME sees
that the buyer read it, and the answer."""

from __future__ import annotations

from datetime import date, timedelta

from browser_steps import sign_in
from sqlalchemy import select

from supplierlink import signals
from supplierlink.auth.services import add_member, create_user
from supplierlink.catalogue.models import Standard
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    update_profile,
)

PASSWORD = "directory walkthrough 2026"
MESSAGE = "Vulcanizamos correas transportadoras en Antofagasta desde 2009."
ANSWER = "Gracias. ¿Pueden visitar la faena el lunes?"


def _rut(serial: int) -> str:
    body = str(76_900_000 + serial * 61)
    return f"{body}-{rut_check_digit(body)}"


def arrange(session) -> None:
    today = date.today()
    buyer = create_organisation(session, OrganisationData(
        kind="lead_firm", legal_name="Minera Cordillera SA", country="CL", tax_id=_rut(1),
        region="CL-AN", employees=900))
    buyer_user = create_user(session, "compras@e2e-dir.example.org", "Compras", PASSWORD,
                             locale="en")
    add_member(session, buyer_user, buyer, role="owner")
    for serial, name, text, code in (
            (2, "Vulcanizados Norte SpA", "Vulcanizado y reparación de correas transportadoras",
             "24101715"),
            (3, "Aseo Industrial Sur SpA", "Limpieza industrial de plantas y campamentos",
             "76111500")):
        sme = create_organisation(session, OrganisationData(
            kind="sme", legal_name=name, country="CL", tax_id=_rut(serial), region="CL-AN",
            employees=30, published=True, description=text))
        user = create_user(session, f"contacto{serial}@e2e-dir.example.org", "Contacto",
                           PASSWORD, locale="en")
        add_member(session, user, sme, role="owner")
        update_profile(session, sme, ProfileData(
            capabilities_text=text, capacity=500, capacity_unit="t_month", category_codes=[code],
            regions=["CL-AN"]))
        standard = session.scalar(select(Standard).where(Standard.key == "iso-9001"))
        add_certification(session, sme, CertificationData(
            standard=standard, expires_on=today + timedelta(days=700)))
        signals.supplier_changed.send(session, organisation_id=sme.id)
    post_requirement(session, buyer, buyer_user, RequirementData(
        title="Belt vulcanising at Escondida", category_codes=["24101715"], regions=["CL-AN"],
        need_date=today + timedelta(days=45)), publish=True)


def test_search_profile_apply_and_read(live_server, new_page, screenshot):
    live_server.run(arrange)
    url = live_server.url
    buyer = new_page()
    sign_in(buyer, live_server, "compras@e2e-dir.example.org", PASSWORD)
    buyer.goto(f"{url}/directory/")
    buyer.fill("#dir-q", "correa transportadora")
    buyer.get_by_role("button", name="Search", exact=True).click()
    buyer.wait_for_load_state()
    results = buyer.locator(".supplier-card h3").all_inner_texts()
    assert results == ["Vulcanizados Norte SpA"]
    screenshot(buyer, "directory-1-search")
    buyer.get_by_role("link", name="Vulcanizados Norte SpA").click()
    buyer.wait_for_load_state()
    assert "Belt vulcanising at Escondida" in buyer.locator("#matches-title + ul").inner_text()
    screenshot(buyer, "directory-2-profile-with-fit")

    sme = new_page()
    sign_in(sme, live_server, "contacto2@e2e-dir.example.org", PASSWORD)
    sme.goto(f"{url}/supplier/opportunities")
    sme.get_by_role("link", name="Belt vulcanising at Escondida").click()
    sme.wait_for_load_state()
    sme.fill("textarea[name=message]", MESSAGE)
    sme.get_by_role("button", name="Send application").click()
    sme.wait_for_load_state()
    assert "Read by the buyer" not in sme.content()
    screenshot(sme, "directory-3-applied")

    buyer.goto(f"{url}/requirements/")
    buyer.get_by_role("link", name="Belt vulcanising at Escondida").first.click()
    buyer.wait_for_load_state()
    card = buyer.locator("article.candidate", has_text="Vulcanizados Norte SpA")
    assert MESSAGE in card.inner_text()
    screenshot(buyer, "directory-4-candidate-card-message")
    card.get_by_role("link", name="Open the application and its messages").click()
    buyer.wait_for_load_state()
    assert MESSAGE in buyer.locator("ol.thread").inner_text()
    buyer.fill("#reply-body", ANSWER)
    buyer.get_by_role("button", name="Send", exact=True).click()
    buyer.wait_for_load_state()
    assert ANSWER in buyer.locator("ol.thread").inner_text()
    screenshot(buyer, "directory-5-buyer-answered")

    sme.goto(f"{url}/supplier/applications")
    assert "Read by the buyer" in sme.content()
    sme.get_by_role("link", name="Messages").first.click()
    sme.wait_for_load_state()
    thread = sme.locator("ol.thread").inner_text()
    assert MESSAGE in thread and ANSWER in thread
    sme.goto(f"{url}/notifications/")
    assert "New message from Minera Cordillera SA" in sme.content()
    screenshot(sme, "directory-6-sme-sees-answer")
