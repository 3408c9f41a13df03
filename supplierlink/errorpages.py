"""Friendly error pages that keep the layout and the language, even when the database session
of the request is broken or the database cannot be reached.

A refusal (403, or 404 for someone signed in: another organisation's objects answer 404) is
announced as ``access_denied`` so the audit log keeps it; an unexpected error shows a short
reference that is also written to the log beside the traceback.
"""

from __future__ import annotations

import logging
import secrets

from flask import Flask, current_app, g, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("Your account cannot open this page.")),
    404: (_l("Not found"), _l("This page does not exist, or it is not yours to see.")),
    409: (_l("Changed by someone else"), _l("Someone else changed this while you were working "
                                            "on it. Nothing was saved: reload the page to see "
                                            "their changes, then try again.")),
    413: (_l("File too large"), _l("The file is larger than allowed.")),
    500: (_l("Something went wrong"), _l("The error was logged. Nothing was saved; please try again.")),
    503: (_l("Too busy"), _l("Many people are changing the same records right now. Nothing was "
                             "saved; please try again in a moment.")),
}


def init_app(app: Flask) -> None:
    for code in PAGES:
        app.register_error_handler(code, _handler(code))


def _announce_refusal(code: int) -> None:
    from flask_login import current_user

    from supplierlink import signals
    from supplierlink.db import get_session

    try:
        if code == 403 or (code == 404 and current_user and current_user.is_authenticated):
            signals.access_denied.send(get_session(), path=request.path[:300],
                                       method=request.method, status=code)
    except Exception:  # the page must be shown even when the refusal cannot be recorded
        log.exception("a refusal could not be recorded")


def _handler(code: int):
    def handle(error):
        from supplierlink.api.errors import handle_http_exception, is_api_request

        if is_api_request():  # the API answers in problem+json, not with a page
            return handle_http_exception(error) if hasattr(error, "code") else \
                handle_http_exception(_as_http(code))
        original = getattr(error, "original_exception", None)
        shown = _code_for(code, original)
        reference = None
        if shown in (403, 404):
            _announce_refusal(shown)
        elif shown == 500:
            reference = secrets.token_hex(4)
            original = original or error
            log.error("error reference %s", reference,
                      exc_info=(type(original), original, original.__traceback__))
        return render_error(shown, reference)

    return handle


def _code_for(code: int, cause: BaseException | None) -> int:
    """A conflict that was still there after the request was run again is the user's to
    resolve (409); a database that stayed busy is worth another try (503)."""
    if code != 500 or cause is None:
        return code
    if isinstance(cause, StaleDataError):
        return 409
    from supplierlink.transactions import retryable

    if isinstance(cause, DBAPIError) and retryable(cause):
        return 503
    return code


def render_error(code: int, reference: str | None = None):
    title, text = PAGES[code]
    _recover_session()
    try:
        return render_template("errors/error.html", title=title, text=text,
                               reference=reference), code
    except Exception:
        # The layout reads the signed-in user and organisation from the database; when that
        # fails too, a page without them still tells the user what happened.
        log.exception("the error page could not be drawn with the layout")
        template = current_app.jinja_env.get_template("errors/bare.html")
        return template.render(title=title, text=text, reference=reference), code


def _recover_session() -> None:
    """Roll back the request's session if a failed statement left it unusable."""
    session = g.get("db_session")
    if session is None:
        return
    try:
        session.rollback()
    except Exception:
        log.exception("the request's database session could not be rolled back")
        g.pop("db_session", None)
        session.close()


def _as_http(code: int):
    from werkzeug.exceptions import default_exceptions

    return default_exceptions[code]()
