"""Programme pages. The operator's members (manager) manage. Members of a lead firm that
accepted to sponsor (buyer) read the programme, its dashboard, exports and active enrolments,
and may offer enrolment to near misses of their own requirements; pages that change a programme
answer them 403, since they already know it exists. A lead firm only invited (invited_buyer)
sees nothing of the programme (404) but answers its invitation. The enrolled SME (sme) sees its
own enrolment, plan, history and evidence, uploads evidence and may leave; an SME offered a
place (offered_sme) sees its offer and answers it, while sponsors do not see it. Everybody else
gets 404 for these objects; an administrator, who acts for no organisation, gets 403 like on
the other organisation pages."""

from datetime import date, timedelta
from pathlib import Path

from supplierlink.programmes.agreements import answer_enrolment
from supplierlink.programmes.kpis import record_kpis
from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
    enrol_supplier,
)
from supplierlink.programmes.sponsorship import answer_sponsorship
from supplierlink.requirements.services import RequirementData, change_status, create_requirement

LOGIN = 302
GAP = {"kind": "missing_standard", "params": {"standard": "iso-9001", "standard_name": "ISO 9001"},
       "blocking": True, "remedy": "obtain_certificate", "effort_days": 270}
OPERATORS = {"anonymous": LOGIN, "manager": 200, "other_manager": 200, "default": 403}
# read pages: the operator and the sponsor
READERS = {"anonymous": LOGIN, "manager": 200, "buyer": 200, "admin": 403, "default": 404}
# enrolment pages: the operator, the sponsor and the enrolled SME
ENROLMENT_READERS = {**READERS, "sme": 200}
# the operator changes things; sponsor and enrolled SME know the object: 403
MANAGE = {"anonymous": LOGIN, "manager": 200, "buyer": 403, "sme": 403, "admin": 403,
          "default": 404}
# empty posts are refused with the page re-rendered (422): nothing changes
MANAGE_POST = {**MANAGE, "manager": 422}

ENROL_URL = "/programmes/enrol?requirement_id={requirement_id}&supplier_id={supplier_id}"
ENROL = {"anonymous": LOGIN, "manager": 200, "buyer": 200, "other_manager": 404,
         "other_buyer": 404, "default": 403}
SME_ANSWERS = {"anonymous": LOGIN, "sme": 404, "other_sme": 404, "default": 403}
KPI_CORRECTION = {"anonymous": LOGIN, "manager": 200, "admin": 403, "default": 404}

EXPECTATIONS = {
    "programmes.index": ("GET", "/programmes/", {
        "anonymous": LOGIN, "manager": 200, "other_manager": 200, "buyer": 200,
        "other_buyer": 200, "default": 403}),
    "programmes.new": ("GET", "/programmes/new", OPERATORS),
    "programmes.show": ("GET", "/programmes/{programme_id}", READERS),
    "programmes.export": ("GET", "/programmes/{programme_id}/export/funnel.csv", READERS),
    "programmes.export_xlsx": ("GET", "/programmes/{programme_id}/export/kpis.xlsx", READERS),
    "programmes.add_cohort": ("POST", "/programmes/{programme_id}/cohorts",
                              {**MANAGE_POST, "sme": 404}),
    "programmes.enrol": ("GET", ENROL_URL, ENROL),
    "programmes.enrolment": ("GET", "/programmes/enrolments/{enrolment_id}", ENROLMENT_READERS),
    "programmes.evidence": ("GET", "/programmes/enrolments/{enrolment_id}/files/{file_name}",
                            ENROLMENT_READERS),
    "programmes.move_stage": ("POST", "/programmes/enrolments/{enrolment_id}/stage", MANAGE_POST),
    "programmes.milestone": ("GET", "/programmes/milestones/{milestone_id}", MANAGE),
    "programmes.plan_item": ("GET", "/programmes/plan-items/{plan_item_id}", MANAGE),
    "programmes.kpis": ("GET", "/programmes/enrolments/{enrolment_id}/kpis", MANAGE),
    "programmes.plan_item_evidence": (
        "POST", "/programmes/plan-items/{plan_item_id}/evidence",
        {"anonymous": LOGIN, "sme": 422, "manager": 403, "buyer": 403, "admin": 403,
         "default": 404}),
    "programmes.my_plan": ("GET", "/programmes/my-plan",
                           {"anonymous": LOGIN, "sme": 200, "other_sme": 200, "default": 403}),
    # sponsorship invitations: any lead firm has the page; only an invited or sponsoring firm
    # answers for a programme (an empty answer is refused, 422)
    "programmes.invitations": ("GET", "/programmes/invitations",
                               {"anonymous": LOGIN, "buyer": 200, "other_buyer": 200,
                                "default": 403}),
    "programmes.answer_invitation": ("POST", "/programmes/invitations/{programme_id}",
                                     {"anonymous": LOGIN, "buyer": 422, "invited_buyer": 422,
                                      "other_buyer": 404, "default": 403}),
    # inviting a sponsor: the operator (an empty choice is sent back to the page with a message)
    "programmes.invite": ("POST", "/programmes/{programme_id}/sponsors",
                          {**MANAGE, "manager": 303, "sme": 404}),
    # the SME answers its own offer (empty: back to the offer with a message); nobody else
    "programmes.answer_offer": ("POST", "/programmes/enrolments/{offered_enrolment_id}/answer",
                                {**SME_ANSWERS, "offered_sme": 303}),
    "programmes.leave": ("POST", "/programmes/enrolments/{enrolment_id}/leave",
                         {**SME_ANSWERS, "sme": 302}),
    # corrections of records entered by mistake: the operator only (a correction without its
    # reason is refused, 422); a figure is found through the operator's own enrolments
    "programmes.correct_milestone": ("POST", "/programmes/milestones/{milestone_id}/correct",
                                     MANAGE_POST),
    "programmes.correct_kpi": ("GET", "/programmes/kpi-observations/{observation_id}/correct",
                               KPI_CORRECTION),
}

# The POST of pages whose main row is a GET, and objects in other states. Leaving is walked
# last (EXTRA comes after EXPECTATIONS), so the SME's other rows meet an active enrolment.
EXTRA = [
    ("programmes.new", "POST", "/programmes/new", {**OPERATORS, "manager": 422,
                                                   "other_manager": 422}),
    ("programmes.enrol", "POST", ENROL_URL, {**ENROL, "manager": 422, "buyer": 422}),
    ("programmes.milestone", "POST", "/programmes/milestones/{milestone_id}", MANAGE_POST),
    ("programmes.plan_item", "POST", "/programmes/plan-items/{plan_item_id}", MANAGE_POST),
    ("programmes.kpis", "POST", "/programmes/enrolments/{enrolment_id}/kpis", MANAGE_POST),
    ("programmes.correct_kpi", "POST", "/programmes/kpi-observations/{observation_id}/correct",
     {**KPI_CORRECTION, "manager": 422}),
    # an offer the SME has not accepted: the operator and the SME see it, sponsors do not
    ("programmes.enrolment", "GET", "/programmes/enrolments/{offered_enrolment_id}",
     {"anonymous": LOGIN, "manager": 200, "offered_sme": 200, "admin": 403, "default": 404}),
    # nothing is tracked before the SME accepts: the operator's forms are refused
    ("programmes.move_stage", "POST", "/programmes/enrolments/{offered_enrolment_id}/stage",
     {"anonymous": LOGIN, "manager": 422, "offered_sme": 403, "admin": 403, "default": 404}),
    # a draft requirement is its lead firm's alone: no enrolment page names it to others
    ("programmes.enrol", "GET",
     "/programmes/enrol?requirement_id={draft_requirement_id}&supplier_id={supplier_id}",
     {**ENROL, "manager": 404}),
]


def arrange(world) -> dict:
    session, today = world.session, date.today()
    programme = create_programme(session, world.orgs["manager"], world.users["manager"],
                                 ProgrammeData(name="Proveedores de clase mundial",
                                               target_count=10, start_date=today,
                                               end_date=today + timedelta(days=700),
                                               sponsor_ids=[world.orgs["buyer"].id,
                                                            world.orgs["invited_buyer"].id]))
    answer_sponsorship(session, programme, world.orgs["buyer"], world.users["buyer"], True)
    cohort = add_cohort(session, programme, "Cohorte 1", today)
    requirement = create_requirement(session, world.orgs["buyer"], world.users["buyer"],
                                     RequirementData(title="Mantención de correas",
                                                     category_codes=["20101501"],
                                                     must_standards=["iso-9001"]))
    draft = create_requirement(session, world.orgs["buyer"], world.users["buyer"],
                               RequirementData(title="Borrador confidencial",
                                               category_codes=["20101501"]))
    change_status(session, requirement, "open")
    enrolment = enrol_supplier(session, programme, world.orgs["sme"], world.users["manager"],
                               cohort=cohort, requirement=requirement, gaps=[GAP])
    answer_enrolment(session, enrolment, world.orgs["sme"], world.users["sme"], True)
    [observation] = record_kpis(session, enrolment, world.users["manager"], today, True,
                                {"sales": 1000.0})
    offered = enrol_supplier(session, programme, world.orgs["offered_sme"],
                             world.users["manager"], requirement=requirement, gaps=[GAP])
    milestone = enrolment.milestones[0]
    milestone.evidence_file, milestone.evidence_name = "0" * 32 + ".pdf", "acta.pdf"
    folder = Path(world.app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / milestone.evidence_file).write_bytes(b"%PDF-1.4\n%%EOF\n")
    session.flush()
    return {"programme_id": programme.id, "requirement_id": requirement.id,
            "supplier_id": world.orgs["sme"].id, "enrolment_id": enrolment.id,
            "milestone_id": milestone.id, "plan_item_id": enrolment.plan_items[0].id,
            "file_name": milestone.evidence_file, "offered_enrolment_id": offered.id,
            "draft_requirement_id": draft.id, "observation_id": observation.id}
