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
    def _load_user(value: str):
        # the cookie names a server-side session, which must still be live (auth/sessions.py)
        from flask import current_app

        from supplierlink.auth.sessions import load_session_user

        return load_session_user(get_session(), value,
                                 idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
                                 max_hours=current_app.config["SESSION_MAX_HOURS"])

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

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
            "frame-ancestors 'none'; form-action 'self'; object-src 'none'; base-uri 'none'",
        )
        return private_headers(app, response)


def private_headers(app: Flask, response):
    """HSTS over TLS; nothing a signed-in person sees (pages, exports, files) is kept by a
    browser or proxy cache."""
    from flask import request
    from flask_login import current_user

    if request.is_secure and app.config.get("HSTS_SECONDS"):
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
    if response.mimetype == "application/json":
        # an API answer is data, never a page to render (ASVS 14.4.2)
        response.headers.setdefault("Content-Disposition", 'attachment; filename="api.json"')
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response
