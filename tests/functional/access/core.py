"""Home, accounts, language and organisation profile routes."""

LOGIN = 302
EXPECTATIONS = {
    "static": ("GET", "/static/css/app.css", {"default": 200}),
    "main.home": ("GET", "/", {"anonymous": 200, "default": 302}),
    "main.dashboard": ("GET", "/dashboard", {"anonymous": LOGIN, "default": 200}),
    "main.set_language": ("GET", "/language/en", {"default": 302}),
    "auth.login": ("GET", "/login", {"default": 200}),
    "auth.logout": ("POST", "/logout", {"default": 302}),
    "auth.register": ("GET", "/register", {"anonymous": 200, "default": 302}),
    "auth.confirm": ("GET", "/register/confirm/not-a-token", {"default": 404}),
    "auth.password": ("GET", "/account/password", {"anonymous": LOGIN, "default": 200}),
    "auth.sessions": ("GET", "/account/sessions", {"anonymous": LOGIN, "default": 200}),
    # another user's session id changes nothing and answers 404 (tested in test_sessions)
    "auth.end_one_session": ("POST", "/account/sessions/999999/end",
                             {"anonymous": LOGIN, "default": 404}),
    "auth.end_other_sessions": ("POST", "/account/sessions/end-others",
                                {"anonymous": LOGIN, "default": 302}),
    "auth.forgot_password": ("GET", "/password/forgot", {"default": 200}),
    "auth.reset_password": ("GET", "/password/reset/not-a-token", {"default": 404}),
    "organisations.show": ("GET", "/organisations/{sme_org_id}",
                           {"anonymous": LOGIN, "sme": 200, "admin": 403, "default": 404}),
    # health checks are for load balancers and supervisors: anyone, signed in or not
    "health.healthz": ("GET", "/healthz", {"default": 200}),
    "organisations.edit": ("GET", "/organisations/{sme_org_id}/edit",
                           {"anonymous": LOGIN, "sme": 200, "admin": 403, "default": 404}),
}

# empty posts: refused with the form re-rendered (422); signed-in users are sent on by register
EXTRA = [
    ("auth.login", "POST", "/login", {"default": 422}),
    ("auth.register", "POST", "/register", {"anonymous": 422, "default": 302}),
    # empty posts to the account pages: refused with the form (an unknown token is 404)
    ("auth.confirm", "POST", "/register/confirm/not-a-token", {"default": 404}),
    ("auth.password", "POST", "/account/password", {"anonymous": LOGIN, "default": 422}),
    ("auth.forgot_password", "POST", "/password/forgot", {"default": 422}),
    ("auth.reset_password", "POST", "/password/reset/not-a-token", {"default": 404}),
    # an empty post keeps the stored values (the form falls back to the organisation)
    ("organisations.edit", "POST", "/organisations/{sme_org_id}/edit",
     {"anonymous": LOGIN, "sme": 302, "admin": 403, "default": 404}),
]


def arrange(world) -> dict:
    return {"sme_org_id": world.orgs["sme"].id}
