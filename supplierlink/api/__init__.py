"""The JSON API under ``/api/v1``: personal tokens, OpenAPI 3.1 built from the code."""

from __future__ import annotations

import importlib

from flask import Flask

from supplierlink.api.core import PREFIX, Api


def init_app(app: Flask) -> None:
    """One flask-smorest ``Api`` per app (its OpenAPI document is built from the app's routes)."""
    app.config.setdefault("API_TITLE", "SupplierLink API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer",
            "description": "A personal token created in your account's API tokens page."}}},
        "info": {"description": "Read and write SupplierLink data with a personal token."},
    })
    api = Api(app)
    from supplierlink.api import errors, programmes, resources
    from supplierlink.extensions import csrf

    for writes in ("writes", "programme_writes"):  # their routes join those blueprints
        importlib.import_module(f"supplierlink.api.{writes}")

    for module in (resources, programmes):
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp)
    errors.init_app(app)
