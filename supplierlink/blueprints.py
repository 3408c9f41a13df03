"""The blueprints of the app, in registration order (each module defines ``bp``)."""

BLUEPRINT_MODULES = (
    "supplierlink.main.views",
    "supplierlink.auth.views",
    "supplierlink.organisations.views",
    "supplierlink.catalogue.views",
    "supplierlink.requirements.views",
    "supplierlink.suppliers.views",
    "supplierlink.admin.views",
    "supplierlink.programmes.views",
    "supplierlink.health",
    "supplierlink.audit.views",
    "supplierlink.directory.views",
    "supplierlink.messages.views",
    "supplierlink.notifications.views",
    "supplierlink.suppliers.lifecycle_views",
    "supplierlink.onboarding.views",
    "supplierlink.imports.views",
    "supplierlink.imports.sheet_views",
    "supplierlink.imports.review_views",
    "supplierlink.api.views",
    "supplierlink.clusters.views",
)
