"""Authorisation helpers: who is acting, for which organisation, with which role.

Another organisation's data answers 404, so its existence is not revealed.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, session
from flask_login import current_user, login_required

from supplierlink.auth.models import Membership

ACTIVE_ORG_KEY = "org_id"


def current_membership() -> Membership | None:
    if not current_user.is_authenticated or not current_user.memberships:
        return None
    wanted = session.get(ACTIVE_ORG_KEY)
    for membership in current_user.memberships:
        if membership.organisation_id == wanted:
            return membership
    return current_user.memberships[0]


def current_org():
    membership = current_membership()
    return membership.organisation if membership else None


def org_required(*kinds: str, role: str | None = None):
    """Require a signed-in member of an organisation of one of ``kinds`` (any kind if none)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            membership = current_membership()
            if membership is None:
                abort(403)
            if kinds and membership.organisation.kind not in kinds:
                abort(403)
            if role == "owner" and membership.role != "owner":
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def verifier_required(view):
    """Administrators and the verifiers they appointed (``supplierlink.consent.may_verify``)."""
    from supplierlink.consent import may_verify

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not may_verify(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def ensure_owned(obj, organisation_id_attr: str = "organisation_id"):
    """Return ``obj`` if it belongs to the acting organisation, else answer 404."""
    org = current_org()
    if obj is None or org is None or getattr(obj, organisation_id_attr) != org.id:
        abort(404)
    return obj
