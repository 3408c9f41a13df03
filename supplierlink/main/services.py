"""What each role's home page shows first: each feature provides the panel of its users."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy.orm import Session

# organisation kind (or "admin") -> module with ``panel_context(session, org, user) -> dict``
PANEL_PROVIDERS = {
    "lead_firm": "supplierlink.requirements.dashboard",
    "sme": "supplierlink.suppliers.dashboard",
    "programme_operator": "supplierlink.programmes.dashboard",
    "admin": "supplierlink.admin.dashboard",
}


def dashboard_context(session: Session, org, user) -> dict:
    """The panel for the acting organisation's kind, with its data ready to render."""
    panel = org.kind if org is not None else ("admin" if user.is_admin else "no_org")
    context = {"panel": panel}
    provider = PANEL_PROVIDERS.get(panel)
    if provider is not None:
        try:
            module = import_module(provider)
        except ModuleNotFoundError:
            module = None
        if module is not None:
            context.update(module.panel_context(session, org, user))
    return context
