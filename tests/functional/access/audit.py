"""The audit log: platform administrators only."""

LOGIN = 302
# verifiers check certificates; the audit log is the administrators' alone
ADMIN_ONLY = {"anonymous": LOGIN, "admin": 200, "verifier": 403, "default": 403}
EXPECTATIONS = {
    "audit.index": ("GET", "/admin/audit", ADMIN_ONLY),
    "audit.export": ("GET", "/admin/audit/export.csv", ADMIN_ONLY),
}
