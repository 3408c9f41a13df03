"""``/healthz``: whether this process can serve, for a load balancer or a supervisor.

It checks the database (a ``SELECT 1`` on a connection of its own, not the request's session)
and Redis when ``REDIS_URL`` is set, and answers JSON: 200 when everything answered, 503 when
something did not, naming what failed.
"""

from __future__ import annotations

import logging
import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from supplierlink.db import get_db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
REDIS_TIMEOUT = 2.0  # seconds: a health check must answer quickly even when Redis does not


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:
        log.warning("health check failed: %s", exc)
        return {"ok": False, "error": type(exc).__name__,
                "ms": round((time.perf_counter() - started) * 1000, 1)}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_database() -> None:
    with get_db().engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _check_redis(url: str) -> None:
    from redis import Redis

    client = current_app.extensions.get("supplierlink.health_redis")
    if client is None:
        client = Redis.from_url(url, socket_timeout=REDIS_TIMEOUT,
                                socket_connect_timeout=REDIS_TIMEOUT)
        current_app.extensions["supplierlink.health_redis"] = client
    client.ping()


@bp.route("/healthz")
def healthz():
    checks = {"database": _timed(_check_database)}
    url = current_app.config.get("REDIS_URL")
    if url:
        checks["redis"] = _timed(lambda: _check_redis(url))
    healthy = all(check["ok"] for check in checks.values())
    response = jsonify(status="ok" if healthy else "unavailable", checks=checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
