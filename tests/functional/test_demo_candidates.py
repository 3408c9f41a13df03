"""On the demo, every requirement's first page of qualified candidates holds suppliers of the
requested trade: the category is a must-have, not a score that other trades can outweigh."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from supplierlink.auth.models import Membership, User
from supplierlink.catalogue.models import Category
from supplierlink.demo import load_demo
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import Capability

CARD = re.compile(r'<article class="candidate" id="candidate-(\d+)"')


@pytest.fixture
def demo(app, session):
    with app.app_context():
        load_demo(session)
    session.flush()


def _stem(code: str) -> str:
    """The prefix of a UNSPSC code's descendants ("73152100" -> "731521")."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def first_page_of_candidates(html: str) -> list[int]:
    start = html.index('id="candidates-heading"')
    return [int(i) for i in CARD.findall(html[start:html.index("</section>", start)])]


def test_every_demo_requirement_shows_suppliers_of_its_trade_first(client, session, login,
                                                                  demo):
    offered = {}
    for org_id, code in session.execute(select(Capability.organisation_id, Category.code)
                                        .join(Category)):
        offered.setdefault(org_id, set()).add(code)
    requirements = session.scalars(select(Requirement).order_by(Requirement.id)).all()
    assert len(requirements) == 25
    for req in requirements:
        buyer = session.scalar(select(User).join(Membership).where(
            Membership.organisation_id == req.organisation_id))
        login(buyer, session.get(Organisation, req.organisation_id))
        html = client.get(f"/requirements/{req.id}").get_data(as_text=True)
        shown = first_page_of_candidates(html)
        assert shown, f"no qualified candidate for {req.title!r}"
        stems = [_stem(rc.category.code) for rc in req.categories]
        for supplier_id in shown:
            codes = offered.get(supplier_id, set())
            assert any(c.startswith(s) for c in codes for s in stems), (
                f"{req.title!r} shows supplier {supplier_id} offering {sorted(codes)}")
