"""Consent between organisations: who may do what to whom, written down in one place.

Organisations are independent parties. Nothing one of them does may expose or change another's
data without that party's agreement. ``RULES`` states every rule in words (the consent table
test walks it); the functions below are the checks the services call. Views and templates only
show what these functions allow: they never decide on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.errors import ServiceError


class ConsentRefused(ServiceError):
    """The acting organisation lacks the other party's consent (views answer 403 or 404)."""


@dataclass(frozen=True)
class Rule:
    action: str  # the service that performs it
    who: str     # who may do it
    consent: str  # whose agreement it needs, and what changes once it is given


RULES = (
    Rule("programmes.create_programme / update_programme / sponsorship.invite_sponsor",
         "a member of the programme operator, for its own programme",
         "naming a lead firm only invites it: until the firm accepts, the programme shows "
         "nothing of it and it sees nothing of the programme"),
    Rule("sponsorship.answer_sponsorship", "a member of the invited lead firm",
         "accepting makes the firm a sponsor (it reads the programme's dashboard, exports and "
         "active enrolments, and may offer enrolment to near misses of its own requirements); "
         "declining ends the invitation"),
    Rule("programmes.enrol_supplier (an offer)",
         "the programme's operator, or a lead firm that accepted to sponsor it, from one of its "
         "own or its sponsors' published requirements",
         "the SME is only offered a place: nothing is tracked and no sponsor sees it until the "
         "SME accepts, after being shown which organisations will see its KPIs, plan and "
         "evidence"),
    Rule("programmes.answer_enrolment / programmes.leave_programme", "a member of the SME",
         "accepting starts the enrolment; declining ends the offer; leaving ends an active "
         "enrolment at any time (its history is kept)"),
    Rule("programmes.move_stage / achieve_milestone / complete_plan_item / record_kpis / "
         "correct_*", "a member of the programme operator",
         "only on an active enrolment (the SME accepted)"),
    Rule("suppliers.set_certification_status", "a platform administrator or a verifier an "
         "administrator appointed", "nobody else changes a certificate's verification status"),
    Rule("suppliers.request_verification", "the certificate's SME, or the operator of a "
         "programme the SME accepted", "it only puts the certificate in the administrators' "
         "queue"),
    Rule("suppliers.can_see_evidence", "the SME's members; administrators and verifiers; a lead "
         "firm the SME applied to (an application it wrote, not withdrawn) or shared its "
         "profile with; the operator and accepted sponsors of a programme the SME accepted",
         "never because of the lead firm's own action (inviting, shortlisting)"),
    Rule("suppliers.share_profile / stop_sharing", "a member of the SME",
         "the chosen lead firm sees the SME's evidence until the SME stops sharing"),
    Rule("requirements.act_on_candidate", "a member of the requirement's lead firm",
         "the actions the page offers: shortlist and invite any ranked candidate or applicant; "
         "award a qualified one, or a near miss only with an override reason that is recorded"),
    Rule("requirements (drafts)", "members of the requirement's lead firm",
         "nothing of a draft is visible outside its lead firm"),
    Rule("admin.appoint_verifier", "a platform administrator", "none (platform staff)"),
    Rule("clusters.invite_sponsor / clusters.propose_pair",
         "a member of the programme operator that manages the cluster",
         "naming a lead firm only invites it (it sees nothing of the cluster until it accepts); "
         "a mentoring pair starts only once both SMEs agree"),
    Rule("clusters.answer_invitation / clusters.answer_pair",
         "a member of the invited lead firm / of one of the pair's two SMEs",
         "nobody answers for another organisation"),
    Rule("clusters.update_cluster",
         "a member of the programme operator that manages the cluster",
         "sponsors read the cluster but do not change it; a new territory or new sectors "
         "change its members from then on, and the change is kept in the audit log"),
    Rule("clusters.end_sponsorship / clusters.end_pair",
         "a member of the managing operator, or of the sponsor itself / of one of the pair's "
         "two SMEs", "either side may end what both agreed to: an ended sponsor no longer sees "
         "the cluster; the row is kept, and the tie stays in the network of the dates it "
         "lasted"),
    Rule("messages.post_message", "a member of the application's SME or of the requirement's "
         "lead firm", "the thread is the two parties' alone"),
)


# ----------------------------------------------------------------------------- clusters

def require_cluster_manager(user, cluster) -> None:
    """Only the operator that manages a cluster invites its sponsors and records pairs."""
    if user is not None and not is_member(user, cluster.operator_id):
        raise ConsentRefused({"": _l("Only the cluster's managers do this.")})


def require_party(user, org, party_ids, message) -> None:
    """``org`` is one of ``party_ids`` and ``user`` acts for it: nobody answers for another."""
    if org is None or org.id not in set(party_ids) or (
            user is not None and not is_member(user, org.id)):
        raise ConsentRefused({"": message})


# ----------------------------------------------------------------------------- programmes

def sponsor_link(programme, org):
    """The sponsorship row of ``org`` in ``programme`` (any status), or None."""
    if programme is None or org is None:
        return None
    return next((s for s in programme.sponsors if s.organisation_id == org.id), None)


def is_accepted_sponsor(programme, org) -> bool:
    link = sponsor_link(programme, org)
    return link is not None and link.status == "accepted"


def require_operator(programme, org) -> None:
    if org is None or programme.operator_id != org.id:
        raise ConsentRefused({"": _l("Only the programme's operator can do this.")})


def require_offer_rights(programme, org, requirement=None) -> None:
    """The operator, or an accepted sponsor, may offer enrolment; the requirement the plan is
    drafted from must be published and be the sponsor's own (or, for the operator, one of an
    accepted sponsor's)."""
    if org is None or not (org.id == programme.operator_id or is_accepted_sponsor(programme, org)):
        raise ConsentRefused({"": _l("Only the programme's operator or its sponsors can offer "
                                     "enrolment.")})
    if requirement is None:
        return
    owners = {org.id} if org.kind == "lead_firm" else programme.sponsor_ids
    if requirement.status == "draft" or requirement.organisation_id not in owners:
        raise ConsentRefused({"": _l("This requirement is not one you may use.")})


def is_member(user, org_id: int) -> bool:
    return user is not None and any(m.organisation_id == org_id
                                    for m in getattr(user, "memberships", ()))


def require_operator_user(user, programme) -> None:
    """Tracking records are written by the operator's own members."""
    if not is_member(user, programme.operator_id):
        raise ConsentRefused({"": _l("Only the programme's operator can do this.")})


def require_active(enrolment) -> None:
    """Tracking needs the SME's consent: its enrolment must be active."""
    if enrolment.status != "active":
        raise ConsentRefused({"": _l("The supplier has not accepted this enrolment; nothing can "
                                     "be recorded until it does.")})


def require_supplier(enrolment, org, user=None) -> None:
    if org is None or enrolment.supplier_id != org.id or (user is not None
                                                          and not is_member(user, org.id)):
        raise ConsentRefused({"": _l("Only the supplier answers its enrolment.")})


def who_will_see(enrolment) -> list:
    """The organisations that see an SME's KPIs, plan and evidence once it accepts."""
    programme = enrolment.programme
    return [programme.operator] + sorted(
        (s.organisation for s in programme.sponsors if s.status == "accepted"),
        key=lambda o: o.display_name)


# ------------------------------------------------------------------- certificates, evidence

def may_verify(user) -> bool:
    """Administrators and the verifiers they appoint change verification statuses."""
    return bool(user is not None and getattr(user, "is_authenticated", True)
                and (user.is_admin or user.is_verifier))


def require_verifier(user) -> None:
    if not may_verify(user):
        raise ConsentRefused({"status": _l("Only platform administrators and appointed "
                                           "verifiers change a certificate's status.")})


def evidence_consenting_orgs(session: Session, supplier_id: int) -> set[int]:
    """Organisations the SME agreed may see its evidence: lead firms it applied to (its own
    application, not withdrawn) or shared its profile with, and the operators and accepted
    sponsors of the programmes it is active in."""
    from supplierlink.programmes.models import Enrolment, Programme, ProgrammeSponsor
    from supplierlink.requirements.models import Application, Requirement
    from supplierlink.suppliers.models import ProfileShare

    applied = select(Requirement.organisation_id).join(
        Application, Application.requirement_id == Requirement.id).where(
        Application.supplier_id == supplier_id, Application.applied_at.is_not(None),
        Application.status != "withdrawn")
    shared = select(ProfileShare.buyer_id).where(ProfileShare.supplier_id == supplier_id)
    active = select(Enrolment.programme_id).where(Enrolment.supplier_id == supplier_id,
                                                  Enrolment.status == "active")
    operators = select(Programme.operator_id).where(Programme.id.in_(active))
    sponsors = select(ProgrammeSponsor.organisation_id).where(
        ProgrammeSponsor.programme_id.in_(active), ProgrammeSponsor.status == "accepted")
    ids = set()
    for query in (applied, shared, operators, sponsors):
        ids.update(session.scalars(query))
    return ids


def may_see_evidence(session: Session, user, supplier_id: int) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if may_verify(user):
        return True
    org_ids = {m.organisation_id for m in user.memberships}
    if supplier_id in org_ids:
        return True
    return bool(org_ids & evidence_consenting_orgs(session, supplier_id))


# ----------------------------------------------------------------------------- requirements

def requirement_visible_to(requirement, org) -> bool:
    """A draft belongs to its lead firm alone."""
    if requirement is None:
        return False
    return requirement.status != "draft" or (org is not None
                                             and requirement.organisation_id == org.id)


#: What the buyer may do to a candidate, by eligibility. ``override`` needs a recorded reason.
CANDIDATE_ACTIONS = {
    "qualified": ("shortlist", "invite", "reject", "award"),
    "near_miss": ("shortlist", "invite", "reject"),
}
OVERRIDABLE = ("award",)


def eligibility(session: Session, requirement, supplier) -> str:
    """``qualified`` when the stored ranking says the supplier meets every must; anything else
    (a near miss, an applicant the engine did not rank) is ``near_miss``."""
    from supplierlink.matches.models import MatchResult

    qualified = session.scalar(select(MatchResult.qualified).where(
        MatchResult.requirement_id == requirement.id, MatchResult.supplier_id == supplier.id))
    return "qualified" if qualified else "near_miss"


def check_candidate_action(action: str, status: str, override_reason: str | None) -> None:
    """The page's eligibility, enforced: a near miss is awarded only with a stated reason."""
    if action in CANDIDATE_ACTIONS[status]:
        return
    if action in OVERRIDABLE and (override_reason or "").strip():
        return
    if action in OVERRIDABLE:
        raise ConsentRefused({"override_reason": _l(
            "This supplier does not meet every requirement. To award it anyway, say why; the "
            "reason is recorded.")})
    raise ConsentRefused({"action": _l("Not possible for this supplier.")})


def buyers_shared_with(session: Session, supplier_id: int) -> set[int]:
    from supplierlink.suppliers.models import ProfileShare

    return set(session.scalars(select(ProfileShare.buyer_id).where(
        ProfileShare.supplier_id == supplier_id)))

