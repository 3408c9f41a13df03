"""Friendly error pages that keep the layout and the language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l

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


def _handler(code, title, text):
    def handle(error):
        from supplierlink.api.errors import handle_http_exception, is_api_request

        if is_api_request():  # the API answers in problem+json, not with a page
            return handle_http_exception(error) if hasattr(error, "code") else \
                handle_http_exception(_as_http(code))
        return render_template("errors/error.html", title=title, text=text), code

    return handle


def _as_http(code: int):
    from werkzeug.exceptions import default_exceptions

    return default_exceptions[code]()
