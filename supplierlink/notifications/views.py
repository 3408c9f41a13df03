"""The bell: the user's notices, their settings per kind, and the unsubscribe link of e-mails."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supplierlink.auth.models import User
from supplierlink.db import get_session, utcnow
from supplierlink.extensions import csrf
from supplierlink.notifications import services
from supplierlink.notifications.kinds import KINDS, body, subject
from supplierlink.notifications.models import Notification
from supplierlink.paging import paginate_query, requested_page

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def _bell():
    if not current_user.is_authenticated:
        return {}
    user = current_user._get_current_object()
    return {"unread_notifications": services.bell_count(get_session(), user)}


@bp.route("/")
@login_required
def index():
    page = paginate_query(get_session(), services.visible_query(get_session(), current_user.id),
                          requested_page())
    items = [{"notice": n, "subject": subject(n.kind, n.params), "body": body(n.kind, n.params)}
             for n in page.items]
    return render_template("notifications/index.html", page=page, items=items)


@bp.route("/<int:notification_id>")
@login_required
def open_notice(notification_id: int):
    """Mark the notice read and go where it points."""
    session = get_session()
    notice = session.get(Notification, notification_id)
    if notice is None or notice.user_id != current_user.id:
        abort(404)
    if notice.read_at is None:
        notice.read_at = utcnow()
    return redirect(notice.link or url_for("notifications.index"))


@bp.route("/read", methods=["POST"])
@login_required
def mark_all_read():
    services.mark_all_read(get_session(), current_user.id)
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    session = get_session()
    if request.method == "POST":
        for kind in KINDS:
            services.set_preference(session, current_user.id, kind,
                                    in_app=request.form.get(f"{kind}-app") == "1",
                                    email=request.form.get(f"{kind}-email") == "1")
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", kinds=KINDS,
                           preferences=services.preferences(session, current_user.id))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # mail programs post here on their own ("List-Unsubscribe-Post: One-Click")
def unsubscribe(token: str):
    found = services.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user_id, kind = found
    user = get_session().get(User, user_id) or abort(404)
    if request.method == "POST":
        services.set_preference(get_session(), user_id, kind, email=False)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return render_template("notifications/unsubscribe.html", kind=KINDS[kind],
                               done=request.method == "POST")
