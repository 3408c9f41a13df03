"""Friendly error pages that keep the layout and the language.

A refusal (403, or 404 for someone signed in: another organisation's objects answer 404) is
announced as ``access_denied`` so the audit log keeps it; an unexpected error shows a short
reference that is also written to the log beside the traceback.
"""

from __future__ import annotations

import logging
import secrets

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Not allowed"), _l("Your account cannot open this page.")),
    404: (_l("Not found"), _l("This page does not exist, or it is not yours to see.")),
    413: (_l("File too large"), _l("The file is larger than allowed.")),
    500: (_l("Something went wrong"), _l("The error was logged. Nothing was saved; please try again.")),
}


def init_app(app: Flask) -> None:
    for code, (title, text) in PAGES.items():
        app.register_error_handler(code, _handler(code, title, text))


def _announce_refusal(code: int) -> None:
    from flask_login import current_user

    from supplierlink import signals
    from supplierlink.db import get_session

    if code == 403 or (code == 404 and current_user and current_user.is_authenticated):
        signals.access_denied.send(get_session(), path=request.path[:300],
                                   method=request.method, status=code)


def _handler(code, title, text):
    def handle(error):
        reference = None
        if code in (403, 404):
            _announce_refusal(code)
        elif code == 500:
            reference = secrets.token_hex(4)
            original = getattr(error, "original_exception", None) or error
            log.error("error reference %s", reference,
                      exc_info=(type(original), original, original.__traceback__))
        return render_template("errors/error.html", title=title, text=text,
                               reference=reference), code

    return handle
