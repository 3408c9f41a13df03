"""The audit log listens to every domain event: one receiver per declared signal, so an event
added to ``supplierlink.signals`` later is recorded without a change here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.audit.services import record


def _receiver(name: str):
    def receive(session: Session, **facts) -> None:
        record(session, name, facts)

    receive.__name__ = f"audit_{name.replace('-', '_')}"
    return receive


def connect_all() -> None:
    """Connect (once) a recording receiver to every declared signal."""
    for name, signal in signals.all_signals().items():
        if not getattr(signal, "_audit_connected", False):
            signal.connect(_receiver(name), weak=False)
            signal._audit_connected = True


connect_all()
