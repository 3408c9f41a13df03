"""Settings read from environment variables, with safe defaults for local use."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-secret-key-change-me"


class ConfigError(RuntimeError):
    """Raised when the environment does not describe a runnable configuration."""


def default_database_url() -> str:
    instance = PROJECT_ROOT / "instance"
    return f"sqlite:///{instance / 'supplierlink.sqlite3'}"


def instance_secret_key_file() -> Path:
    return PROJECT_ROOT / "instance" / "secret_key"


def ensure_instance_secret_key(path: Path | None = None) -> Path:
    """Write a random secret key to the instance folder once (readable by its owner only);
    ``make serve`` calls this so that a server is never signed with a key anyone can read."""
    path = path or instance_secret_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path


def _secret_key(env, mode: str) -> str:
    """``SECRET_KEY``, else the key file of the instance folder, else (in development only) the
    development key. Outside development the development key is refused: it is in the
    repository, so anyone could forge session cookies with it."""
    secret = env.get("SECRET_KEY")
    key_file = Path(env.get("SECRET_KEY_FILE") or instance_secret_key_file())
    if not secret and key_file.is_file():
        secret = key_file.read_text().strip()
    if mode != "development" and (not secret or secret == DEV_SECRET_KEY or len(secret) < 32):
        raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters "
                          "(not the development key) when SUPPLIERLINK_ENV is not "
                          "'development'.")
    return secret or DEV_SECRET_KEY


def default_web_workers() -> int:
    """gunicorn's single-threaded worker processes by default: one per core, at least two.
    Pages use the processor, PostgreSQL beside them too; more processes than cores only take
    turns on them (``make bench-web`` on 2 cores, run alternately: 2 workers served every
    page faster and with a lower p95 than 4). With the database on another machine, where
    requests wait on the network, more workers (``WEB_CONCURRENCY``) keep the cores busy."""
    return max(2, min(os.cpu_count() or 1, 8))


def _int(env, name: str, default: int) -> int:
    value = env.get(name)
    try:
        return int(value) if value not in (None, "") else default
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from exc


def load_config(environ: dict | None = None) -> dict:
    """Build the Flask config mapping from environment variables."""
    env = os.environ if environ is None else environ
    mode = env.get("SUPPLIERLINK_ENV", "development")
    secret = _secret_key(env, mode)
    production = mode == "production"
    return {
        "ENV_NAME": mode,
        "SECRET_KEY": secret,
        "DATABASE_URL": env.get("DATABASE_URL") or default_database_url(),
        "UPLOAD_FOLDER": env.get("SUPPLIERLINK_UPLOAD_FOLDER")
        or str(PROJECT_ROOT / "instance" / "uploads"),
        # the whole request; a file part over 10 MB is cut (uploads.py) and refused
        # with the form still filled in, so only requests over this answer 413
        "MAX_CONTENT_LENGTH": _int(env, "MAX_REQUEST_MB", 64) * 1024 * 1024,
        # the __Host- prefix pins the cookies to this host, over TLS, for every path
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "REMEMBER_COOKIE_NAME": "__Host-remember" if production else "remember_token",
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
        "JOBS_QUEUE": env.get("SUPPLIERLINK_JOBS_QUEUE") or "supplierlink",
        # where e-mail goes (supplierlink.mail): SMTP, a folder of .eml files, or the log
        "MAIL_URL": env.get("MAIL_URL") or (
            f"file://{PROJECT_ROOT / 'instance' / 'mail'}" if mode == "development" else "log://"),
        # supplierlink.requestlog: one line per request on stdout
        "LOG_LEVEL": env.get("LOG_LEVEL") or "INFO",
        "MAIL_FROM": env.get("MAIL_FROM") or "SupplierLink <no-reply@supplierlink.local>",
        # sessions end after this long unused, and this long after signing in in any case
        "SESSION_IDLE_MINUTES": _int(env, "SESSION_IDLE_MINUTES", 30),
        "SESSION_MAX_HOURS": _int(env, "SESSION_MAX_HOURS", 12),
        # rate limits on sign-in, registration and password reset (storage: REDIS_URL or memory)
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1").lower() not in ("0", "false", "no"),
        # how many proxies in front of the app set X-Forwarded-For/-Proto (0: none trusted)
        "PROXY_COUNT": _int(env, "PROXY_COUNT", 0),
        "HSTS_SECONDS": _int(env, "HSTS_SECONDS", 31536000),
        # the address users reach the site at: links in e-mails (notifications, unsubscribe)
        "BASE_URL": env.get("SUPPLIERLINK_BASE_URL") or "http://127.0.0.1:5000",
    }
