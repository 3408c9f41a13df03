"""The kinds of notice, and their sentences: built when read, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from supplierlink.labels import SUPPLIER_APPLICATION_STATUS_LABELS, label

KINDS = {
    "new_requirements": _l("New requirements you qualify for or nearly do (daily digest)"),
    "application_status": _l("Changes to the status of your applications"),
    "application_received": _l("Applications to your requirements"),
    "message": _l("Messages on applications"),
    "certificate_expiring": _l("Certificates about to expire (60 and 30 days before)"),
    "milestone_due": _l("Programme milestones due soon or overdue"),
    "invitation": _l("Sponsorship and enrolment invitations"),
}


def subject(kind: str, p: dict) -> str:
    """One line: the bell's list entry and the e-mail's subject."""
    if kind == "new_requirements":
        return ngettext("%(num)s new requirement for you", "%(num)s new requirements for you",
                        len(p["requirements"]))
    if kind == "application_status":
        return _("Your application to “%(title)s”: %(status)s", title=p["title"],
                 status=label(SUPPLIER_APPLICATION_STATUS_LABELS, p["status"]))
    if kind == "application_received":
        return _("%(supplier)s applied to “%(title)s”", supplier=p["supplier"], title=p["title"])
    if kind == "message":
        return _("New message from %(sender)s about “%(title)s”", sender=p["sender"],
                 title=p["title"])
    if kind == "certificate_expiring":
        return _("%(standard)s of %(supplier)s expires in %(days)s days", standard=p["standard"],
                 supplier=p["supplier"], days=p["days"])
    if kind == "milestone_due":
        if p.get("overdue"):
            return _("Milestone overdue: “%(title)s” (%(supplier)s)", title=p["title"],
                     supplier=p["supplier"])
        return _("Milestone due on %(date)s: “%(title)s” (%(supplier)s)", title=p["title"],
                 supplier=p["supplier"], date=p["due_on"])
    if kind == "invitation":
        if p.get("what") == "sponsorship":
            return _("%(operator)s invites you to sponsor “%(programme)s”",
                     operator=p["operator"], programme=p["programme"])
        if p.get("what") == "enrolment_request":
            return _("%(supplier)s asks to join “%(programme)s”", supplier=p["supplier"],
                     programme=p["programme"])
        return _("“%(programme)s” offers you enrolment", programme=p["programme"])
    return kind


def body(kind: str, p: dict) -> str:
    """The lines below the subject (the e-mail's text; details on the notifications page)."""
    if kind == "new_requirements":
        lines = []
        for r in p["requirements"]:
            fit = _("you qualify") if r["qualified"] else _("you nearly qualify")
            lines.append(f"- {r['title']} ({r['buyer']}): {fit}")
        return "\n".join(lines)
    if kind == "application_status" and p.get("reason"):
        return _("Reason: %(reason)s", reason=p["reason"])
    if kind == "message":
        return p.get("excerpt", "")
    if kind == "certificate_expiring":
        return _("Renew it before %(date)s so that buyers keep counting it.", date=p["expires_on"])
    return ""
