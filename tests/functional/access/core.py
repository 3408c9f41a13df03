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
    "organisations.show": ("GET", "/organisations/{sme_org_id}",
                           {"anonymous": LOGIN, "sme": 200, "admin": 403, "default": 404}),
    "organisations.edit": ("GET", "/organisations/{sme_org_id}/edit",
                           {"anonymous": LOGIN, "sme": 200, "admin": 403, "default": 404}),
}

# empty posts: refused with the form re-rendered (422); signed-in users are sent on by register
EXTRA = [
    ("auth.login", "POST", "/login", {"default": 422}),
    ("auth.register", "POST", "/register", {"anonymous": 422, "default": 302}),
    # an empty post keeps the stored values (the form falls back to the organisation)
    ("organisations.edit", "POST", "/organisations/{sme_org_id}/edit",
     {"anonymous": LOGIN, "sme": 302, "admin": 403, "default": 404}),
]


def arrange(world) -> dict:
    return {"sme_org_id": world.orgs["sme"].id}
