"""Locale selection: the visitor's explicit choice, then their account, then their browser.

Spanish is the default for visitors whose browser names none of the supported languages.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_login import current_user

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
