"""Logs on stdout: one line per request with its request id, and the app's own messages tagged
with the id of the request they belong to.

The id comes from the ``X-Request-ID`` header when a proxy in front set a sensible one, and is
made here otherwise; it goes back in the response's ``X-Request-ID`` header, so a user's report
or a proxy's log leads to the lines of that request.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from sqlalchemy import inspect
from werkzeug.wsgi import ClosingIterator

ENVIRON_KEY = "supplierlink.request_id"
USER_KEY = "supplierlink.user_id"
HEADER = "X-Request-ID"
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

log = logging.getLogger("supplierlink.requests")


def request_id() -> str | None:
    """The id of the current request (None outside a request)."""
    return request.environ.get(ENVIRON_KEY) if has_request_context() else None


class RequestLog:
    """WSGI middleware: gives each request an id and logs one line when its answer is sent,
    whatever produced the answer (a view, an error page, a request run again)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        given = environ.get("HTTP_X_REQUEST_ID", "")
        rid = given if ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = rid
        started = time.perf_counter()
        answer = {"status": "500"}

        def start(status, headers, exc_info=None):
            answer["status"] = status.split(" ", 1)[0]
            headers = [(k, v) for k, v in headers if k.lower() != HEADER.lower()]
            headers.append((HEADER, rid))
            return start_response(status, headers, exc_info)

        def done():
            log.info("%s %s %s %.1fms user=%s", environ.get("REQUEST_METHOD"),
                     environ.get("PATH_INFO"), answer["status"],
                     (time.perf_counter() - started) * 1000,
                     environ.get(USER_KEY, "-"),
                     extra={"request_id": rid})

        try:
            body = self.wsgi_app(environ, start)
        except BaseException:
            done()
            raise
        return ClosingIterator(body, [done])


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() or "-"
        return True


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is when a line is logged (test runners swap it)."""

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, _value):
        pass


def configure_logging(level: str = "INFO") -> None:
    """Send the app's logs (``supplierlink.*``) to stdout, once per process."""
    logger = logging.getLogger("supplierlink")
    if not any(isinstance(h, StdoutHandler) for h in logger.handlers):
        handler = StdoutHandler()
        handler.addFilter(_RequestIdFilter())
        handler.setFormatter(logging.Formatter(FORMAT))
        logger.addHandler(handler)
    logger.setLevel(level)


def init_app(app: Flask) -> None:
    configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    app.wsgi_app = RequestLog(app.wsgi_app)

    @app.teardown_request
    def _note_user(_exc=None):
        # the user this request was answered for, by id: the session's cookie value also
        # holds the token that signs the browser in, which has no place in a log
        acting = g.get("api_acting")  # a request of the API, by its token's user
        user = acting.user if acting is not None else g.get("_login_user")
        identity = _identity(user)  # none for a visitor
        if identity:
            request.environ[USER_KEY] = str(identity[0])


def _identity(user) -> tuple | None:
    # read from the identity map's key: a request that rolled back has expired the user's
    # attributes and closed its session, and reading ``user.id`` would need them loaded
    state = inspect(user, raiseerr=False)
    return state.identity if state is not None else None
