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
    app.config.from_mapping(load_config())
    if test_config:
        app.config.from_mapping(test_config)

    from supplierlink import extensions

    extensions.init_app(app)

    from importlib import import_module

    from supplierlink import jobs
    from supplierlink.matches import subscribers  # noqa: F401  (connects matching to events)

    # connected after matching, so this month's cluster figures follow the re-ranking
    import_module("supplierlink.clusters.subscribers")

    jobs.init_app(app)

    from supplierlink import errorpages

    errorpages.init_app(app)

    from supplierlink.blueprints import BLUEPRINT_MODULES

    for module in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(module).bp)

    from supplierlink.cli import register_commands

    register_commands(app)
    return app
