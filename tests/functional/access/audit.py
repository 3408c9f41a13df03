"""The audit log: platform administrators only."""

LOGIN = 302
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "default": 403}
EXPECTATIONS = {
    "audit.index": ("GET", "/admin/audit", ADMIN_ONLY),
    "audit.export": ("GET", "/admin/audit/export.csv", ADMIN_ONLY),
}
