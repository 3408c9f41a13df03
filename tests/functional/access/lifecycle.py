"""Certificate lifecycle: the owning SME edits, renews and withdraws its certificates;
administrators preview evidence and decide in bulk."""

from tests.functional.access.admin import ADMIN_ONLY, LOGIN

OWNER = {"anonymous": LOGIN, "sme": 200, "other_sme": 404, "default": 403}
EXPECTATIONS = {
    "certificates.edit": ("GET", "/supplier/certificates/{cert_id}/edit", OWNER),
    "certificates.renew": ("GET", "/supplier/certificates/{cert_id}/renew", OWNER),
    "certificates.withdraw": ("POST", "/supplier/certificates/{cert_id}/withdraw",
                              {**OWNER, "sme": 302}),
    "admin.certificate_preview": ("GET", "/admin/certificates/{cert_id}/preview", ADMIN_ONLY),
    "admin.bulk": ("POST", "/admin/certificates/bulk?x=1",
                   {"anonymous": LOGIN, "admin": 400, "verifier": 403, "default": 403}),
}

# posts come after the walk withdrew the certificate (above): a withdrawn certificate is no
# longer edited or renewed, even by its owner; nobody else reaches it at all
EXTRA = [
    ("certificates.edit", "POST", "/supplier/certificates/{cert_id}/edit", {**OWNER, "sme": 404}),
    ("certificates.renew", "POST", "/supplier/certificates/{cert_id}/renew",
     {**OWNER, "sme": 404}),
]
