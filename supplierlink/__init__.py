"""SupplierLink: connects SME suppliers to lead firms and tracks supplier development."""

from __future__ import annotations

from flask import Flask

from supplierlink.config import PROJECT_ROOT, load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: configuration, extensions and blueprints."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    from supplierlink.templating import Environment
    from supplierlink.uploads import UploadRequest

    app.jinja_environment = Environment  # before anything asks for ``app.jinja_env``
    app.request_class = UploadRequest
    app.config.from_mapping(load_config())
    if test_config:
        app.config.from_mapping(test_config)

    from supplierlink import extensions, urls

    urls.init_app(app)  # before any rule is added: ids out of range do not match (404)

    extensions.init_app(app)

    from importlib import import_module

    from supplierlink import jobs
    from supplierlink.audit import subscribers as _audit  # noqa: F401  (records every event)
    from supplierlink.directory import documents  # noqa: F401  (keeps the search index current)
    from supplierlink.matches import subscribers  # noqa: F401  (connects matching to events)
    from supplierlink.notifications import subscribers as _notices  # noqa: F401

    # connected after matching, so this month's cluster figures follow the re-ranking
    import_module("supplierlink.clusters.subscribers")

    jobs.init_app(app)

    from supplierlink import errorpages, requestlog, transactions

    errorpages.init_app(app)
    transactions.init_app(app)
    requestlog.init_app(app)

    from supplierlink.blueprints import BLUEPRINT_MODULES

    for module in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(module).bp)

    from supplierlink import ratelimit

    ratelimit.init_app(app)
    from supplierlink import api

    api.init_app(app)
    from supplierlink.templating import once_per_render

    once_per_render(app)

    from supplierlink.cli import register_commands

    register_commands(app)
    return app
