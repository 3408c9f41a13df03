"""Settings read from environment variables, with safe defaults for local use."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-secret-key-change-me"


class ConfigError(RuntimeError):
    """Raised when the environment does not describe a runnable configuration."""


def default_database_url() -> str:
    instance = PROJECT_ROOT / "instance"
    return f"sqlite:///{instance / 'supplierlink.sqlite3'}"


def load_config(environ: dict | None = None) -> dict:
    """Build the Flask config mapping from environment variables.

    Outside development the secret key must come from the environment: a known default key
    would let anyone forge session cookies.
    """
    env = os.environ if environ is None else environ
    mode = env.get("SUPPLIERLINK_ENV", "development")
    secret = env.get("SECRET_KEY")
    if not secret:
        if mode != "development":
            raise ConfigError("SECRET_KEY must be set when SUPPLIERLINK_ENV is not 'development'.")
        secret = DEV_SECRET_KEY
    production = mode == "production"
    return {
        "ENV_NAME": mode,
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get("DATABASE_URL") or default_database_url(),
        "UPLOAD_FOLDER": env.get("SUPPLIERLINK_UPLOAD_FOLDER")
        or str(PROJECT_ROOT / "instance" / "uploads"),
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "es",
        "LANGUAGES": ("es", "pt", "en"),
        "PER_PAGE": 25,
        # jobs go to RQ over Redis when set, and run in this process after the commit otherwise
        "REDIS_URL": env.get("REDIS_URL") or None,
        # where e-mail goes (supplierlink.mail): SMTP, a folder of .eml files, or the log
        "MAIL_URL": env.get("MAIL_URL") or (
            f"file://{PROJECT_ROOT / 'instance' / 'mail'}" if mode == "development" else "log://"),
        "MAIL_FROM": env.get("MAIL_FROM") or "SupplierLink <no-reply@supplierlink.local>",
        # the address users reach the site at: links in e-mails (notifications, unsubscribe)
        "BASE_URL": env.get("SUPPLIERLINK_BASE_URL") or "http://127.0.0.1:5000",
    }
