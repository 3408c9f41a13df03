"""The audit log for administrators: filter, page through and export; nothing to edit."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from supplierlink import signals
from supplierlink.access import admin_required
from supplierlink.audit.services import AuditFilter, event_names, events_csv, events_query
from supplierlink.db import get_session
from supplierlink.forms import SafeForm, choices
from supplierlink.paging import paginate_query, requested_page

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


class AuditFilterForm(SafeForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    event = SelectField(_l("Event"), validators=[Optional()])
    user = StringField(_l("User (e-mail or id)"), validators=[Optional(), Length(max=254)])
    organisation = IntegerField(_l("Organisation id"),
                                validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    ip = StringField(_l("Address (IP)"), validators=[Optional(), Length(max=45)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event.choices = choices([("", _l("Any"))] + [(n, n) for n in event_names()])

    def filters(self) -> AuditFilter:
        typed = (self.user.raw_data or [""])[0] + (self.ip.raw_data or [""])[0]
        if not self.validate() or any(ord(c) < 32 for c in typed):
            return AuditFilter(refused=True)  # a refused filter shows nothing rather than all
        return AuditFilter(event=self.event.data or "", user=self.user.data or "",
                           organisation_id=self.organisation.data, ip=self.ip.data or "",
                           since=self.since.data, until=self.until.data)


@bp.route("")
@admin_required
def index():
    form = AuditFilterForm(formdata=request.args)
    page = paginate_query(get_session(), events_query(form.filters()), requested_page())
    arguments = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("audit/index.html", form=form, page=page, arguments=arguments)


@bp.route("/export.csv")
@admin_required
def export():
    session = get_session()
    form = AuditFilterForm(formdata=request.args)
    data, count = events_csv(session, form.filters())
    signals.data_exported.send(session, what="audit log", user_id=current_user.id,
                               organisation_id=None, rows=count)
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=audit-{date.today().isoformat()}.csv"})
