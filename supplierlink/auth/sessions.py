"""Server-side sessions: a browser's cookie names a row here, and the row decides.

Signing out ends the row; changing or resetting the password ends every row of the user; a row
unused for ``SESSION_IDLE_MINUTES`` or older than ``SESSION_MAX_HOURS`` has ended too. Only the
SHA-256 of each token is stored, so a copy of the table signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, joinedload

from supplierlink.auth.models import Membership, User, UserSession
from supplierlink.db import utcnow

IDLE_MINUTES = 30
MAX_HOURS = 12
#: last use is written at most this often (one write per minute, not per request)
TOUCH_EVERY = timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def start_session(session: Session, user: User, ip: str | None = None) -> str:
    """A new server-side session for ``user``; returns its token (set on ``user`` too)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, token_hash=token_hash(token), ip=(ip or "")[:45]
                            or None))
    session.flush()
    user.session_token = token
    return token


#: columns read with the session on every request, named (``extra_column``): each a function
#: of the session's user id column that returns a scalar expression (the bell's unread count)
EXTRA_COLUMNS: dict = {}


def extra_column(name: str):
    """Register a per-user figure every page shows, read in the session's own query (one
    round trip per request instead of one more per figure); found on ``user.session_extras``."""
    def register(build):
        EXTRA_COLUMNS[name] = build
        _session_query.cache_clear()
        return build
    return register


@cache
def _session_query():
    """The session with its user, memberships and organisations and the registered figures,
    by token hash: built once per process (every request runs it)."""
    extras = [build(UserSession.user_id).label(name) for name, build in EXTRA_COLUMNS.items()]
    return (select(UserSession, *extras).options(
        joinedload(UserSession.user).joinedload(User.memberships)
        .joinedload(Membership.organisation))
        .where(UserSession.token_hash == bindparam("token_hash")))


def load_session_user(session: Session, cookie_value: str, *, idle_minutes: int = IDLE_MINUTES,
                      max_hours: int = MAX_HOURS, now: datetime | None = None) -> User | None:
    """The user of a live session named by ``cookie_value`` (``"<user id>:<token>"``), or None
    when it is unknown, ended, idle too long or too old (it is then ended for good)."""
    user_id, _, token = (cookie_value or "").partition(":")
    if not token or not user_id.isdigit():
        return None
    found = session.execute(_session_query(),
                            {"token_hash": token_hash(token)}).unique().first()
    row = found[0] if found is not None else None
    if (row is None or row.user_id != int(user_id) or row.ended_at is not None
            or not row.user.active):
        return None
    now = now or utcnow()
    if (now - _aware(row.last_seen_at) > timedelta(minutes=idle_minutes)
            or now - _aware(row.created_at) > timedelta(hours=max_hours)):
        row.ended_at = now
        session.flush()
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    user = row.user
    user.session_token = token
    user.session_extras = dict(zip(EXTRA_COLUMNS, found[1:]))
    return user


def end_session(session: Session, token: str | None) -> None:
    """Sign out one browser."""
    if token:
        session.execute(update(UserSession).where(UserSession.token_hash == token_hash(token),
                                                  UserSession.ended_at.is_(None))
                        .values(ended_at=utcnow()))
        session.flush()


def end_all_sessions(session: Session, user: User, *, keep_token: str | None = None) -> int:
    """Sign ``user`` out everywhere (but the browser holding ``keep_token``); how many ended."""
    statement = update(UserSession).where(UserSession.user_id == user.id,
                                          UserSession.ended_at.is_(None))
    if keep_token:
        statement = statement.where(UserSession.token_hash != token_hash(keep_token))
    result = session.execute(statement.values(ended_at=utcnow()))
    session.flush()
    return result.rowcount


def live_sessions_query(user: User, *, idle_minutes: int = IDLE_MINUTES,
                        max_hours: int = MAX_HOURS, now: datetime | None = None):
    """The user's sessions that still work, most recently used first: not ended, used within
    the idle timeout and started within the absolute one (sessions that timed out stay in the
    table, unended, and are left out here by the database)."""
    now = now or utcnow()
    return (select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.last_seen_at >= now - timedelta(minutes=idle_minutes),
        UserSession.created_at >= now - timedelta(hours=max_hours))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))


def end_session_by_id(session: Session, user: User, session_id: int) -> bool:
    """Sign out one of the user's own sessions (another user's id changes nothing)."""
    result = session.execute(update(UserSession).where(
        UserSession.id == session_id, UserSession.user_id == user.id,
        UserSession.ended_at.is_(None)).values(ended_at=utcnow()))
    session.flush()
    return result.rowcount == 1
