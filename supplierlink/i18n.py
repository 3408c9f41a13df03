"""Locale selection: the visitor's explicit choice, then their account, then their browser.

Spanish is the default for visitors whose browser names none of the supported languages.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

LOCALE_COOKIE = "lang"
LANGUAGE_NAMES = {"es": "Español", "pt": "Português", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def _lazy_text_html(self) -> str:
    """A lazy translation is text: shown in a template it is escaped like any other string.

    Flask-Babel's ``LazyString.__html__`` returns the formatted string as it is, which marks it
    safe markup: ``lazy_gettext("“%(name)s” is not a standard", name=typed)`` would then put
    whatever the person typed into the page unescaped. Escaping here covers every lazy
    string of the app (messages built in services, form labels and validators) at once.
    """
    return str(escape(str(self)))


LazyString.__html__ = _lazy_text_html
