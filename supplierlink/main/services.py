"""What each role's home page shows first."""

from __future__ import annotations


def dashboard_context(org, user) -> dict:
    """The dashboard panel for the acting organisation's kind, ready to render."""
    if org is None:
        return {"panel": "admin" if user.is_admin else "no_org"}
    return {"panel": org.kind}
