"""Programme pages. The operator's members (manager) manage. Members of a sponsor lead firm
(buyer) read the programme, its dashboard, exports and enrolments, and may enrol near misses of
their own requirements; pages that change a programme answer them 403, since they already know
it exists. The enrolled SME (sme) sees its own enrolment, plan, history and evidence and uploads
evidence for its plan items. Everybody else gets 404 for these objects; an administrator, who
acts for no organisation, gets 403 like on the other organisation pages."""

from datetime import date, timedelta
from pathlib import Path

from supplierlink.programmes.services import (
    ProgrammeData,
    add_cohort,
    create_programme,
    enrol_supplier,
)
from supplierlink.requirements.services import RequirementData, create_requirement

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
    "programmes.enrol": (
        "GET", "/programmes/enrol?requirement_id={requirement_id}&supplier_id={supplier_id}",
        {"anonymous": LOGIN, "manager": 200, "buyer": 200, "other_manager": 404,
         "other_buyer": 404, "default": 403}),
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
}


def arrange(world) -> dict:
    session, today = world.session, date.today()
    programme = create_programme(session, world.orgs["manager"], world.users["manager"],
                                 ProgrammeData(name="Proveedores de clase mundial",
                                               target_count=10, start_date=today,
                                               end_date=today + timedelta(days=700),
                                               sponsor_ids=[world.orgs["buyer"].id]))
    cohort = add_cohort(session, programme, "Cohorte 1", today)
    requirement = create_requirement(session, world.orgs["buyer"], world.users["buyer"],
                                     RequirementData(title="Mantención de correas",
                                                     category_codes=["20101501"],
                                                     must_standards=["iso-9001"]))
    enrolment = enrol_supplier(session, programme, world.orgs["sme"], world.users["manager"],
                               cohort=cohort, requirement=requirement, gaps=[GAP])
    milestone = enrolment.milestones[0]
    milestone.evidence_file, milestone.evidence_name = "0" * 32 + ".pdf", "acta.pdf"
    folder = Path(world.app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / milestone.evidence_file).write_bytes(b"%PDF-1.4\n%%EOF\n")
    session.flush()
    return {"programme_id": programme.id, "requirement_id": requirement.id,
            "supplier_id": world.orgs["sme"].id, "enrolment_id": enrolment.id,
            "milestone_id": milestone.id, "plan_item_id": enrolment.plan_items[0].id,
            "file_name": milestone.evidence_file}
