"""The administrator's duplicate queue: the evidence, a merge with chosen values, its undo."""

from __future__ import annotations

from sqlalchemy import select

from supplierlink.imports.models import DuplicateCandidate
from supplierlink.organisations.models import Organisation


def test_merge_from_the_page_and_undo_it(client, login, make_user, make_org, session):
    first = make_org("sme", legal_name="Hidráulica Norte S.A.", town="Antofagasta")
    second = make_org("sme", legal_name="Hidraulica del Norte Ltda", website="https://hn.cl")
    pair = DuplicateCandidate(first_id=first.id, second_id=second.id, score=0.78)
    session.add(pair)
    login(make_user(None, is_admin=True))
    queue = client.get("/admin/duplicates/")
    assert "hidraulica norte" in queue.text and "0.78" in queue.text
    page = client.get(f"/admin/duplicates/{pair.id}")
    assert first.tax_id in page.text and "Antofagasta" in page.text
    merged = client.post(f"/admin/duplicates/{pair.id}", data={
        "keep": first.id, "website": "second", "legal_name": "first"})
    assert merged.status_code == 302
    kept = session.scalar(select(Organisation).where(Organisation.id == first.id))
    session.refresh(kept)
    assert kept.website == "https://hn.cl"
    assert session.scalar(select(Organisation.id).where(Organisation.id == second.id)) is None
    assert f"/admin/duplicates/{pair.id}/undo" in client.get(f"/admin/duplicates/{pair.id}").text
    assert client.post(f"/admin/duplicates/{pair.id}/undo").status_code == 302
    assert session.scalar(select(Organisation.id).where(Organisation.id == second.id)) \
        == second.id
    assert client.get("/admin/duplicates/").text.count(f"/admin/duplicates/{pair.id}") == 1


def test_not_the_same_leaves_the_queue(client, login, make_user, make_org, session):
    pair = DuplicateCandidate(first_id=make_org("sme").id, second_id=make_org("sme").id,
                              score=0.72)
    session.add(pair)
    login(make_user(None, is_admin=True))
    assert client.post(f"/admin/duplicates/{pair.id}/distinct").status_code == 302
    session.refresh(pair)
    assert pair.status == "distinct"
    assert f"/admin/duplicates/{pair.id}" not in client.get("/admin/duplicates/").text
