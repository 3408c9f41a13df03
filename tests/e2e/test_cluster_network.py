"""The cluster manager's network picture in a real browser: the vendored Cytoscape.js draws
the network from the app's data without any Content-Security-Policy complaint, replacing the
static picture the server drew; the overview and the report print without errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from browser_steps import sign_in

from supplierlink.auth.services import add_member, create_user
from supplierlink.clusters.awards import record_past_award
from supplierlink.clusters.history import backfill
from supplierlink.clusters.mentors import answer_pair, propose_pair
from supplierlink.clusters.services import ClusterData, create_cluster
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit
from supplierlink.suppliers.services import ProfileData, update_profile

PASSWORD = "cluster walkthrough 2026"
TODAY = date.today()


def _org(session, kind, name, serial, region="CL-AN"):
    body = str(76_800_000 + serial * 67)
    return create_organisation(session, OrganisationData(
        kind=kind, legal_name=name, country="CL", tax_id=f"{body}-{rut_check_digit(body)}",
        region=region, employees=20 + serial))


def arrange(session) -> dict:
    operator = _org(session, "programme_operator", "Asociación Minera del Norte", 1)
    manager = create_user(session, "manager@e2e-cluster.example.org", "Manager", PASSWORD)
    add_member(session, manager, operator, role="owner")
    firms = [_org(session, "lead_firm", f"Minera {n}", 2 + i)
             for i, n in enumerate(("Pampa", "Loa"))]
    smes = []
    for i in range(14):
        sme = _org(session, "sme", f"Proveedor {i:02d} SpA", 10 + i,
                   "CL-AN" if i % 2 else "CL-AT")
        update_profile(session, sme, ProfileData(category_codes=["20101501"],
                                                 regions=[sme.region]))
        smes.append(sme)
    cluster = create_cluster(session, operator, manager, ClusterData(
        name="Norte Grande", country="CL", regions=["CL-AN", "CL-AT"], sectors=["2010"]))
    for i, sme in enumerate(smes):  # two groups, each buying from its own lead firm
        record_past_award(session, firms[i % 2].id, sme.id, TODAY - timedelta(days=30 * i),
                          1e5)
    pair = propose_pair(session, cluster, smes[0], smes[1], "iso-9001", manager)
    answer_pair(session, pair, smes[0], None, True)
    answer_pair(session, pair, smes[1], None, True)
    backfill(session, cluster, 6, TODAY)
    return {"cluster": cluster.id}


@pytest.fixture
def story(live_server):
    return live_server.run(arrange)


def test_the_network_picture_is_drawn_in_the_browser(live_server, page, screenshot, story):
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server, "manager@e2e-cluster.example.org", PASSWORD)
    base = f"{live_server.url}/clusters/{story['cluster']}"

    page.goto(base)
    assert "Is the cluster upgrading?" in page.inner_text("main")
    screenshot(page, "cluster-01-overview")

    page.goto(f"{base}/network")
    page.wait_for_selector("#network-picture[data-ready=true]")
    assert page.locator("#network-picture canvas").count() > 0
    assert page.locator("#network-picture svg[data-static]").count() == 0
    assert "Bridges between communities" in page.inner_text("main")
    screenshot(page, "cluster-02-network")

    page.goto(f"{base}/report")
    assert "Report to sponsors" in page.inner_text("main")
    assert "No award recorded in the period." not in page.inner_text("main")  # local content
    screenshot(page, "cluster-03-report")
    assert not problems, problems
