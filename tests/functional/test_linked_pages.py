"""Every page a user is shown a link to opens for that user: for each actor of the route walk's
world (the consent states included), the pages reachable from the dashboard by following links
answer 200, never 403, 404 or a server error. A link to something the viewer may not open is a
rule applied in one place and not in another."""

from __future__ import annotations

import pytest

from tests.functional.access import ACTORS, arranged
from tests.functional.crawl import crawl

MAX_PAGES = 120


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_every_page_linked_for_an_actor_opens_for_that_actor(app, client, login, world, actor):
    arranged(app, world)
    login(world.users.get(actor), world.orgs.get(actor))
    statuses = crawl(client, "/dashboard", MAX_PAGES)
    assert len(statuses) >= 3, statuses
    broken = {url: code for url, code in statuses.items() if code not in (200, 301, 302, 303)}
    assert not broken, broken
