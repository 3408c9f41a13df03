"""URL helpers."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


#: Ids are 64-bit signed integers in the database; anything larger names nothing.
MAX_ID = 2 ** 63 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in URLs: a number outside 1…2⁶³−1 does not match the rule (404) instead of
    reaching the database, which refuses it with an error."""

    def __init__(self, url_map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


#: an id no row has (above every id a route accepts): stands in for each row's own
_MARKER = str(MAX_ID + 1)


def url_for_each(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """The URL of ``endpoint`` for each id given as ``key``, built once for a whole page (a
    list or thirty cards ask for one or two URLs a row): the id takes the place of a marker
    the routes never match."""
    from flask import url_for

    head, _marker, tail = url_for(endpoint, **{key: MAX_ID + 1}, **values).rpartition(_MARKER)
    return lambda ident: f"{head}{int(ident)}{tail}"


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when it is missing, not a number or out of range."""
    from flask import request

    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def page_arg(name: str = "page", default: int = 1) -> int:
    """A page number from the query string, kept within a sane range."""
    from flask import request

    value = request.args.get(name, default, type=int)
    return min(max(1, value), 1_000_000)


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter
