"""The lead firm's requirement pages: only members of the owning lead firm; everyone else,
SMEs included, gets 404 for its requirements."""

from datetime import date, timedelta

from supplierlink.requirements.models import Application
from supplierlink.requirements.services import RequirementData, post_requirement

LOGIN = 302
LEAD_FIRM_ONLY = {"anonymous": LOGIN, "buyer": 200, "other_buyer": 200, "default": 403}
OWNER_ONLY = {"anonymous": LOGIN, "buyer": 200, "admin": 403, "default": 404}
# Empty posts are refused with the page re-rendered (422): nothing changes.
OWNER_POST = {"anonymous": LOGIN, "buyer": 422, "admin": 403, "default": 404}
EXPECTATIONS = {
    "requirements.index": ("GET", "/requirements/", LEAD_FIRM_ONLY),
    "requirements.new": ("GET", "/requirements/new", LEAD_FIRM_ONLY),
    "requirements.show": ("GET", "/requirements/{req_id}", OWNER_ONLY),
    "requirements.edit": ("GET", "/requirements/{req_id}/edit", OWNER_ONLY),
    "requirements.export_shortlist": ("GET", "/requirements/{req_id}/shortlist.csv", OWNER_ONLY),
    "requirements.export_shortlist_xlsx": ("GET", "/requirements/{req_id}/shortlist.xlsx",
                                           OWNER_ONLY),
    "requirements.status": ("POST", "/requirements/{req_id}/status", OWNER_POST),
    "requirements.candidate_action": (
        "POST", "/requirements/{req_id}/candidates/{candidate_id}/action", OWNER_POST),
    "requirements.feedback": (
        "POST", "/requirements/{req_id}/candidates/{candidate_id}/feedback", OWNER_POST),
}

EXTRA = [
    ("requirements.new", "POST", "/requirements/new", {**LEAD_FIRM_ONLY, "buyer": 422,
                                                       "other_buyer": 422}),
    # an empty post keeps the values shown (the form falls back to the stored requirement)
    ("requirements.edit", "POST", "/requirements/{req_id}/edit", {**OWNER_POST, "buyer": 302}),
]


def arrange(world) -> dict:
    buyer, sme = world.orgs["buyer"], world.orgs["sme"]
    req = post_requirement(world.session, buyer, world.users["buyer"], RequirementData(
        title="Conveyor belt maintenance", category_codes=["20101501"],
        need_date=date.today() + timedelta(days=60)), publish=True)
    world.session.add(Application(requirement_id=req.id, supplier_id=sme.id))
    world.session.flush()
    return {"req_id": req.id, "candidate_id": sme.id}
