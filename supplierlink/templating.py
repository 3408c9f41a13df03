"""Template globals and filters: values are prepared in Python, templates only show them."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from functools import lru_cache

from babel import dates as babel_dates
from flask import Flask, current_app, request
from flask.templating import Environment as FlaskEnvironment
from flask_babel import (
    format_datetime,
    format_timedelta,
    get_locale,
    get_timezone,
    to_user_timezone,
)
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup

from supplierlink.access import current_membership
from supplierlink.capacity_units import amount as capacity_amount
from supplierlink.db import utcnow
from supplierlink.geo import country_name, region_name
from supplierlink.i18n import format_number

# Links shown in the header, by organisation kind; a link appears once its endpoint exists.
NAV_LINKS = {
    "lead_firm": [("requirements.index", _l("My requirements")),
                  ("requirements.new", _l("Post a requirement")),
                  ("programmes.invitations", _l("Sponsorships")),
                  ("clusters.index", _l("Clusters"))],
    "sme": [("onboarding.index", _l("Get matched")),
            ("suppliers.opportunities", _l("Opportunities")),
            ("suppliers.profile", _l("My profile")),
            ("suppliers.certificates", _l("Certificates")),
            ("suppliers.applications", _l("Applications")),
            ("programmes.my_plan", _l("My development plan")),
            ("suppliers.sharing", _l("Sharing")), ("clusters.mine", _l("My cluster"))],
    "programme_operator": [("programmes.index", _l("Programmes")),
                           ("clusters.index", _l("Clusters"))],
    "admin": [("admin.certificates", _l("Verification queue")),
              ("admin.verifiers", _l("Verifiers")), ("audit.index", _l("Audit log")),
              ("duplicates.index", _l("Duplicates")), ("imports.ocds", _l("OCDS imports")),
              ("sheets.upload", _l("Spreadsheet imports"))],
    "verifier": [("admin.certificates", _l("Verification queue"))],
}


@lru_cache(maxsize=8192)
def _formatted_day(locale: str, value: date) -> str:
    return babel_dates.format_date(value, locale=locale)


def format_day(value) -> str:
    """A date (or a moment, in the user's time zone) in the user's language ("—" for none)."""
    if not value:
        return "—"
    if isinstance(value, datetime):  # the day it is in the user's time zone
        value = to_user_timezone(value).date()
    return _formatted_day(str(get_locale() or "es"), value)


class Environment(FlaskEnvironment):
    """Flask's template environment, where ``card.score`` on a plain dict reads the item at
    once. Jinja tries the attribute first and reads the item only after an AttributeError;
    pages that lay out thirty cards of dicts raised some two thousand of them per request.
    A plain dict's methods (``.items()``, ``.get()``) are still reached by name when it has
    no item of that name."""

    def getattr(self, obj, attribute):
        if type(obj) is dict or type(obj) is Frozen:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class Frozen(dict):
    """A dict that cannot change and can be hashed: the plain values a piece of a page is
    drawn from, usable as the key it is kept under."""

    __slots__ = ("_hash",)

    def __hash__(self):
        try:
            return self._hash
        except AttributeError:
            self._hash = hash(tuple(self.items()))
            return self._hash

    def _immutable(self, *args, **kwargs):
        raise TypeError("a frozen view cannot change")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _immutable


@lru_cache(maxsize=4096)
def _kept(app: Flask, template: str, macro: str, locale: str, zone: str, args: tuple) -> str:
    return str(getattr(app.jinja_env.get_template(template).module, macro)(*args))


def kept_macro(template: str, macro: str, *args) -> Markup:
    """The HTML of ``macro`` in ``template`` called with ``args``, drawn once per process for
    the same arguments, language and time zone, then kept (the most recent few thousand).
    The arguments must be all the macro reads, as plain hashable values (``Frozen`` dicts,
    tuples, text, numbers, days and moments): the data is read afresh by every request, only
    the drawing of the same data is shared. The macro is imported without the page's context,
    so it cannot read anything else by mistake."""
    return Markup(_kept(current_app._get_current_object(), template, macro,
                        str(get_locale() or "es"), str(get_timezone()), args))


def nav_links(app: Flask, membership) -> list[tuple[str, object]]:
    from flask_login import current_user

    kinds = []
    if membership is not None:
        kinds.append(membership.organisation.kind)
    if current_user and current_user.is_authenticated and current_user.is_admin:
        kinds.append("admin")
    elif current_user and current_user.is_authenticated and current_user.is_verifier:
        kinds.append("verifier")
    return [(endpoint, label) for kind in kinds for endpoint, label in NAV_LINKS.get(kind, [])
            if endpoint in app.view_functions]


#: stands for the signed-in user's CSRF token in HTML kept for reuse (``kept_macro``): random
#: per process, so no text a user typed can be it
CSRF_SLOT = "csrf-" + secrets.token_hex(16)


def with_csrf_token(html: str, token: str | None = None) -> Markup:
    """Kept HTML with the user's CSRF token where ``CSRF_SLOT`` stands."""
    return Markup(html.replace(CSRF_SLOT, token or generate_csrf()))


@pass_context
def site_header(context) -> Markup:
    """The header for this page (``_header.html``) from the page's context: the same header
    (user's kind of links, bell count, organisation, page address, language) is drawn once
    per process (``kept_macro``); the user's CSRF token is put in afresh."""
    from flask_login import current_user

    signed_in = bool(current_user and current_user.is_authenticated)
    org = context.get("current_org")
    view = Frozen(
        authenticated=signed_in,
        nav=tuple((endpoint, str(label)) for endpoint, label in context.get("nav_links", ())),
        unread=context.get("unread_notifications") or 0,
        org=Frozen(id=org.id, name=org.display_name) if org is not None else None,
        languages=tuple(context.get("language_names", {}).items()),
        path=context.get("current_path", "/"), locale=context.get("current_locale", "es"))
    html = kept_macro("_header.html", "site_header", view, CSRF_SLOT)
    return with_csrf_token(html) if signed_in else html


def once_per_render(app: Flask) -> None:
    """Flask gives every blueprint the context processors a new blueprint starts with (its
    default one: ``g``, ``request``, ``session``), which the app already runs for every
    template: registered, each ran once more for the request's blueprint at every render. Call
    after the blueprints are registered; the app's own run stays."""
    from flask import Blueprint

    given = Blueprint("given", __name__).template_context_processors[None]
    for name in [name for name in app.template_context_processors if name is not None]:
        kept = [p for p in app.template_context_processors[name] if p not in given]
        if kept:
            app.template_context_processors[name] = kept
        else:
            del app.template_context_processors[name]


def init_app(app: Flask, language_names: dict[str, str]) -> None:
    @app.context_processor
    def _globals():
        membership = current_membership()
        return {
            "current_org": membership.organisation if membership else None,
            "current_role": membership.role if membership else None,
            "language_names": language_names,
            "current_locale": str(get_locale() or "es"),
            "current_path": request.full_path.rstrip("?") if request else "/",
            "nav_links": nav_links(app, membership),
        }

    app.jinja_env.globals["site_header"] = site_header
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = lambda value: format_datetime(value) if value else "—"
    app.jinja_env.filters["ago"] = lambda value: format_timedelta(
        utcnow() - (value if value.tzinfo else value.replace(tzinfo=UTC)), threshold=1.1)
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["country"] = lambda code: country_name(code, str(get_locale() or "en")) if code else "—"
    app.jinja_env.filters["region"] = lambda code: region_name(code) if code else "—"
    app.jinja_env.filters["capacity"] = capacity_amount
