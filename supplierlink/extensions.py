"""Flask extensions and their wiring into an app."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from supplierlink.config import PROJECT_ROOT
from supplierlink.db import Database, get_session

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def init_app(app: Flask) -> None:
    Database(app.config["DATABASE_URL"]).init_app(app)
    csrf.init_app(app)

    from supplierlink.i18n import LANGUAGE_NAMES, select_locale

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "supplierlink" / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def _load_user(user_id: str):
        from supplierlink.auth.models import User

        return get_session().get(User, int(user_id))

    from supplierlink import static_files, templating

    templating.init_app(app, LANGUAGE_NAMES)
    static_files.init_app(app)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        return response
