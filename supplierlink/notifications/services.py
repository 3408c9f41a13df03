"""Telling users what happened: a notice in the app and, if they want it, an e-mail.

Each notice has a key naming the fact it reports; the same fact is never reported twice to
the same user, which makes the daily run and retried jobs safe to repeat.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from supplierlink.auth.models import Membership, User
from supplierlink.auth.sessions import extra_column
from supplierlink.db import in_codes, utcnow
from supplierlink.mail import send_mail
from supplierlink.notifications.kinds import KINDS, body, subject
from supplierlink.notifications.models import Notification, NotificationPreference

SALT = "notifications-unsubscribe"


def preferences(session: Session, user_id: int) -> dict[str, tuple[bool, bool]]:
    """(in app, by e-mail) for every kind; both on unless the user turned them off."""
    found = {kind: (True, True) for kind in KINDS}
    for row in session.scalars(select(NotificationPreference).where(
            NotificationPreference.user_id == user_id)):
        found[row.kind] = (row.in_app, row.email)
    return found


def set_preference(session: Session, user_id: int, kind: str, in_app: bool | None = None,
                   email: bool | None = None) -> None:
    if kind not in KINDS:
        raise KeyError(kind)
    row = session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == kind))
    if row is None:
        row = NotificationPreference(user_id=user_id, kind=kind, in_app=True, email=True)
        session.add(row)
    if in_app is not None:
        row.in_app = in_app
    if email is not None:
        row.email = email
    session.flush()


def members(session: Session, organisation_id: int) -> list[User]:
    return session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.id)).all()


def notify(session: Session, user: User, kind: str, key: str, params: dict,
           link: str | None = None) -> Notification | None:
    """Record the notice and send its e-mail, unless the user turned both off or was already
    told this fact (``key``)."""
    in_app, by_email = preferences(session, user.id)[kind]
    if not (in_app or by_email):
        return None
    if session.scalar(select(Notification.id).where(Notification.user_id == user.id,
                                                    Notification.key == key)) is not None:
        return None
    notice = Notification(user_id=user.id, kind=kind, key=key[:160], params=params, link=link,
                          read_at=None if in_app else utcnow())
    session.add(notice)
    session.flush()
    if by_email:
        email_notice(session, user, notice)
    return notice


def notify_organisation(session: Session, organisation_id: int, kind: str, key: str,
                        params: dict, link: str | None = None,
                        except_user_id: int | None = None) -> int:
    sent = 0
    for user in members(session, organisation_id):
        if user.id != except_user_id and notify(session, user, kind, key, params, link):
            sent += 1
    return sent


def unsubscribe_token(user_id: int, kind: str) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, kind = URLSafeSerializer(current_app.config["SECRET_KEY"],
                                          salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return (user_id, kind) if kind in KINDS else None


def absolute(path: str) -> str:
    return current_app.config.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/") + path


def email_notice(session: Session, user: User, notice: Notification) -> None:
    """The e-mail of a notice, in the user's language, with a link to stop this kind."""
    unsubscribe = absolute(f"/notifications/unsubscribe/{unsubscribe_token(user.id, notice.kind)}")
    with force_locale(user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "es")):
        title = subject(notice.kind, notice.params)
        lines = [title, "", body(notice.kind, notice.params)]
        if notice.link:
            lines += ["", _("Open it on SupplierLink: %(url)s", url=absolute(notice.link))]
        lines += ["", "--", _("You receive this because of your notification settings. To stop "
                              "e-mails of this kind: %(url)s", url=unsubscribe)]
    send_mail(session, user.email, f"SupplierLink: {title}", "\n".join(lines),
              headers={"List-Unsubscribe": f"<{unsubscribe}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def visible_query(session: Session, user_id: int):
    """The user's notices of the kinds they want in the app, newest first."""
    shown = [kind for kind, (in_app, _email) in preferences(session, user_id).items() if in_app]
    return (select(Notification).where(Notification.user_id == user_id,
                                       Notification.kind.in_(shown))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def _unread(user_id):
    """The unread notices of the kinds the user wants in the app (their switched-off kinds
    read inside it), as a scalar expression of ``user_id`` (a value or a column)."""
    # the notice's own user and kind (correlated to the notice only: ``user_id`` may be a
    # column of the query this is read in)
    switched_off = select(NotificationPreference.id).where(
        NotificationPreference.user_id == Notification.user_id,
        NotificationPreference.kind == Notification.kind,
        NotificationPreference.in_app.is_(False))
    return (select(func.count()).where(
        Notification.user_id == user_id, Notification.read_at.is_(None),
        in_codes(Notification.kind, sorted(KINDS)), ~switched_off.exists()).scalar_subquery())


# the bell's count is read with the signed-in user's session, in the same query
extra_column("unread_notifications")(_unread)


def unread_count(session: Session, user_id: int) -> int:
    """The bell on every page: one query."""
    return session.scalar(select(_unread(user_id))) or 0


def bell_count(session: Session, user) -> int:
    """The bell's count for the page being drawn: the one read with the session, unless this
    request has changed notices or their settings since (then read again)."""
    read = (user.session_extras or {}).get("unread_notifications")
    if read is None or session.info.get(NOTICES_CHANGED) or _pending_notices(session):
        return unread_count(session, user.id)
    return read


#: set on a database session that has written notices or settings (``bell_count``)
NOTICES_CHANGED = "notices_changed"


def _pending_notices(session: Session) -> bool:
    return any(isinstance(obj, (Notification, NotificationPreference))
               for obj in (*session.new, *session.dirty, *session.deleted))


@event.listens_for(Session, "before_flush")
def _notices_changed(session, _context, _instances):
    if _pending_notices(session):
        session.info[NOTICES_CHANGED] = True


def mark_all_read(session: Session, user_id: int) -> None:
    for notice in session.scalars(select(Notification).where(
            Notification.user_id == user_id, Notification.read_at.is_(None))):
        notice.read_at = utcnow()
    session.flush()
