"""Every page a user is shown a link to opens for that user: for each actor of the route walk's
world (the consent states included), the pages reachable from the dashboard by following links
answer 200, never 403, 404 or a server error. A link to something the viewer may not open is a
rule applied in one place and not in another."""

from __future__ import annotations

import re
from collections import deque

import pytest

from tests.functional.access import ACTORS, arranged

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/language/", "/logout", "/api/")
MAX_PAGES = 120


def crawl(client, start: str) -> dict[str, int]:
    seen, queue, statuses = {start}, deque([start]), {}
    while queue and len(statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302, 303) and response.location.startswith("/"):
            target = response.location
            if target not in seen:
                seen.add(target)
                queue.append(target)
        statuses[url] = response.status_code
        if response.status_code == 200 and response.mimetype == "text/html":
            for link in LINK.findall(response.get_data(as_text=True)):
                link = link.replace("&amp;", "&")
                if link not in seen and not link.startswith(SKIP):
                    seen.add(link)
                    queue.append(link)
        response.close()
    return statuses


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_every_page_linked_for_an_actor_opens_for_that_actor(app, client, login, world, actor):
    arranged(app, world)
    login(world.users.get(actor), world.orgs.get(actor))
    statuses = crawl(client, "/dashboard")
    assert len(statuses) >= 3, statuses
    broken = {url: code for url, code in statuses.items() if code not in (200, 301, 302, 303)}
    assert not broken, broken
