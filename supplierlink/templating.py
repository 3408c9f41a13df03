"""Template globals and filters: values are prepared in Python, templates only show them."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import format_date, format_decimal, get_locale

from supplierlink.auth.access import current_membership
from supplierlink.geo import country_name, region_name


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
        }

    app.jinja_env.filters["date"] = lambda value: format_date(value) if value else "—"
    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else "—"
    app.jinja_env.filters["country"] = lambda code: country_name(code, str(get_locale() or "en")) if code else "—"
    app.jinja_env.filters["region"] = lambda code: region_name(code) if code else "—"
