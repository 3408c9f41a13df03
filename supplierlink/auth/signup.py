"""Registration from the public form, answered alike whether or not the e-mail is new.

A new address gets an account that signs in only after the link e-mailed to it is opened; an
address that already has an account gets a message saying so (with a way to sign in or reset
the password) and nothing is created. Both take the same steps (for a known address the new
rows are made under a throw-away address and rolled back; one mail is queued either way), so
neither the page nor its timing tells whether an account exists.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import mail, signals
from supplierlink.auth.models import User
from supplierlink.auth.passwords import password_problems
from supplierlink.auth.recovery import find_token, issue_token
from supplierlink.auth.services import (
    PASSWORD_MESSAGES,
    normalise_email,
    register_account,
)
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.organisations.services import OrganisationData

CONFIRM_VALID_FOR = timedelta(hours=24)


def sign_up(session: Session, org_data: OrganisationData, email: str, name: str,
            password: str, locale: str | None, links) -> None:
    """Register from the public form; ``links`` builds absolute URLs: ``links.confirm(token)``,
    ``links.sign_in()`` and ``links.reset()``. Raises ServiceError for bad input only."""
    email = normalise_email(email)
    existing = session.scalar(select(User).where(User.email == email))
    if existing is None:
        _org, user = register_account(session, org_data, email, name, password, locale=locale,
                                      confirmed=False)
        _send_confirmation(session, user, links)
        return
    _rehearse(session, org_data, email, name, password, locale)
    if existing.email_confirmed_at is None:
        _send_confirmation(session, existing, links)
        return
    mail.send_mail(session, existing.email, str(_l("Someone tried to register with your "
                                                   "address")), str(_l(
        "Someone (perhaps you) tried to register a new organisation on SupplierLink with this "
        "e-mail address, which already has an account. Nothing was created.\n\n"
        "Sign in: %(sign_in)s\nForgot your password? %(reset)s\n\n"
        "If it was not you, you can ignore this message.",
        sign_in=links.sign_in(), reset=links.reset())))


def _rehearse(session: Session, org_data: OrganisationData, email: str, name: str,
              password: str, locale: str | None) -> None:
    """Make a new registration's rows (organisation, user with its password hash, membership,
    confirmation token) under a throw-away address and roll them back: the same checks and the
    same work as for a new e-mail, with nothing kept. Raises the errors a new one would."""
    errors: dict[str, list] = {}
    with session.begin_nested() as savepoint:
        try:
            _org, user = register_account(session, org_data,
                                          f"{secrets.token_hex(8)}@rehearsal.invalid", name,
                                          password, locale=locale, confirmed=False)
            issue_token(session, user, "confirm", CONFIRM_VALID_FOR)
        except ServiceError as exc:
            errors.update(exc.errors)
        savepoint.rollback()
    # the password is judged against the real address, as it would be for a new account
    errors.pop("password", None)
    problems = password_problems(password, email, name)
    if problems:
        errors["password"] = [PASSWORD_MESSAGES[p] for p in problems]
    if errors:
        raise ServiceError(errors)


def _send_confirmation(session: Session, user: User, links) -> None:
    token = issue_token(session, user, "confirm", CONFIRM_VALID_FOR)
    mail.send_mail(session, user.email, str(_l("Confirm your SupplierLink registration")), str(_l(
        "Welcome to SupplierLink, %(name)s.\n\nOpen this link within 24 hours to confirm your "
        "e-mail address and start using your account:\n%(link)s\n\n"
        "If you did not register, ignore this message: the account stays unused.",
        name=user.name, link=links.confirm(token))))


def confirm_email(session: Session, token: str) -> User:
    """Use a confirmation link: the account can sign in from now on."""
    row = find_token(session, token, "confirm")
    if row is None:
        raise ServiceError({"": [_l("This link has expired or was already used. Register "
                                    "again, or sign in if you already confirmed.")]})
    row.used_at = utcnow()
    row.user.email_confirmed_at = row.user.email_confirmed_at or utcnow()
    session.flush()
    signals.account_changed.send(session, user_id=row.user.id, change="e-mail confirmed",
                                 sessions_ended=0)
    return row.user
