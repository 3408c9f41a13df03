"""Changing a password, and resetting a forgotten one through a single-use e-mailed link that
expires after an hour. Either way every other session of the account ends."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from supplierlink import mail, signals
from supplierlink.auth.models import AccountToken, User
from supplierlink.auth.passwords import hash_password, password_problems, verify_password
from supplierlink.auth.sessions import _aware, end_all_sessions, token_hash
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError

RESET_VALID_FOR = timedelta(hours=1)


def check_new_password(user: User, password: str, confirm: str, field: str = "password") -> None:
    from supplierlink.auth.services import PASSWORD_MESSAGES

    problems = password_problems(password, user.email, user.name)
    if problems:
        raise ServiceError({field: [PASSWORD_MESSAGES[p] for p in problems]})
    if password != confirm:
        raise ServiceError({"confirm": [_l("The passwords do not match.")]})


def change_password(session: Session, user: User, current: str, new: str, confirm: str) -> int:
    """Set a new password after checking the current one; other sessions end (how many)."""
    if not verify_password(user.password_hash, current or ""):
        raise ServiceError({"current": [_l("This is not your current password.")]})
    check_new_password(user, new, confirm)
    user.password_hash = hash_password(new)
    session.flush()
    ended = end_all_sessions(session, user, keep_token=user.session_token)
    _password_changed(session, user, "password changed", ended)
    return ended


def _password_changed(session: Session, user: User, change: str, ended: int) -> None:
    """Announce it, and tell the person by e-mail: if it was not them, they learn at once."""
    signals.account_changed.send(session, user_id=user.id, change=change, sessions_ended=ended)
    mail.send_mail(session, user.email, str(_l("Your SupplierLink password was changed")), str(_l(
        "The password of your SupplierLink account was just changed, and every other session "
        "of the account was signed out.\n\nIf you did not do this, reset your password at "
        "once from the sign-in page and tell an administrator.")))


def issue_token(session: Session, user: User, purpose: str, valid_for: timedelta) -> str:
    """A new single-use token; earlier unused ones of the same purpose stop working."""
    now = utcnow()
    session.execute(update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == purpose,
        AccountToken.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash(token),
                             expires_at=now + valid_for))
    session.flush()
    return token


def find_token(session: Session, token: str, purpose: str,
               now: datetime | None = None) -> AccountToken | None:
    """The live token (unused, unexpired, of that purpose), or None."""
    row = session.scalar(select(AccountToken).where(
        AccountToken.token_hash == token_hash(token or ""), AccountToken.purpose == purpose))
    now = now or utcnow()
    if row is None or row.used_at is not None or _aware(row.expires_at) <= now:
        return None
    if not row.user.active and purpose == "reset":
        return None
    return row


def request_password_reset(session: Session, email: str, link_for) -> bool:
    """E-mail a reset link to ``email`` if an account uses it (the caller answers the same
    either way); ``link_for(token)`` builds the absolute URL. Whether a mail was sent."""
    from supplierlink.auth.services import normalise_email

    user = session.scalar(select(User).where(User.email == normalise_email(email or "")))
    if user is None or not user.active:
        return False
    token = issue_token(session, user, "reset", RESET_VALID_FOR)
    mail.send_mail(session, user.email, str(_l("Reset your SupplierLink password")), str(_l(
        "Someone (we hope you) asked to reset the password of your SupplierLink account.\n\n"
        "Open this link within one hour to choose a new password; it works once:\n%(link)s\n\n"
        "If you did not ask, ignore this message: your password stays as it is.",
        link=link_for(token))))
    return True


def reset_password(session: Session, token: str, new: str, confirm: str) -> User:
    """Use a reset link: set the password, spend the link, end every session of the account."""
    row = find_token(session, token, "reset")
    if row is None:
        raise ServiceError({"": [_l("This link has expired or was already used. "
                                    "Ask for a new one.")]})
    check_new_password(row.user, new, confirm)
    row.user.password_hash = hash_password(new)
    row.used_at = utcnow()
    session.flush()
    ended = end_all_sessions(session, row.user)
    _password_changed(session, row.user, "password reset", ended)
    return row.user
