"""Changing a cluster after it was made: the managing operator edits it (a refused form changes
nothing, in each language; the change is in the audit log), sponsorships and mentoring pairs
end (by either side), keeping their history: an ended sponsor no longer reads the cluster, an
ended pair is no longer a current tie but is still in the network of its dates."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from programs.network import build_graph
from supplierlink.audit.models import AuditEvent
from supplierlink.clusters.mentors import answer_pair, propose_pair
from supplierlink.clusters.models import ClusterSponsor, MentoringPair
from supplierlink.clusters.network import cluster_network
from supplierlink.clusters.services import answer_invitation, invite_sponsor

TODAY = date.today()


def edit(client, cluster, **changes):
    data = {"name": cluster.name, "country": cluster.country,
            "regions": ", ".join(cluster.regions), "sectors": ", ".join(cluster.sectors),
            "key_standards": ", ".join(cluster.key_standards), "description": "",
            **changes}
    return client.post(f"/clusters/{cluster.id}/edit", data=data)


def mentoring_ties(client, cluster):
    data = client.get(f"/clusters/{cluster.id}/network.json").get_json()
    return [{e["data"]["source"], e["data"]["target"]} for e in data["edges"]
            if e["data"]["mentoring"]]


def test_the_manager_edits_the_cluster_and_the_change_is_audited(client, session, login,
                                                                 make_cluster_world):
    world = make_cluster_world()
    login(world.manager, world.operator)
    form = client.get(f"/clusters/{world.cluster.id}/edit").get_data(as_text=True)
    assert 'value="CL-AN, CL-AT"' in form and 'value="2010"' in form
    response = edit(client, world.cluster, name="Norte Grande", regions="CL-AN",
                    sectors="2010, 72")
    assert response.status_code == 302
    session.refresh(world.cluster)
    assert (world.cluster.name, world.cluster.regions, world.cluster.sectors) == (
        "Norte Grande", ["CL-AN"], ["2010", "72"])
    event = session.scalar(select(AuditEvent).where(AuditEvent.event == "cluster-changed"))
    assert event.user_id == world.manager.id
    assert event.details["changed"]["regions"] == {"from": ["CL-AN", "CL-AT"],
                                                   "to": ["CL-AN"]}
    assert set(event.details["changed"]) == {"name", "regions", "sectors"}


@pytest.mark.parametrize("language, words", [
    ("es", "Las regiones deben ser códigos ISO 3166-2"),
    ("pt", "As regiões devem ser códigos ISO 3166-2"),
    ("en", "Regions must be ISO 3166-2 codes"),
])
def test_a_refused_edit_says_why_in_each_language_and_changes_nothing(
        client, session, login, make_cluster_world, language, words):
    world = make_cluster_world()
    login(world.manager, world.operator)
    client.get(f"/language/{language}")
    response = edit(client, world.cluster, name="Otro", regions="PE-LIM", sectors="abc")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in page
    session.refresh(world.cluster)
    assert world.cluster.name == "Norte" and world.cluster.regions == ["CL-AN", "CL-AT"]
    assert session.scalar(select(AuditEvent).where(
        AuditEvent.event == "cluster-changed")) is None


def test_sponsors_and_other_operators_cannot_edit(client, session, login, make_cluster_world,
                                                 make_org, make_user):
    world = make_cluster_world()
    invitation = invite_sponsor(session, world.cluster, world.buyer, world.manager)
    answer_invitation(session, invitation, world.buyer, world.buyer_user, True)
    login(world.buyer_user, world.buyer)
    assert edit(client, world.cluster, name="Mío").status_code == 403
    other = make_org("programme_operator")
    login(make_user(other), other)
    assert edit(client, world.cluster, name="Mío").status_code == 404
    session.refresh(world.cluster)
    assert world.cluster.name == "Norte"


@pytest.mark.parametrize("who", ["manager", "sponsor"])
def test_a_sponsorship_ends_and_the_sponsor_no_longer_reads_the_cluster(
        client, session, login, make_cluster_world, who):
    world = make_cluster_world()
    invitation = invite_sponsor(session, world.cluster, world.buyer, world.manager)
    answer_invitation(session, invitation, world.buyer, world.buyer_user, True)
    session.commit()
    url = f"/clusters/{world.cluster.id}/sponsors/{invitation.id}/end"
    if who == "manager":
        login(world.manager, world.operator)
    else:
        login(world.buyer_user, world.buyer)
    assert client.get(f"/clusters/{world.cluster.id}").get_data(as_text=True).count(url) == 1
    assert client.post(url, data={"confirm": "yes"}).status_code == 302
    row = session.get(ClusterSponsor, invitation.id)
    session.refresh(row)
    assert row.status == "ended" and row.ended_at is not None
    login(world.buyer_user, world.buyer)
    assert client.get(f"/clusters/{world.cluster.id}").status_code == 404
    assert client.post(url, data={"confirm": "yes"}).status_code == 404
    # the tie is kept for the dates it lasted, and the firm cannot simply be invited back
    edges = [e for e in cluster_network(session, world.cluster).edges if e.kind == "sponsorship"]
    assert [(e.source, e.ended) for e in edges] == [(world.buyer.id, TODAY)]
    login(world.manager, world.operator)
    assert client.post(url, data={"confirm": "yes"}).status_code == 409
    again = client.post(f"/clusters/{world.cluster.id}/sponsors",
                        data={"sponsor_id": world.buyer.id})
    assert again.status_code == 422


@pytest.mark.parametrize("who", ["manager", "mentor", "mentee"])
def test_an_ended_pair_leaves_the_current_network_but_stays_in_its_dates(
        client, session, login, make_cluster_world, make_user, who):
    world = make_cluster_world()
    mentor, mentee, stranger = world.sme(), world.sme("CL-AT"), world.sme()
    users = {"mentor": make_user(mentor), "mentee": make_user(mentee)}
    pair = propose_pair(session, world.cluster, mentor, mentee, "iso-9001", world.manager)
    answer_pair(session, pair, mentor, users["mentor"], True)
    answer_pair(session, pair, mentee, users["mentee"], True, today=TODAY - timedelta(days=30))
    session.commit()
    login(world.manager, world.operator)
    assert mentoring_ties(client, world.cluster) == [{str(mentor.id), str(mentee.id)}]
    login(make_user(stranger), stranger)
    assert client.post(f"/clusters/pairs/{pair.id}/end",
                       data={"confirm": "yes"}).status_code == 404
    if who == "manager":
        login(world.manager, world.operator)
    else:
        login(users[who], {"mentor": mentor, "mentee": mentee}[who])
    assert client.post(f"/clusters/pairs/{pair.id}/end",
                       data={"confirm": "yes"}).status_code == 302
    pair = session.get(MentoringPair, pair.id)
    session.refresh(pair)
    assert (pair.status, pair.ended_on) == ("ended", TODAY)
    network = cluster_network(session, world.cluster)
    now = build_graph(network.nodes, network.edges)
    then = build_graph(network.nodes, network.edges, until=TODAY - timedelta(days=10))
    assert not now.has_edge(mentor.id, mentee.id)
    assert "mentoring" in then.get_edge_data(mentor.id, mentee.id)["kinds"]
    # the pages say so (the network computed before the change is not reused): the picture
    # no longer draws the tie; the ties table and its download keep the dates
    login(world.manager, world.operator)
    assert mentoring_ties(client, world.cluster) == []
    page = client.get(f"/clusters/{world.cluster.id}/network?start="
                      f"{(TODAY - timedelta(days=20)).isoformat()}&end={TODAY.isoformat()}")
    assert page.status_code == 200
    rows = list(csv.reader(io.StringIO(client.get(
        f"/clusters/{world.cluster.id}/export/ties.csv").get_data(as_text=True))))
    assert rows[0][-1] == "ended_on"
    mentoring = [r for r in rows[1:] if r[4] == "mentoring"]
    assert mentoring == [[str(mentor.id), mentor.legal_name, str(mentee.id), mentee.legal_name,
                          "mentoring", (TODAY - timedelta(days=30)).isoformat(),
                          TODAY.isoformat()]]


def test_exports_neutralise_formulas_in_both_formats(client, session, login,
                                                    make_cluster_world, make_org):
    world = make_cluster_world()
    world.cluster.name = "=HYPERLINK(\"x\")"
    hostile = world.sme()
    hostile.legal_name = "=cmd|' /C calc'!A0"
    other = world.sme("CL-AT")
    pair = propose_pair(session, world.cluster, hostile, other, "iso-9001", world.manager)
    pair.status, pair.started_on = "active", TODAY
    session.commit()
    login(world.manager, world.operator)
    text = client.get(f"/clusters/{world.cluster.id}/export/ties.csv").get_data(as_text=True)
    assert "'=cmd|' /C calc'!A0" in text and "\n=cmd" not in text and ",=cmd" not in text
    data = client.get(f"/clusters/{world.cluster.id}/export/ties.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert TODAY in [c.date() if hasattr(c, "date") else c for c in cells]


def test_the_static_picture_escapes_names(client, session, login, make_cluster_world):
    world = make_cluster_world()
    a, b = world.sme(), world.sme("CL-AT")
    a.legal_name = '<script>alert("x")</script> Maestranza'
    pair = propose_pair(session, world.cluster, a, b, "iso-9001", world.manager)
    pair.status, pair.started_on = "active", TODAY
    session.commit()
    login(world.manager, world.operator)
    page = client.get(f"/clusters/{world.cluster.id}/network").get_data(as_text=True)
    assert "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Maestranza</title>" in page
    assert '<script>alert("x")' not in page
    assert 'stroke="#c2185b" stroke-width="3"' in page  # the mentoring tie, drawn
