"""Locale selection: the visitor's explicit choice, then their account, then their browser.

Spanish is the default for visitors whose browser names none of the supported languages.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

import flask_babel
import flask_wtf.i18n as flask_wtf_i18n
from babel import numbers as babel_numbers
from babel import support as babel_support
from flask import current_app, has_request_context, request
from flask.globals import _cv_app
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape
from wtforms.i18n import messages_path as wtforms_messages_path

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


def _babel_context():
    """Flask-Babel's per-request namespace, found with one context-variable read.

    Flask-Babel looks it up through the ``g`` proxy three times for every translated string,
    every formatted number and every locale check (over a thousand times on a page of
    candidate cards); this does the same lookup directly.
    """
    ctx = _cv_app.get(None)
    if ctx is None:
        return None
    try:
        return ctx.g._flask_babel
    except AttributeError:
        ctx.g._flask_babel = namespace = SimpleNamespace()
        return namespace


_domain_translations = flask_babel.Domain.get_translations


def _translations_once_per_locale(self):
    """A domain's translations, looked up once per request and locale (a locale forced for
    an e-mail gets its own, and the request's come back after it)."""
    ctx = _babel_context()
    if ctx is None:
        return _domain_translations(self)
    locale = flask_babel.get_locale()
    cached = getattr(ctx, "supplierlink_translations", None)
    if cached is not None and cached[0] is locale and cached[1] is self:
        return cached[2]
    translations = _domain_translations(self)
    ctx.supplierlink_translations = (locale, self, translations)
    return translations


flask_babel._get_current_context = _babel_context
flask_babel.Domain.get_translations = _translations_once_per_locale


@lru_cache(maxsize=16)
def _wtforms_catalogue(locale: str):
    return babel_support.Translations.load(wtforms_messages_path(), [locale], domain="wtforms")


def _wtforms_translations():
    """WTForms' own messages ("This field is required.") in the request's language, read from
    disk once per process and language. Flask-WTF reads and parses the catalogue again in
    every request that shows or checks a form field."""
    if not has_request_context() or "babel" not in current_app.extensions:
        return None
    return _wtforms_catalogue(str(flask_babel.get_locale()))


flask_wtf_i18n._get_translations = _wtforms_translations


@lru_cache(maxsize=8192)
def _formatted_number(locale: str, _kind: type, value) -> str:
    return babel_numbers.format_decimal(value, locale=locale)


def format_number(value) -> str:
    """A number in the user's language ("—" for none); the same number in the same language
    is formatted once per process (list pages show the same counts on every row, candidate
    cards the same capacities and ratios)."""
    if value is None:
        return "—"
    return _formatted_number(str(flask_babel.get_locale() or "es"), type(value), value)
