"""The SME's home panel: its best opportunities and what would unlock the most."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink.suppliers.pages import opportunities_context

PANEL_SIZE = 5


def panel_context(session: Session, org, user) -> dict:
    return opportunities_context(session, org, 1, per_page=PANEL_SIZE)
