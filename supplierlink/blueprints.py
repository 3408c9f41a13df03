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
    "supplierlink.clusters.views",
)
