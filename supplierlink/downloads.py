"""Data leaving the platform (CSV exports, evidence files) is announced as ``data_exported``,
with who took it and for which organisation, so the audit log records every export."""

from __future__ import annotations

from flask_login import current_user

from supplierlink import signals
from supplierlink.access import current_membership
from supplierlink.db import get_session


def announce_export(what: str, rows: int | None = None, **facts) -> None:
    membership = current_membership()
    signals.data_exported.send(
        get_session(), what=what, rows=rows,
        user_id=current_user.id if current_user.is_authenticated else None,
        organisation_id=membership.organisation_id if membership else None, **facts)
