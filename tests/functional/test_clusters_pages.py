"""Cluster pages on small arranged data: who sees which cluster, creating one (a refused form
stores nothing), sponsorship answered by the lead firm, an SME's own page, pairs and exports."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from supplierlink.catalogue.models import Standard
from supplierlink.clusters.mentors import propose_pair
from supplierlink.clusters.models import Cluster, ClusterSponsor, MentoringPair
from supplierlink.clusters.services import ClusterData, create_cluster, invite_sponsor
from supplierlink.suppliers.services import (
    CertificationData,
    add_certification,
    add_export,
    set_certification_status,
)

TODAY = date.today()


def pdf_text(data: bytes) -> bytes:
    """The PDF's page contents, inflated (enough to find the words written on it)."""
    import re
    import zlib

    found = b""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            found += zlib.decompress(stream)
        except zlib.error:
            found += stream
    return found


def test_a_manager_sees_only_the_clusters_its_organisation_manages(
        app, client, session, login, make_cluster_world, make_org, make_user):
    world = make_cluster_world()
    other = make_org("programme_operator")
    other_user = make_user(other)
    with app.app_context():
        create_cluster(session, other, other_user, ClusterData(
            name="Sur Andino", country="CL", sectors=["2010"]))
    login(world.manager, world.operator)
    page = client.get("/clusters/").get_data(as_text=True)
    assert "Norte" in page and "Sur Andino" not in page
    login(other_user, other)
    assert client.get(f"/clusters/{world.cluster.id}").status_code == 404
    assert client.get(f"/clusters/{world.cluster.id}/network.json").status_code == 404


def test_creating_a_cluster_refuses_bad_input_and_stores_nothing(client, session, login,
                                                                 make_cluster_world):
    world = make_cluster_world()
    login(world.manager, world.operator)
    before = session.scalar(select(func.count()).select_from(Cluster))
    response = client.post("/clusters/new", data={"name": "Centro", "country": "CL",
                                                  "regions": "XX-99", "sectors": "abc"})
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(Cluster)) == before
    response = client.post("/clusters/new", data={"name": "Centro", "country": "CL",
                                                  "regions": "CL-CO", "sectors": "2010, 73"})
    assert response.status_code == 302
    created = session.scalar(select(Cluster).where(Cluster.name == "Centro"))
    assert created.regions == ["CL-CO"] and created.sectors == ["2010", "73"]


def test_the_lead_firm_answers_the_invitation_and_then_reads_the_cluster(
        app, client, session, login, make_cluster_world):
    world = make_cluster_world()
    login(world.manager, world.operator)
    assert client.post(f"/clusters/{world.cluster.id}/sponsors",
                       data={"sponsor_id": world.buyer.id}).status_code == 302
    invitation = session.scalar(select(ClusterSponsor))
    login(world.buyer_user, world.buyer)
    assert client.get(f"/clusters/{world.cluster.id}").status_code == 404
    assert "Norte" in client.get("/clusters/").get_data(as_text=True)
    assert client.post(f"/clusters/invitations/{invitation.id}",
                       data={"answer": "accept"}).status_code == 302
    assert client.get(f"/clusters/{world.cluster.id}").status_code == 200
    assert client.post(f"/clusters/{world.cluster.id}/sponsors",
                       data={"sponsor_id": world.buyer.id}).status_code == 403


def test_an_sme_sees_its_own_figures_and_answers_its_pairs(app, client, session, login,
                                                           make_cluster_world, make_user):
    world = make_cluster_world()
    admin = make_user(None, is_admin=True)
    mentee, mentor = world.sme(), world.sme("CL-AT")
    mentee_user, other = make_user(mentee), world.sme()
    with app.app_context():
        add_export(session, mentee, "US", TODAY.year - 1, None, 100.0)
        add_export(session, other, "BR", TODAY.year, None, 100.0)
        standard = session.scalar(select(Standard).where(Standard.key == "iso-9001"))
        cert = add_certification(session, mentor, CertificationData(
            standard=standard, issued_on=TODAY - timedelta(days=60),
            expires_on=TODAY + timedelta(days=700)))
        set_certification_status(session, cert, "verified", admin)
        pair = propose_pair(session, world.cluster, mentor, mentee, "iso-9001", world.manager)
    login(mentee_user, mentee)
    page = client.get("/clusters/mine").get_data(as_text=True)
    assert mentor.legal_name in page  # the pair waiting for its answer
    assert other.legal_name not in page  # another SME's figures are not shown
    assert client.post(f"/clusters/pairs/{pair.id}", data={"answer": "accept"}).status_code == 302
    session.refresh(pair)
    assert pair.mentee_agreed_at is not None and pair.status == "proposed"
    assert client.get(f"/clusters/{world.cluster.id}").status_code == 404
    assert client.get(f"/clusters/{world.cluster.id}/mentors").status_code == 404


def test_pairs_of_other_smes_are_not_found(app, client, session, login, make_cluster_world,
                                          make_user):
    world = make_cluster_world()
    a, b, stranger = world.sme(), world.sme(), world.sme()
    with app.app_context():
        pair = propose_pair(session, world.cluster, a, b, "iso-9001", world.manager)
    login(make_user(stranger), stranger)
    assert client.post(f"/clusters/pairs/{pair.id}", data={"answer": "accept"}).status_code \
        == 404
    assert session.get(MentoringPair, pair.id).mentor_agreed_at is None


def test_exports_in_both_formats(client, session, login, make_cluster_world):
    world = make_cluster_world()
    world.sme()
    login(world.manager, world.operator)
    csv = client.get(f"/clusters/{world.cluster.id}/export/figures.csv")
    assert csv.status_code == 200 and csv.get_data(as_text=True).startswith("group,metric")
    xlsx = client.get(f"/clusters/{world.cluster.id}/export/figures.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert client.get(f"/clusters/{world.cluster.id}/export/nothing.csv").status_code == 404


def test_inviting_twice_is_refused_on_the_page(app, client, session, login, make_cluster_world):
    world = make_cluster_world()
    with app.app_context():
        invite_sponsor(session, world.cluster, world.buyer, world.manager)
    login(world.manager, world.operator)
    response = client.post(f"/clusters/{world.cluster.id}/sponsors",
                           data={"sponsor_id": world.buyer.id})
    assert response.status_code == 422
    assert session.scalar(select(func.count()).select_from(ClusterSponsor)) == 1


def test_the_report_on_one_programme_of_the_cluster(app, client, session, login,
                                                    make_cluster_world):
    from supplierlink.programmes.services import ProgrammeData, create_programme, enrol_supplier

    world = make_cluster_world()
    member = world.sme()
    with app.app_context():
        programme = create_programme(session, world.operator, world.manager, ProgrammeData(
            name="Calidad Norte", target_count=3, start_date=TODAY - timedelta(days=100),
            end_date=TODAY + timedelta(days=300)))
        enrol_supplier(session, programme, member, world.manager, today=TODAY)
    login(world.manager, world.operator)
    page = client.get(f"/clusters/{world.cluster.id}/report?programme={programme.id}")
    assert page.status_code == 200 and "Calidad Norte" in page.get_data(as_text=True)
    pdf = client.get(f"/clusters/{world.cluster.id}/report.pdf?programme={programme.id}")
    assert pdf.data.startswith(b"%PDF")
    assert b"Calidad Norte" in pdf_text(pdf.data)
    assert client.get(f"/clusters/{world.cluster.id}/report?programme=999999").status_code \
        == 404
