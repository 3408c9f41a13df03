"""Personal API tokens: created and revoked by their user, stored as a SHA-256 hash (the token
is shown once), each with a scope and an expiry. A token acts as its user."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.api.models import TOKEN_SCOPES, ApiToken
from supplierlink.auth.models import User
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError

PREFIX = "slk_"
MAX_DAYS = 366


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(session: Session, user: User, name: str, scope: str, days: int) -> NewToken:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _l("Give the token a name (what will use it).")
    elif len(name) > 100:
        errors["name"] = _l("Use at most %(max)s characters.", max=100)
    if scope not in TOKEN_SCOPES:
        errors["scope"] = _l("Choose read or read and write.")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _l("A token lasts from 1 to %(max)s days.", max=MAX_DAYS)
    if errors:
        raise ServiceError(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=secret[:12], token_hash=_hash(secret),
                     scope=scope, expires_at=utcnow() + timedelta(days=days))
    session.add(token)
    session.flush()
    return NewToken(token, secret)


def revoke_token(session: Session, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()


def user_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def authenticate(session: Session, secret: str) -> ApiToken | None:
    """The live token for ``secret`` (not revoked, not expired, its user active), or None."""
    if not secret or not secret.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if _aware(token.expires_at) <= utcnow():
        return None
    token.last_used_at = utcnow()
    return token
