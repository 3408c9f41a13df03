"""Thread facts other pages show: read receipts on the SME's list, counts on candidate cards."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink.messages.services import message_counts, reads_by


def read_by_buyer(session: Session, rows) -> set[int]:
    """Ids of the applications (``(application, requirement, buyer)`` rows) the buyer opened."""
    rows = list(rows)
    found = set()
    for application, _req, buyer in rows:
        if application.id in reads_by(session, [application.id], [buyer.id]):
            found.add(application.id)
    return found


def add_message_counts(session: Session, cards: list[dict]) -> None:
    """Put on each candidate card the number of messages after the application."""
    counts = message_counts(session, [c["application"].id for c in cards if c["application"]])
    for card in cards:
        card["messages"] = counts.get(card["application"].id, 0) if card["application"] else 0
