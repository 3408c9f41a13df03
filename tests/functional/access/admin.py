"""Administration: the certificate verification queue, for platform administrators only."""

LOGIN = 302
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "default": 403}
EXPECTATIONS = {
    "admin.certificates": ("GET", "/admin/certificates", ADMIN_ONLY),
    "admin.certificate": ("GET", "/admin/certificates/{cert_id}", ADMIN_ONLY),
}
