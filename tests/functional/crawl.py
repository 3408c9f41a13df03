"""Following the links a signed-in user is shown, as the crawl tests do."""

from __future__ import annotations

import re
from collections import deque

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/language/", "/logout")


def crawl(client, start: str, max_pages: int = 60) -> dict[str, int]:
    """The status of each page reached from ``start`` by following links (and redirects
    within the site), breadth first, up to ``max_pages`` pages."""
    seen, queue, statuses = {start}, deque([start]), {}
    while queue and len(statuses) < max_pages:
        url = queue.popleft()
        response = client.get(url)
        statuses[url] = response.status_code
        found = []
        if response.status_code in (301, 302, 303) and response.location.startswith("/"):
            found.append(response.location)
        elif response.status_code == 200 and response.mimetype == "text/html":
            found = [link.replace("&amp;", "&")
                     for link in LINK.findall(response.get_data(as_text=True))]
        response.close()
        for link in found:
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return statuses
