"""The JSON API answers only to bearer tokens: a signed-in browser session gets 401 (the
token rules are tried in tests/functional/test_api_access.py). The reference and the OpenAPI
document are public; tokens are managed by their own user."""

from supplierlink.api.tokens import create_token

LOGIN = 302
TOKEN_ONLY = {"default": 401}
API_GETS = ("me", "organisations", "organisation", "supplier_profile", "certifications",
            "requirements", "requirement", "candidates", "applications")
PROGRAMME_GETS = ("programmes", "programme", "enrolments", "enrolment", "milestones", "kpis")
URLS = {
    "me": "/api/v1/me", "organisations": "/api/v1/organisations",
    "organisation": "/api/v1/organisations/{candidate_id}",
    "supplier_profile": "/api/v1/suppliers/{candidate_id}/profile",
    "certifications": "/api/v1/suppliers/{candidate_id}/certifications",
    "requirements": "/api/v1/requirements", "requirement": "/api/v1/requirements/{req_id}",
    "candidates": "/api/v1/requirements/{req_id}/candidates",
    "applications": "/api/v1/applications", "programmes": "/api/v1/programmes",
    "programme": "/api/v1/programmes/{programme_id}",
    "enrolments": "/api/v1/programmes/{programme_id}/enrolments",
    "enrolment": "/api/v1/enrolments/{enrolment_id}",
    "milestones": "/api/v1/enrolments/{enrolment_id}/milestones",
    "kpis": "/api/v1/enrolments/{enrolment_id}/kpis",
    "certification": "/api/v1/certifications/{cert_id}",
    "application": "/api/v1/applications/{application_id}",
}
#: every write: endpoint -> (method, URL); the token rules are tried in test_api_writes.py
WRITES = {
    "api_core.update_organisation_details": ("PATCH", "/api/v1/organisations/{candidate_id}"),
    "api_core.update_supplier_profile": ("PATCH", "/api/v1/suppliers/{candidate_id}/profile"),
    "api_core.declare_certificate": ("POST", "/api/v1/suppliers/{candidate_id}/certifications"),
    "api_core.edit_certificate": ("PATCH", "/api/v1/certifications/{cert_id}"),
    "api_core.renew_certificate": ("POST", "/api/v1/certifications/{cert_id}/renewal"),
    "api_core.withdraw_certificate": ("DELETE", "/api/v1/certifications/{cert_id}"),
    "api_core.update_requirement_details": ("PATCH", "/api/v1/requirements/{req_id}"),
    "api_core.set_requirement_status": ("PUT", "/api/v1/requirements/{req_id}/status"),
    "api_core.act_on_a_candidate": (
        "POST", "/api/v1/requirements/{req_id}/candidates/{candidate_id}/action"),
    "api_core.withdraw": ("DELETE", "/api/v1/applications/{application_id}"),
    "api_programmes.create": ("POST", "/api/v1/programmes"),
    "api_programmes.update": ("PATCH", "/api/v1/programmes/{programme_id}"),
    "api_programmes.offer": ("POST", "/api/v1/programmes/{programme_id}/enrolments"),
    "api_programmes.answer": ("PATCH", "/api/v1/enrolments/{offered_enrolment_id}"),
    "api_programmes.complete_milestone": ("PATCH", "/api/v1/milestones/{milestone_id}"),
    "api_programmes.record": ("POST", "/api/v1/enrolments/{enrolment_id}/kpis"),
}
EXPECTATIONS = {
    **{endpoint: (method, url, TOKEN_ONLY) for endpoint, (method, url) in WRITES.items()},
    "api_core.certification": ("GET", "/api/v1/certifications/{cert_id}", TOKEN_ONLY),
    "api_core.application": ("GET", "/api/v1/applications/{application_id}", TOKEN_ONLY),
    **{f"api_core.{name}": ("GET", URLS[name], TOKEN_ONLY) for name in API_GETS},
    **{f"api_programmes.{name}": ("GET", URLS[name], TOKEN_ONLY) for name in PROGRAMME_GETS},
    "api_core.create_requirement": ("POST", "/api/v1/requirements", TOKEN_ONLY),
    "api_core.apply": ("POST", "/api/v1/applications", TOKEN_ONLY),
    "api-docs.openapi_json": ("GET", "/api/v1/openapi.json", {"default": 200}),
    "api_pages.docs": ("GET", "/api/v1/docs", {"default": 200}),
    "api_pages.tokens": ("GET", "/account/api-tokens", {"anonymous": LOGIN, "default": 200}),
    "api_pages.revoke": ("POST", "/account/api-tokens/{api_token_id}/revoke",
                         {"anonymous": LOGIN, "buyer": 302, "default": 404}),
}


# an empty post: the form comes back with its messages
EXTRA = [
    ("api_pages.tokens", "POST", "/account/api-tokens", {"anonymous": LOGIN, "default": 422}),
]


def arrange(world):
    new = create_token(world.session, world.users["buyer"], "ERP", "read", 30)
    return {"api_token_id": new.token.id}
