"""Recording events, and finding and exporting them for administrators. Nothing here changes or
removes a recorded event."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import has_request_context, request
from sqlalchemy import false, select
from sqlalchemy.orm import Session

from supplierlink.audit.models import AuditEvent
from supplierlink.auth.models import User
from supplierlink.db import keep_on_rollback, utcnow
from supplierlink.exports.cells import safe_cell

#: events that record a refused attempt: kept even when the request that made it fails
KEPT_WHEN_REFUSED = {"sign-in-attempted", "rate-limited", "access-denied"}


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _request_actor() -> tuple[int | None, str | None, int | None]:
    """The signed-in user of the current request (or the API token's), their e-mail and acting
    organisation."""
    if not has_request_context():
        return None, None, None
    from flask import g
    from flask_login import current_user

    api = g.get("api_acting")  # a request of the JSON API acts as its token's user
    if api is not None:
        return api.user.id, api.user.email, api.orgs[0].id if len(api.orgs) == 1 else None

    from supplierlink.access import current_membership

    if not current_user or not current_user.is_authenticated:
        return None, None, None
    membership = current_membership()
    return current_user.id, current_user.email, membership.organisation_id if membership else None


def client_ip() -> str | None:
    """The address a request came from (the proxy's view when ``PROXY_COUNT`` is set)."""
    return (request.remote_addr or None) if has_request_context() else None


def record(session: Session, event: str, facts: dict) -> AuditEvent:
    """Add one event: who (the acting user named by the event, else the signed-in user), the
    organisation, the address of the request and every fact the event carried."""
    details = {key: _plain(value) for key, value in facts.items()}
    request_user, request_email, request_org = _request_actor()
    actor = facts.get("by_user_id") or facts.get("user_id") or request_user
    email = request_email if actor == request_user else None
    if email is None and actor is not None:
        user = session.get(User, actor)
        email = user.email if user else None
    if email is None and event == "sign-in-attempted":
        email = facts.get("email")
    values = dict(event=event, user_id=actor, user_email=email,
                  organisation_id=facts.get("organisation_id") or request_org,
                  ip=client_ip(), details=details, created_at=utcnow())
    row = AuditEvent(**values)
    session.add(row)
    if event in KEPT_WHEN_REFUSED:
        keep_on_rollback(session, lambda: AuditEvent(**values))
    return row


@dataclass
class AuditFilter:
    event: str = ""
    user: str = ""  # part of an e-mail, or a user id
    organisation_id: int | None = None
    ip: str = ""
    since: date | None = None
    until: date | None = None
    refused: bool = False  # the filter itself was not valid: match nothing rather than all


def events_query(filters: AuditFilter):
    """Newest first, narrowed by ``filters``."""
    query = select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if filters.refused:
        return query.where(false())
    if filters.event:
        query = query.where(AuditEvent.event == filters.event)
    if filters.user:
        text = filters.user.strip().lower()
        query = query.where(AuditEvent.user_id == int(text)) if text.isdigit() else query.where(
            AuditEvent.user_email.contains(text, autoescape=True))
    if filters.organisation_id is not None:
        query = query.where(AuditEvent.organisation_id == filters.organisation_id)
    if filters.ip:
        query = query.where(AuditEvent.ip == filters.ip.strip())
    if filters.since:
        query = query.where(AuditEvent.created_at >= _start_of(filters.since))
    if filters.until:
        query = query.where(AuditEvent.created_at < _start_of(filters.until + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)


def event_names() -> list[str]:
    from supplierlink import signals

    return sorted(signals.all_signals())


CSV_HEADER = ["id", "time (UTC)", "event", "user id", "user e-mail", "organisation id", "ip",
              "details"]


def events_csv(session: Session, filters: AuditFilter, limit: int = 100_000) -> tuple[bytes, int]:
    """The filtered events as CSV (formula-neutralised cells); the bytes and the row count."""
    import json

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    count = 0
    for row in session.scalars(events_query(filters).limit(limit)):
        writer.writerow([safe_cell(cell) for cell in (
            row.id, row.created_at.isoformat(), row.event, row.user_id, row.user_email,
            row.organisation_id, row.ip, json.dumps(row.details, ensure_ascii=False,
                                                    sort_keys=True))])
        count += 1
    return out.getvalue().encode("utf-8-sig"), count
