"""Consent pages: a lead firm answers sponsorship invitations, an operator invites sponsors,
an SME answers an enrolment offer or leaves a programme (rules in ``supplierlink.consent``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from supplierlink.access import current_org, org_required
from supplierlink.db import get_session
from supplierlink.errors import ServiceError
from supplierlink.forms import apply_service_errors, choices
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import lead_firm_choices
from supplierlink.programmes.agreements import answer_enrolment, leave_programme
from supplierlink.programmes.blueprint import bp, load_enrolment, load_programme
from supplierlink.programmes.forms import AnswerForm, LeaveForm, SponsorForm
from supplierlink.programmes.models import Programme, ProgrammeSponsor
from supplierlink.programmes.sponsorship import (
    answer_sponsorship,
    invite_sponsor,
    sponsorship_invitations,
)


@bp.route("/invitations")
@org_required("lead_firm")
def invitations():
    return render_template("programmes/invitations.html", form=AnswerForm(),
                           links=sponsorship_invitations(get_session(), current_org()))


@bp.route("/invitations/<int:programme_id>", methods=["POST"])
@org_required("lead_firm")
def answer_invitation(programme_id: int):
    session, org = get_session(), current_org()
    link = session.scalar(select(ProgrammeSponsor).where(
        ProgrammeSponsor.programme_id == programme_id, ProgrammeSponsor.organisation_id == org.id))
    if link is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            answer_sponsorship(session, session.get(Programme, programme_id), org, current_user,
                               form.answer.data == "accept")
        except ServiceError as exc:
            apply_service_errors(form, exc.errors)
        else:
            flash(_("Your answer is recorded."), "success")
            return redirect(url_for("programmes.invitations"))
    return render_template("programmes/invitations.html", form=form,
                           links=sponsorship_invitations(session, org)), 422


@bp.route("/<int:programme_id>/sponsors", methods=["POST"])
@org_required()
def invite(programme_id: int):
    programme, _role = load_programme(programme_id, manage=True)
    session = get_session()
    form = SponsorForm()
    form.organisation_id.choices = choices(lead_firm_choices(session))
    if form.validate_on_submit():
        invite_sponsor(session, programme, session.get(Organisation, form.organisation_id.data),
                       current_user)
        flash(_("The lead firm is invited; it becomes a sponsor when it accepts."), "success")
        return redirect(url_for("programmes.show", programme_id=programme.id))
    flash(_("Choose a lead firm to invite."), "error")
    return redirect(url_for("programmes.show", programme_id=programme.id)), 303


@bp.route("/enrolments/<int:enrolment_id>/answer", methods=["POST"])
@org_required("sme")
def answer_offer(enrolment_id: int):
    enrolment, _role = load_enrolment(enrolment_id, ("supplier",))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            answer_enrolment(get_session(), enrolment, current_org(), current_user,
                             form.answer.data == "accept")
        except ServiceError as exc:
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "error")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id)), 303
        flash(_("You joined the programme.") if enrolment.status == "active"
              else _("You declined the offer."), "success")
        return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id))
    flash(_("Choose whether you accept or decline."), "error")
    return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id)), 303


@bp.route("/enrolments/<int:enrolment_id>/leave", methods=["POST"])
@org_required("sme")
def leave(enrolment_id: int):
    enrolment, _role = load_enrolment(enrolment_id, ("supplier",))
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            leave_programme(get_session(), enrolment, current_org(), current_user,
                            form.reason.data)
        except ServiceError as exc:
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "error")
            return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id)), 303
        flash(_("You left the programme; it no longer sees your data."), "success")
        return redirect(url_for("programmes.my_plan"))
    flash(_("The reason is too long."), "error")
    return redirect(url_for("programmes.enrolment", enrolment_id=enrolment.id)), 303
