"""Every page a demo user can reach by following links answers 200, in each language.

The demo is the data a new user first sees; crawling it from each role's dashboard catches
pages that break only with realistic data (charts, KPI tables, long lists).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from supplierlink.auth.models import User
from supplierlink.demo import OPERATOR, SME_COUNT, load_demo, sme_email
from supplierlink.demo_data import LEAD_FIRMS
from tests.functional.crawl import crawl

MAX_PAGES = 60


@pytest.fixture
def demo(app, session):
    with app.app_context():
        load_demo(session)
    session.flush()
    assert SME_COUNT


@pytest.mark.parametrize("email", [LEAD_FIRMS[0][4], sme_email(0), OPERATOR[4],
                                   "admin@supplierlink.demo"])
def test_every_linked_page_of_the_demo_works_in_every_language(client, session, login, demo,
                                                                 email):
    user = session.scalar(select(User).where(User.email == email))
    login(user, user.memberships[0].organisation if user.memberships else None)
    client.set_cookie("lang", "es")
    statuses = crawl(client, "/dashboard", MAX_PAGES)
    assert len(statuses) >= 5, statuses
    for language in ("pt", "en"):  # the same pages in the other languages
        client.set_cookie("lang", language)
        for url in list(statuses):
            response = client.get(url)
            response.close()
            if response.status_code != 200:
                statuses[f"{url} [{language}]"] = response.status_code
    # the home page sends signed-in users on to their dashboard
    broken = {url: code for url, code in statuses.items()
              if code != 200 and not url.startswith("/ ") and url != "/"}
    assert not broken, broken
