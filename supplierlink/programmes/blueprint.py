"""The programmes blueprint and the lookups every programme page starts with: the object, and
the acting organisation's role toward it (or a 404 / 403)."""

from __future__ import annotations

from flask import Blueprint, abort

from supplierlink.access import current_org
from supplierlink.db import get_session
from supplierlink.programmes.models import Enrolment, Programme
from supplierlink.programmes.services import enrolment_role, programme_role
from supplierlink.programmes.wording import milestone_title

bp = Blueprint("programmes", __name__, url_prefix="/programmes")


bp.add_app_template_filter(milestone_title, "milestone_title")


def load_programme(programme_id: int, manage: bool = False) -> tuple[Programme, str]:
    """The programme and ``manager`` / ``sponsor``; strangers get 404, sponsors asking to
    change something 403."""
    programme = get_session().get(Programme, programme_id)
    role = programme_role(programme, current_org())
    if role is None:
        abort(404)
    if manage and role != "manager":
        abort(403)
    return programme, role


def load_enrolment(enrolment_id: int, allowed: tuple[str, ...] = ("manager", "sponsor",
                                                                   "supplier")):
    """The enrolment and the acting organisation's role (``manager``, ``sponsor`` or
    ``supplier``); a role not in ``allowed`` gets 403, a stranger 404."""
    enrolment = get_session().get(Enrolment, enrolment_id)
    role = enrolment_role(enrolment, current_org())
    if role is None:
        abort(404)
    if role not in allowed:
        abort(403)
    return enrolment, role
