"""Every state-changing service, called by each kind of party: its own organisation, another
organisation, an organisation that consented and one that did not. A new service that changes
data fails ``test_every_service_has_a_row`` until someone decides which rule applies to it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

import supplierlink
from supplierlink.admin.queue import decide_many
from supplierlink.admin.services import appoint_verifier, review_certification
from supplierlink.clusters.mentors import answer_pair, end_pair, propose_pair
from supplierlink.clusters.services import (
    ClusterData,
    answer_invitation,
    create_cluster,
    end_sponsorship,
    update_cluster,
)
from supplierlink.clusters.services import invite_sponsor as cluster_invite
from supplierlink.consent import ConsentRefused
from supplierlink.errors import ServiceError
from supplierlink.messages.services import post_message
from supplierlink.programmes.agreements import answer_enrolment, leave_programme
from supplierlink.programmes.corrections import correct_kpi, correct_milestone
from supplierlink.programmes.kpis import record_kpis
from supplierlink.programmes.services import (
    enrol_supplier,
    gaps_for,
)
from supplierlink.programmes.sponsorship import answer_sponsorship, invite_sponsor
from supplierlink.programmes.tracking import (
    CertificateEvidence,
    achieve_milestone,
    add_plan_item_evidence,
    complete_plan_item,
    move_stage,
)
from supplierlink.requirements.models import Application
from supplierlink.requirements.services import RequirementData, create_requirement
from supplierlink.requirements.workflow import act_on_candidate
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.services import request_verification, set_certification_status
from supplierlink.suppliers.sharing import share_profile, stop_sharing
from tests.integration.programme_scenario import build, enrol_accepted
from tests.integration.test_suppliers_support import certify

TODAY = date.today()
STATE = re.compile(r"\.flush\(|session\.(add|add_all|delete)\(|\.send\(|_flush\(|log_event\(|"
                   r"\b(add|create|update|change|set|record|store|post|enrol|move|complete|"
                   r"achieve|correct|answer|leave|invite|share|stop|apply|withdraw|remove|"
                   r"declare|review|appoint|request|register|import|rank|learn|load)_\w*\(")

#: Services whose every call acts between organisations: the cases below try them.
CONSENT = {
    "programmes.sponsorship.invite_sponsor", "programmes.sponsorship.answer_sponsorship",
    "programmes.services.enrol_supplier", "programmes.agreements.answer_enrolment",
    "programmes.agreements.leave_programme", "programmes.tracking.move_stage",
    "programmes.tracking.achieve_milestone", "programmes.tracking.complete_plan_item",
    "programmes.tracking.add_plan_item_evidence", "programmes.kpis.record_kpis",
    "programmes.corrections.correct_kpi", "programmes.corrections.correct_milestone",
    "suppliers.services.set_certification_status", "admin.services.review_certification",
    "suppliers.services.request_verification", "admin.services.appoint_verifier",
    "requirements.workflow.act_on_candidate", "suppliers.sharing.share_profile",
    "suppliers.sharing.stop_sharing", "suppliers.applications.apply_to_requirement",
    "admin.queue.decide_many", "messages.services.post_message",
    "clusters.services.invite_sponsor", "clusters.services.answer_invitation",
    "clusters.services.update_cluster", "clusters.services.end_sponsorship",
    "clusters.mentors.propose_pair", "clusters.mentors.answer_pair", "clusters.mentors.end_pair",
}
#: Services that only change the acting organisation's own data: the route hands them the
#: acting organisation's object (another organisation's answers 404, see the route walk).
OWN = {
    "auth.services.add_member", "organisations.services.update_organisation",
    "programmes.services.create_programme", "programmes.services.update_programme",
    "programmes.services.add_cohort",
    "requirements.services.create_requirement", "requirements.services.update_requirement",
    "requirements.services.post_requirement", "requirements.services.set_status",
    "requirements.services.change_status", "requirements.workflow.record_feedback",
    "suppliers.applications.withdraw_application", "suppliers.services.update_profile",
    "suppliers.services.save_profile", "suppliers.services.add_export",
    "suppliers.services.record_export", "suppliers.services.remove_export",
    "suppliers.services.add_certification", "suppliers.services.declare_certification",
    "suppliers.services.get_profile",
    # a user's own account: the password, and the sessions of the signed-in user only
    "auth.recovery.change_password", "auth.sessions.end_all_sessions",
    "auth.sessions.end_session", "auth.sessions.end_session_by_id",
    # an SME's own certificates and profile (its onboarding steps), a user's own
    # notifications and settings, and the reading marks of the reader's own organisation
    "suppliers.lifecycle.declare_with_expiry_check", "suppliers.lifecycle.edit_certification",
    "suppliers.lifecycle.renew_certification", "suppliers.lifecycle.withdraw_certification",
    "onboarding.services.add_categories", "onboarding.services.remove_category",
    "onboarding.services.set_capacity", "onboarding.services.set_regions",
    "notifications.services.mark_all_read", "notifications.services.set_preference",
    "messages.services.mark_read",
    # a user's own API tokens; an operator's own clusters and the programme it drafts (the
    # suppliers in it are offered places, which they accept or not)
    "api.tokens.create_token", "api.tokens.revoke_token", "clusters.services.create_cluster",
    "clusters.demand.draft_programme",
    # what the public directory shows of an SME: chosen for its own organisation
    "directory.publication.set_publication",
}
#: Services nobody calls for another party: sign-up, the platform's own upkeep, internals
#: of the services above, and read-only helpers the pattern also catches.
SYSTEM = {
    "auth.services.create_user", "auth.services.register_account",
    "organisations.services.create_organisation", "catalogue.services.import_taxonomy",
    "catalogue.services.import_standards", "demo.load_demo", "programmes.demo.load_programme",
    "demo_scale.scale_demo",
    "matches.learning.learn_ranking_model", "matches.services.record_change",
    "matches.services.rank_requirement", "matches.services.rank_all_open",
    "requirements.services.rerank", "programmes.history.log_event",
    "programmes.history.sync_programme_stage", "programmes.kpis.add_observations",
    "consent.evidence_consenting_orgs", "main.services.dashboard_context",
    "matches.subscribers.rerank_open_requirements", "matches.subscribers.rerank_requirement",
    "uploads.store_pdf", "catalogue.services.load_reference_data",
    # signing up, in and out, and resetting a password by a token sent to the account
    "auth.services.authenticate", "auth.signup.sign_up", "auth.signup.confirm_email",
    "auth.sessions.start_session", "auth.sessions.load_session_user",
    "auth.recovery.issue_token", "auth.recovery.request_password_reset",
    "auth.recovery.reset_password",
    # the audit log's own writer, and the transaction helpers every service uses
    "audit.services.record", "transactions.flush_or_conflict", "transactions.lock",
    # the search index, notices written by the platform, and counts for a page
    "directory.documents.refresh_document", "notifications.services.notify",
    "messages.pages.add_message_counts",
    # the cluster figures' history and reports, award values of the record, the demo
    "clusters.history.backfill", "clusters.history.record_snapshot",
    "clusters.history.refresh_cluster_snapshots", "clusters.report.cluster_report",
    "clusters.awards.record_award_value", "clusters.awards.record_past_award",
    "clusters.demo.load_clusters",
    # imports and the duplicate queue: the administrators' upkeep of the platform's records
    "imports.ocds.import_files", "imports.ocds.import_releases", "imports.runs.run_ocds_import",
    "imports.runs.start_ocds_import", "imports.spreadsheet.run_sheet",
    "imports.review.mark_distinct", "imports.review.merge_pair",
}
#: Services acting between organisations whose consent is only walked through their routes by
#: every kind of actor (tests/functional/access/*.py); none at the moment.
CONSENT_BY_ROUTES: set[str] = set()
#: Read-only functions whose names the pattern mistakes for changes.
READ_ONLY = {
    "catalogue.services.standards_catalogue", "catalogue.services.load_catalogue",
    "matches.profiles.load_profiles", "programmes.kpis.programme_changes",
    "clusters.network.network_change",
}


def state_changing_services() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(supplierlink.__path__, "supplierlink."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if (inspect.isfunction(function) and function.__module__ == module.__name__
                    and not name.startswith("_")):
                params = list(inspect.signature(function).parameters)
                if params[:1] == ["session"] and STATE.search(inspect.getsource(function)):
                    found.add(f"{module.__name__.removeprefix('supplierlink.')}.{name}")
    return found


def test_every_service_has_a_row(app):
    services = state_changing_services()
    decided = CONSENT | CONSENT_BY_ROUTES | OWN | SYSTEM | READ_ONLY
    assert services - decided == set(), "services nobody decided about"
    assert CONSENT - services == set(), "consent rows of services that do not exist"
    tried = {case[0] for case in CASES}
    assert tried >= CONSENT, f"consent services without a case: {sorted(CONSENT - tried)}"


@dataclass
class W:
    s: object
    enrolment: object
    offered: object
    stranger_operator: object
    stranger_manager: object
    invited: object
    invited_user: object
    other_buyer: object
    other_buyer_user: object
    other_sme: object
    other_sme_user: object
    third_sme: object
    third_sme_user: object
    admin: object
    verifier: object
    cert: object
    observation: object


@pytest.fixture
def w(app, session, make_org, make_user, reference_data):
    with app.app_context():
        s = build(session, make_org, make_user, TODAY)
        enrolment = enrol_accepted(session, s, TODAY, requirement=s.requirement,
                                   gaps=gaps_for(session, s.requirement, s.supplier))
        invited, other_buyer, other_sme = (make_org("lead_firm"), make_org("lead_firm"),
                                           make_org("sme"))
        invite_sponsor(session, s.programme, invited, s.manager)
        other_sme_user = make_user(other_sme)
        offered = enrol_supplier(session, s.programme, other_sme, s.manager,
                                 requirement=s.requirement, today=TODAY)
        stranger_operator = make_org("programme_operator")
        verifier = make_user(None)
        verifier.is_verifier = True
        [observation] = record_kpis(session, enrolment, s.manager, TODAY, True, {"sales": 5.0})
        achieve_milestone(session, enrolment.milestones[0], enrolment, s.manager,
                          enrolment.milestones[0].version, TODAY, note="acta")
        third_sme = make_org("sme")
        return W(s, enrolment, offered, stranger_operator, make_user(stranger_operator),
                 invited, make_user(invited), other_buyer, make_user(other_buyer), other_sme,
                 other_sme_user, third_sme, make_user(third_sme),
                 make_user(None, is_admin=True), verifier,
                 certify(app, session, s.supplier, "iso-14001"), observation)


def _item(w):
    return w.enrolment.plan_items[0]


def _cert_evidence():
    return CertificateEvidence("SGS", "S-1", TODAY, TODAY + timedelta(days=900))


# (service, relation, call, allowed)
def _application(se, w):
    """The supplier's application to the buyer's requirement (made once)."""
    found = se.scalar(select(Application).where(
        Application.requirement_id == w.s.requirement.id,
        Application.supplier_id == w.s.supplier.id))
    if found is None:
        found = Application(requirement_id=w.s.requirement.id, supplier_id=w.s.supplier.id,
                            status="submitted", message="Podemos")
        se.add(found)
        se.flush()
    return found


def _cluster(se, w):
    """A cluster the scenario's operator manages (made once)."""
    from supplierlink.clusters.models import Cluster

    found = se.scalar(select(Cluster).where(Cluster.operator_id == w.s.operator.id))
    return found or create_cluster(se, w.s.operator, w.s.manager, ClusterData(
        name="Norte", country="CL", regions=["CL-AN"], sectors=["2010"]))


def _cluster_invitation(se, w):
    """The other lead firm invited to sponsor the cluster, not yet answering."""
    return cluster_invite(se, _cluster(se, w), w.other_buyer, w.s.manager)


def _sponsorship(se, w):
    """The scenario's lead firm sponsoring the cluster (invited and accepted)."""
    row = cluster_invite(se, _cluster(se, w), w.s.buyer, w.s.manager)
    return answer_invitation(se, row, w.s.buyer, w.s.buyer_user, True)


def _edit(user):
    return lambda se, w: update_cluster(se, _cluster(se, w), user(w), ClusterData(
        name="Norte Grande", country="CL", regions=["CL-AN", "CL-AT"], sectors=["2010"]))


def _members(se, w):
    """The scenario's SME and the other SME made members of the cluster (its territory and
    sector); the other SME mentors the scenario's SME."""
    from supplierlink.suppliers.services import ProfileData, update_profile

    for org in (w.s.supplier, w.other_sme):
        org.country, org.region = "CL", "CL-AN"
        update_profile(se, org, ProfileData(category_codes=["20101501"], regions=["CL-AN"]))
    se.flush()
    return w.other_sme, w.s.supplier


def _pair(se, w):
    """A proposed pair (made once)."""
    from supplierlink.clusters.models import MentoringPair

    found = se.scalar(select(MentoringPair))
    if found is None:
        mentor, mentee = _members(se, w)
        found = propose_pair(se, _cluster(se, w), mentor, mentee, "iso-9001", w.s.manager)
    return found


def _active_pair(se, w):
    pair = _pair(se, w)
    answer_pair(se, pair, w.other_sme, w.other_sme_user, True)
    return answer_pair(se, pair, w.s.supplier, w.s.supplier_user, True)


def _propose(user):
    def call(se, w):
        mentor, mentee = _members(se, w)
        return propose_pair(se, _cluster(se, w), mentor, mentee, "iso-9001", user(w))
    return call


CASES = [
    ("clusters.services.update_cluster", "own (the managing operator)",
     _edit(lambda w: w.s.manager), True),
    ("clusters.services.update_cluster", "other (another operator)",
     _edit(lambda w: w.stranger_manager), False),
    ("clusters.services.update_cluster", "consenting (an accepted sponsor)",
     lambda se, w: (_sponsorship(se, w), _edit(lambda w: w.s.buyer_user)(se, w)), False),
    ("clusters.services.update_cluster", "other (an SME)",
     _edit(lambda w: w.s.supplier_user), False),
    ("clusters.services.end_sponsorship", "own (the managing operator)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.s.operator, w.s.manager), True),
    ("clusters.services.end_sponsorship", "consenting (the sponsor itself)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.s.buyer, w.s.buyer_user), True),
    ("clusters.services.end_sponsorship", "other (another operator)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.stranger_operator,
                                   w.stranger_manager), False),
    ("clusters.services.end_sponsorship", "other (another lead firm)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.other_buyer,
                                   w.other_buyer_user), False),
    ("clusters.services.end_sponsorship", "other (an SME)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.s.supplier, w.s.supplier_user),
     False),
    ("clusters.services.end_sponsorship", "other (speaking for the sponsor)",
     lambda se, w: end_sponsorship(se, _sponsorship(se, w), w.s.buyer, w.other_buyer_user),
     False),
    ("clusters.services.end_sponsorship", "non_consenting (invited, not accepted)",
     lambda se, w: end_sponsorship(se, _cluster_invitation(se, w), w.s.operator, w.s.manager),
     False),
    ("clusters.mentors.propose_pair", "own (the managing operator)",
     _propose(lambda w: w.s.manager), True),
    ("clusters.mentors.propose_pair", "other (another operator)",
     _propose(lambda w: w.stranger_manager), False),
    ("clusters.mentors.propose_pair", "consenting (an accepted sponsor)",
     lambda se, w: (_sponsorship(se, w), _propose(lambda w: w.s.buyer_user)(se, w)), False),
    ("clusters.mentors.propose_pair", "other (one of the SMEs)",
     _propose(lambda w: w.s.supplier_user), False),
    ("clusters.mentors.answer_pair", "own (the mentor SME)",
     lambda se, w: answer_pair(se, _pair(se, w), w.other_sme, w.other_sme_user, True), True),
    ("clusters.mentors.answer_pair", "own (the mentee SME)",
     lambda se, w: answer_pair(se, _pair(se, w), w.s.supplier, w.s.supplier_user, False), True),
    ("clusters.mentors.answer_pair", "other (an SME outside the pair)",
     lambda se, w: answer_pair(se, _pair(se, w), w.third_sme, w.third_sme_user, True), False),
    ("clusters.mentors.answer_pair", "other (the manager answers for an SME)",
     lambda se, w: answer_pair(se, _pair(se, w), w.s.supplier, w.s.manager, True), False),
    ("clusters.mentors.answer_pair", "other (the managing operator as itself)",
     lambda se, w: answer_pair(se, _pair(se, w), w.s.operator, w.s.manager, True), False),
    ("clusters.mentors.end_pair", "own (the managing operator)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.s.operator, w.s.manager), True),
    ("clusters.mentors.end_pair", "own (the mentor SME)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.other_sme, w.other_sme_user), True),
    ("clusters.mentors.end_pair", "own (the mentee SME)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.s.supplier, w.s.supplier_user), True),
    ("clusters.mentors.end_pair", "other (an SME outside the pair)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.third_sme, w.third_sme_user), False),
    ("clusters.mentors.end_pair", "other (another operator)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.stranger_operator, w.stranger_manager),
     False),
    ("clusters.mentors.end_pair", "consenting (an accepted sponsor)",
     lambda se, w: (_sponsorship(se, w), end_pair(se, _active_pair(se, w), w.s.buyer,
                                                  w.s.buyer_user)), False),
    ("clusters.mentors.end_pair", "other (speaking for an SME of the pair)",
     lambda se, w: end_pair(se, _active_pair(se, w), w.s.supplier, w.other_sme_user), False),
    ("clusters.services.invite_sponsor", "own (the managing operator)",
     lambda se, w: cluster_invite(se, _cluster(se, w), w.other_buyer, w.s.manager), True),
    ("clusters.services.invite_sponsor", "other (another operator)",
     lambda se, w: cluster_invite(se, _cluster(se, w), w.other_buyer, w.stranger_manager),
     False),
    ("clusters.services.answer_invitation", "non_consenting (invited, answers)",
     lambda se, w: answer_invitation(se, _cluster_invitation(se, w), w.other_buyer,
                                     w.other_buyer_user, True), True),
    ("clusters.services.answer_invitation", "other (answers for the invited firm)",
     lambda se, w: answer_invitation(se, _cluster_invitation(se, w), w.other_buyer,
                                     w.invited_user, True), False),
    ("clusters.services.answer_invitation", "other (never invited)",
     lambda se, w: answer_invitation(se, _cluster_invitation(se, w), w.invited, w.invited_user,
                                     True), False),
    ("messages.services.post_message", "own (the applicant)",
     lambda se, w: post_message(se, _application(se, w), w.s.supplier, w.s.supplier_user,
                                "¿Qué plazo?"), True),
    ("messages.services.post_message", "own (the buyer)",
     lambda se, w: post_message(se, _application(se, w), w.s.buyer, w.s.buyer_user, "Dos meses"),
     True),
    ("messages.services.post_message", "other (another SME on their thread)",
     lambda se, w: post_message(se, _application(se, w), w.other_sme, w.other_sme_user, "Hola"),
     False),
    ("messages.services.post_message", "other (writing as the applicant)",
     lambda se, w: post_message(se, _application(se, w), w.s.supplier, w.other_sme_user, "Hola"),
     False),
    ("admin.queue.decide_many", "own (administrator)",
     lambda se, w: decide_many(se, [w.cert.id], "rejected", w.admin, "Ilegible"), True),
    ("admin.queue.decide_many", "other (a buyer)",
     lambda se, w: decide_many(se, [w.cert.id], "verified", w.s.buyer_user, "Visto"), False),
    ("programmes.sponsorship.invite_sponsor", "own",
     lambda se, w: invite_sponsor(se, w.s.programme, w.other_buyer, w.s.manager), True),
    ("programmes.sponsorship.invite_sponsor", "other",
     lambda se, w: invite_sponsor(se, w.s.programme, w.other_buyer, w.stranger_manager), False),
    ("programmes.sponsorship.answer_sponsorship", "non_consenting (invited, answers)",
     lambda se, w: answer_sponsorship(se, w.s.programme, w.invited, w.invited_user, True), True),
    ("programmes.sponsorship.answer_sponsorship", "other (answers for the invited firm)",
     lambda se, w: answer_sponsorship(se, w.s.programme, w.invited, w.other_buyer_user, True),
     False),
    ("programmes.sponsorship.answer_sponsorship", "other (never invited)",
     lambda se, w: answer_sponsorship(se, w.s.programme, w.other_buyer, w.other_buyer_user,
                                      True), False),
    ("programmes.services.enrol_supplier", "own (operator)",
     lambda se, w: enrol_supplier(se, w.s.programme, w.other_sme, w.s.manager,
                                  requirement=w.s.requirement), True),
    ("programmes.services.enrol_supplier", "consenting (accepted sponsor)",
     lambda se, w: enrol_supplier(se, w.s.programme, w.other_sme, w.s.buyer_user,
                                  requirement=w.s.requirement, by=w.s.buyer), True),
    ("programmes.services.enrol_supplier", "non_consenting (invited sponsor)",
     lambda se, w: enrol_supplier(se, w.s.programme, w.other_sme, w.invited_user,
                                  by=w.invited), False),
    ("programmes.services.enrol_supplier", "other (another operator)",
     lambda se, w: enrol_supplier(se, w.s.programme, w.other_sme, w.stranger_manager,
                                  by=w.stranger_operator), False),
    ("programmes.services.enrol_supplier", "own, from a sponsor's draft",
     lambda se, w: enrol_supplier(se, w.s.programme, w.other_sme, w.s.manager,
                                  requirement=create_requirement(
                                      se, w.s.buyer, w.s.buyer_user, RequirementData(
                                          title="Borrador", category_codes=["20101501"]))),
     False),
    ("programmes.agreements.answer_enrolment", "own (offered SME)",
     lambda se, w: answer_enrolment(se, w.offered, w.other_sme, w.other_sme_user, True), True),
    ("programmes.agreements.answer_enrolment", "other (operator answers for it)",
     lambda se, w: answer_enrolment(se, w.offered, w.other_sme, w.s.manager, True), False),
    ("programmes.agreements.answer_enrolment", "other SME",
     lambda se, w: answer_enrolment(se, w.offered, w.s.supplier, w.s.supplier_user, True),
     False),
    ("programmes.agreements.leave_programme", "own",
     lambda se, w: leave_programme(se, w.enrolment, w.s.supplier, w.s.supplier_user), True),
    ("programmes.agreements.leave_programme", "other (operator removes it)",
     lambda se, w: leave_programme(se, w.enrolment, w.s.supplier, w.s.manager), False),
    ("programmes.tracking.move_stage", "own",
     lambda se, w: move_stage(se, w.enrolment, w.s.manager, "aligned", w.enrolment.version),
     True),
    ("programmes.tracking.move_stage", "consenting (sponsor)",
     lambda se, w: move_stage(se, w.enrolment, w.s.buyer_user, "aligned", w.enrolment.version),
     False),
    ("programmes.tracking.move_stage", "other",
     lambda se, w: move_stage(se, w.enrolment, w.stranger_manager, "aligned",
                              w.enrolment.version), False),
    ("programmes.tracking.move_stage", "non_consenting (offer not accepted)",
     lambda se, w: move_stage(se, w.offered, w.s.manager, "aligned", w.offered.version), False),
    ("programmes.tracking.achieve_milestone", "own",
     lambda se, w: achieve_milestone(se, w.enrolment.milestones[1], w.enrolment, w.s.manager,
                                     w.enrolment.milestones[1].version, TODAY, note="ok"), True),
    ("programmes.tracking.achieve_milestone", "non_consenting (offer not accepted)",
     lambda se, w: achieve_milestone(se, w.offered.milestones[0], w.offered, w.s.manager,
                                     w.offered.milestones[0].version, TODAY, note="ok"), False),
    ("programmes.tracking.achieve_milestone", "other (the SME logs it)",
     lambda se, w: achieve_milestone(se, w.enrolment.milestones[1], w.enrolment,
                                     w.s.supplier_user, w.enrolment.milestones[1].version,
                                     TODAY, note="ok"), False),
    ("programmes.tracking.complete_plan_item", "own",
     lambda se, w: complete_plan_item(se, _item(w), w.enrolment, w.s.manager,
                                      _item(w).version, certificate=_cert_evidence()), True),
    ("programmes.tracking.complete_plan_item", "other",
     lambda se, w: complete_plan_item(se, _item(w), w.enrolment, w.stranger_manager,
                                      _item(w).version, certificate=_cert_evidence()), False),
    ("programmes.tracking.add_plan_item_evidence", "other (the operator uploads as the SME)",
     lambda se, w: add_plan_item_evidence(se, _item(w), w.enrolment, w.s.manager, None), False),
    ("programmes.kpis.record_kpis", "own",
     lambda se, w: record_kpis(se, w.enrolment, w.s.manager, TODAY - timedelta(days=1), False,
                               {"sales": 1.0}), True),
    ("programmes.kpis.record_kpis", "consenting (sponsor)",
     lambda se, w: record_kpis(se, w.enrolment, w.s.buyer_user, TODAY - timedelta(days=1),
                               False, {"sales": 1.0}), False),
    ("programmes.kpis.record_kpis", "non_consenting (offer not accepted)",
     lambda se, w: record_kpis(se, w.offered, w.s.manager, TODAY, True, {"sales": 1.0}), False),
    ("programmes.corrections.correct_kpi", "own",
     lambda se, w: correct_kpi(se, w.enrolment, w.s.manager, w.observation, 6.0, "typo"), True),
    ("programmes.corrections.correct_kpi", "other",
     lambda se, w: correct_kpi(se, w.enrolment, w.stranger_manager, w.observation, 6.0, "x"),
     False),
    ("programmes.corrections.correct_milestone", "own",
     lambda se, w: correct_milestone(se, w.enrolment.milestones[0], w.enrolment, w.s.manager,
                                     w.enrolment.milestones[0].version, None, "no"), True),
    ("programmes.corrections.correct_milestone", "consenting (sponsor)",
     lambda se, w: correct_milestone(se, w.enrolment.milestones[0], w.enrolment,
                                     w.s.buyer_user, w.enrolment.milestones[0].version, None,
                                     "no"), False),
    ("suppliers.services.set_certification_status", "platform (administrator)",
     lambda se, w: set_certification_status(se, w.cert, "verified", w.admin), True),
    ("suppliers.services.set_certification_status", "platform (appointed verifier)",
     lambda se, w: set_certification_status(se, w.cert, "verified", w.verifier), True),
    ("suppliers.services.set_certification_status", "consenting (operator of its programme)",
     lambda se, w: set_certification_status(se, w.cert, "verified", w.s.manager), False),
    ("suppliers.services.set_certification_status", "own (the SME itself)",
     lambda se, w: set_certification_status(se, w.cert, "verified", w.s.supplier_user), False),
    ("admin.services.review_certification", "consenting (sponsor)",
     lambda se, w: review_certification(se, w.cert, "verified", w.s.buyer_user), False),
    ("suppliers.services.request_verification", "own",
     lambda se, w: request_verification(se, w.cert, w.s.supplier_user), True),
    ("suppliers.services.request_verification", "consenting (operator of its programme)",
     lambda se, w: request_verification(se, w.cert, w.s.manager), True),
    ("suppliers.services.request_verification", "other",
     lambda se, w: request_verification(se, w.cert, w.stranger_manager), False),
    ("admin.services.appoint_verifier", "platform (administrator)",
     lambda se, w: appoint_verifier(se, w.admin, w.other_sme_user.email), True),
    ("admin.services.appoint_verifier", "other (a verifier)",
     lambda se, w: appoint_verifier(se, w.verifier, w.other_sme_user.email), False),
    ("requirements.workflow.act_on_candidate", "own (shortlist a near miss)",
     lambda se, w: act_on_candidate(se, w.s.requirement, w.s.supplier, "shortlist",
                                    w.s.buyer_user), True),
    ("requirements.workflow.act_on_candidate", "other lead firm",
     lambda se, w: act_on_candidate(se, w.s.requirement, w.s.supplier, "shortlist",
                                    w.other_buyer_user), False),
    ("requirements.workflow.act_on_candidate", "own (award a near miss, no reason)",
     lambda se, w: act_on_candidate(se, w.s.requirement, w.s.supplier, "award",
                                    w.s.buyer_user), False),
    ("requirements.workflow.act_on_candidate", "own (award a near miss, with a reason)",
     lambda se, w: act_on_candidate(se, w.s.requirement, w.s.supplier, "award",
                                    w.s.buyer_user, override_reason="único en la región"),
     True),
    ("suppliers.sharing.share_profile", "own",
     lambda se, w: share_profile(se, w.s.supplier, w.other_buyer, w.s.supplier_user), True),
    ("suppliers.sharing.share_profile", "other (the buyer shares it with itself)",
     lambda se, w: share_profile(se, w.s.supplier, w.other_buyer, w.other_buyer_user), False),
    ("suppliers.sharing.stop_sharing", "other",
     lambda se, w: stop_sharing(se, w.s.supplier, w.other_buyer.id, w.other_buyer_user), False),
    ("suppliers.applications.apply_to_requirement", "own",
     lambda se, w: apply_to_requirement(se, w.other_sme, w.other_sme_user, w.s.requirement,
                                        "Podemos"), True),
    ("suppliers.applications.apply_to_requirement", "other (the buyer applies for it)",
     lambda se, w: apply_to_requirement(se, w.other_sme, w.s.buyer_user, w.s.requirement,
                                        "Podemos"), False),
]


@pytest.mark.parametrize("service, relation, call, allowed", CASES,
                         ids=[f"{c[0].rsplit('.', 1)[1]}-{c[1]}" for c in CASES])
def test_who_may_call_each_service(app, session, w, service, relation, call, allowed):
    with app.app_context():
        if allowed:
            call(session, w)
        else:
            with pytest.raises(ServiceError) as caught:
                call(session, w)
            assert isinstance(caught.value, ConsentRefused) or "" in caught.value.errors \
                or "override_reason" in caught.value.errors, caught.value.errors


def test_each_consent_step_is_announced(app, session, w):
    """The audit log subscribes to every event: each consent step sends its own."""
    from supplierlink import signals

    heard = []

    def listen(name):
        def receiver(_sender, **event):
            heard.append((name, event))
        return receiver

    receivers = {name: listen(name) for name in signals.all_signals()}
    for name, receiver in receivers.items():
        signals.all_signals()[name].connect(receiver)
    try:
        with app.app_context():
            invite_sponsor(session, w.s.programme, w.other_buyer, w.s.manager)
            answer_sponsorship(session, w.s.programme, w.invited, w.invited_user, False)
            answer_enrolment(session, w.offered, w.other_sme, w.other_sme_user, True)
            leave_programme(session, w.offered, w.other_sme, w.other_sme_user)
            enrol_supplier(session, w.s.programme, w.other_sme, w.s.manager)  # a new offer
            request_verification(session, w.cert, w.s.supplier_user)
            share_profile(session, w.s.supplier, w.other_buyer, w.s.supplier_user)
            appoint_verifier(session, w.admin, w.other_buyer_user.email)
            act_on_candidate(session, w.s.requirement, w.s.supplier, "award", w.s.buyer_user,
                             override_reason="Único proveedor local")
    finally:
        for name, receiver in receivers.items():
            signals.all_signals()[name].disconnect(receiver)
    names = [name for name, _event in heard]
    for expected in ("sponsorship-invited", "sponsorship-answered", "enrolment-answered", "enrolment-left",
                     "enrolment-offered", "verification-requested", "profile-shared",
                     "membership-changed", "award-made"):
        assert expected in names, expected
    award = next(event for name, event in heard if name == "award-made")
    assert award["override_reason"] == "Único proveedor local"
    answered = next(event for name, event in heard if name == "sponsorship-answered")
    assert answered["accepted"] is False and answered["sponsor_id"] == w.invited.id
