"""Administration: the certificate verification queue, for platform administrators and the
verifiers they appoint; appointing verifiers, for administrators only."""

LOGIN = 302
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "verifier": 403, "default": 403}
VERIFIERS = {"anonymous": LOGIN, "admin": 200, "verifier": 200, "default": 403}
EXPECTATIONS = {
    "admin.certificates": ("GET", "/admin/certificates", VERIFIERS),
    "admin.certificate": ("GET", "/admin/certificates/{cert_id}", VERIFIERS),
    "admin.verifiers": ("GET", "/admin/verifiers", ADMIN_ONLY),
}
# empty decisions are refused with the page re-rendered (422)
EXTRA = [
    ("admin.certificate", "POST", "/admin/certificates/{cert_id}",
     {**VERIFIERS, "admin": 422, "verifier": 422}),
    ("admin.verifiers", "POST", "/admin/verifiers", {**ADMIN_ONLY, "admin": 422}),
]
