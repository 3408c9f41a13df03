"""Accounts: registering an organisation with its first user, signing in, memberships."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.auth.models import Membership, User
from supplierlink.auth.passwords import (
    hash_password,
    password_problems,
    verify_against_nobody,
    verify_password,
)
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import OrganisationData, create_organisation

PASSWORD_MESSAGES = {
    "too_short": _l("Use at least 12 characters."),
    "too_common": _l("This password is too common; choose another."),
    "contains_email": _l("The password must not contain your e-mail name."),
}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, email: str, name: str, password: str, *,
                is_admin: bool = False, locale: str | None = None,
                confirmed: bool = True) -> User:
    """A new user; ``confirmed=False`` for one who must first open the link e-mailed to them."""
    email = normalise_email(email)
    errors: dict[str, list] = {}
    problems = password_problems(password, email, name)
    if problems:
        errors["password"] = [PASSWORD_MESSAGES[p] for p in problems]
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        errors["email"] = [_l("An account with this e-mail already exists.")]
    if not name.strip():
        errors["name"] = [_l("Your name is required.")]
    if errors:
        raise ServiceError(errors)
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                is_admin=is_admin, locale=locale,
                email_confirmed_at=utcnow() if confirmed else None)
    session.add(user)
    session.flush()
    if is_admin:
        signals.membership_changed.send(session, user_id=user.id, organisation_id=None,
                                        role="admin", change="administrator appointed",
                                        by_user_id=None)
    return user


def add_member(session: Session, user: User, org: Organisation, role: str = "member", *,
               by_user_id: int | None = None) -> Membership:
    membership = Membership(user=user, organisation=org, role=role)
    session.add(membership)
    session.flush()
    signals.membership_changed.send(session, user_id=user.id, organisation_id=org.id, role=role,
                                    change="added", by_user_id=by_user_id)
    return membership


def register_account(session: Session, org_data: OrganisationData, email: str, name: str,
                     password: str, locale: str | None = None,
                     confirmed: bool = True) -> tuple[Organisation, User]:
    """Register an organisation and its first user (its owner); all or nothing. (The public
    form goes through ``auth.signup``, which answers alike whether or not the e-mail is new.)"""
    errors: dict[str, list] = {}
    with session.begin_nested() as savepoint:
        try:
            org = create_organisation(session, org_data)
        except ServiceError as exc:
            errors.update(exc.errors)
            org = None
        try:
            user = create_user(session, email, name, password, locale=locale,
                               confirmed=confirmed)
        except ServiceError as exc:
            errors.update(exc.errors)
            user = None
        if errors:
            savepoint.rollback()
            raise ServiceError(errors)
        add_member(session, user, org, role="owner")
    return org, user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, or None; every attempt is announced."""
    email = normalise_email(email)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        # Check a hash anyway: an unknown e-mail takes as long to refuse as a wrong password.
        verify_against_nobody(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    if ok and user.email_confirmed_at is None:
        signals.sign_in_attempted.send(session, user_id=user.id, email=email, success=False,
                                       reason="e-mail not confirmed")
        raise ServiceError({"": [_l("Confirm your e-mail address first: open the link we "
                                    "sent you when you registered.")]})
    signals.sign_in_attempted.send(session, user_id=user.id if user else None, email=email,
                                   success=ok)
    return user if ok else None
