"""What a buyer is told after acting, in words, and which actions ask to be confirmed first."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import TRANSITIONS
from supplierlink.requirements.workflow import ACTIVE_STATUSES

#: action (or status) -> the value that needs a second, confirmed request
CONFIRMED = {"award": "award", "close": "closed"}


def needs_confirmation(what: str, value: str | None, req: Requirement,
                       confirmed: bool | None = None) -> bool:
    """Awarding and closing happen only when the request says it was confirmed (an action
    the requirement's status refuses goes straight on to be refused, with its reason).
    ``confirmed`` is the API's flag; the pages send ``confirm=1`` with the form."""
    if confirmed is None:
        confirmed = request.form.get("confirm") == "1"
    possible = (req.status in ACTIVE_STATUSES if what == "award"
                else CONFIRMED[what] in TRANSITIONS[req.status])
    return possible and value == CONFIRMED[what] and not confirmed


def action_done(action: str, name: str) -> str:
    messages = {
        "shortlist": _("%(name)s was shortlisted.", name=name),
        "invite": _("%(name)s was invited to apply.", name=name),
        "reject": _("%(name)s was not selected; the reason was sent to the supplier.",
                    name=name),
        "award": _("The requirement was awarded to %(name)s.", name=name),
    }
    return messages.get(action, _("%(name)s: done.", name=name))


def status_done(req: Requirement) -> str:
    messages = {
        "open": _("“%(title)s” is published: suppliers can see it and apply.", title=req.title),
        "closed": _("“%(title)s” is closed: it no longer takes applications.", title=req.title),
    }
    return messages.get(req.status, _("The requirement's status is changed."))
