"""The cluster pages on the demo: two clusters with a year of history, sponsors, awards,
exports and mentoring pairs, so every picture has something to say."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from supplierlink.auth.models import User
from supplierlink.clusters.models import Cluster, ClusterSnapshot, MentoringPair
from supplierlink.demo import OPERATOR, load_demo
from supplierlink.demo_data import LEAD_FIRMS
from supplierlink.programmes.models import Enrolment


@pytest.fixture
def demo(app, session):
    with app.app_context():
        load_demo(session)
    session.flush()


def _user(session, email):
    user = session.scalar(select(User).where(User.email == email))
    return user, user.memberships[0].organisation


def test_the_demo_clusters_say_something(client, session, login, demo):
    clusters = list(session.scalars(select(Cluster).order_by(Cluster.id)))
    assert [c.country for c in clusters] == ["CL", "PE"]
    assert session.scalar(select(func.count(func.distinct(ClusterSnapshot.month))).where(
        ClusterSnapshot.cluster_id == clusters[0].id)) == 12
    assert session.scalar(select(func.count()).select_from(MentoringPair).where(
        MentoringPair.status == "active")) >= 4
    north = clusters[0].id
    login(*_user(session, OPERATOR[4]))
    client.set_cookie("lang", "en")

    overview = client.get(f"/clusters/{north}").get_data(as_text=True)
    assert "Is the cluster upgrading?" in overview
    assert overview.count("<polyline") >= 10  # a trend for the figures
    assert 'data-metric="standard.iso-9001.verified"' in overview

    network = client.get(f"/clusters/{north}/network")
    page = network.get_data(as_text=True)
    assert network.status_code == 200
    assert "Bridges between communities" in page and "vendor/cytoscape" in page
    assert 'data-static="true"' in page  # the static picture is there before any script
    data = client.get(f"/clusters/{north}/network.json").get_json()
    assert len(data["nodes"]) > 100
    assert any(e["data"]["mentoring"] for e in data["edges"])
    assert any(n["data"]["bridge"] for n in data["nodes"])

    international = client.get(f"/clusters/{north}/international").get_data(as_text=True)
    assert "Local content of the lead firms" in international
    assert LEAD_FIRMS[0][0] in international

    demand = client.get(f"/clusters/{north}/demand").get_data(as_text=True)
    keys = re.findall(r'data-key="([^"]+)"', demand)
    assert keys, "the demo's near misses give demand signals"
    draft = client.get(f"/clusters/{north}/demand/draft?key={keys[0]}")
    assert draft.status_code == 200
    response = client.post(f"/clusters/{north}/demand/draft",
                           data={"key": keys[0], "name": "Programa piloto"})
    assert response.status_code == 302
    programme_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.programme_id == programme_id)) > 0

    mentors = client.get(f"/clusters/{north}/mentors").get_data(as_text=True)
    supplier_id = re.search(r'<option value="(\d+)"', mentors).group(1)
    suggested = client.get(f"/clusters/{north}/mentors?supplier_id={supplier_id}")
    assert suggested.status_code == 200 and "Mentoring pairs" in suggested.get_data(as_text=True)

    for table in ("figures", "trends", "requirements", "ties", "bridges", "exports",
                  "local_content", "demand"):
        assert client.get(f"/clusters/{north}/export/{table}.csv").status_code == 200


REPORT_HEADINGS = {"es": "Informe a los patrocinadores", "pt": "Relatório aos patrocinadores",
                   "en": "Report to sponsors"}


def test_the_report_to_sponsors_in_each_language(client, session, login, demo):
    sponsor = _user(session, LEAD_FIRMS[0][4])  # accepted the invitation in the demo
    north = session.scalar(select(Cluster.id).where(Cluster.country == "CL"))
    login(*sponsor)
    for language, heading in REPORT_HEADINGS.items():
        client.set_cookie("lang", language)
        page = client.get(f"/clusters/{north}/report")
        assert page.status_code == 200 and heading in page.get_data(as_text=True)
        pdf = client.get(f"/clusters/{north}/report.pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        assert pdf.mimetype == "application/pdf"
    # a lead firm that has not answered its invitation sees no report
    pending = _user(session, LEAD_FIRMS[1][4])
    login(*pending)
    assert client.get(f"/clusters/{north}/report").status_code == 404
