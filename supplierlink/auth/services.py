"""Accounts: registering an organisation with its first user, signing in, memberships."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplierlink.auth.models import Membership, User
from supplierlink.auth.passwords import hash_password, password_problems, verify_password
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
                is_admin: bool = False, locale: str | None = None) -> User:
    email = normalise_email(email)
    errors: dict[str, list] = {}
    problems = password_problems(password, email)
    if problems:
        errors["password"] = [PASSWORD_MESSAGES[p] for p in problems]
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        errors["email"] = [_l("An account with this e-mail already exists.")]
    if not name.strip():
        errors["name"] = [_l("Your name is required.")]
    if errors:
        raise ServiceError(errors)
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                is_admin=is_admin, locale=locale)
    session.add(user)
    session.flush()
    return user


def add_member(session: Session, user: User, org: Organisation, role: str = "member") -> Membership:
    membership = Membership(user=user, organisation=org, role=role)
    session.add(membership)
    session.flush()
    return membership


def register_account(session: Session, org_data: OrganisationData, email: str, name: str,
                     password: str, locale: str | None = None) -> tuple[Organisation, User]:
    """Register an organisation and its first user (its owner); all or nothing."""
    errors: dict[str, list] = {}
    with session.begin_nested() as savepoint:
        try:
            org = create_organisation(session, org_data)
        except ServiceError as exc:
            errors.update(exc.errors)
            org = None
        try:
            user = create_user(session, email, name, password, locale=locale)
        except ServiceError as exc:
            errors.update(exc.errors)
            user = None
        if errors:
            savepoint.rollback()
            raise ServiceError(errors)
        add_member(session, user, org, role="owner")
    return org, user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        # Hash anyway so the answer takes as long for an unknown e-mail as for a wrong password.
        verify_password(hash_password("timing-equaliser"), password)
        return None
    if not user.active or not verify_password(user.password_hash, password):
        return None
    return user
