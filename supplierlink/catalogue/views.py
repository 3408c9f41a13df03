"""JSON search over the reference data, for the suggestions shown while filling in forms."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import get_locale
from flask_login import login_required

from supplierlink.catalogue.services import search_categories, suggest_standards
from supplierlink.db import get_session

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


def _limit(default: int) -> int:
    return min(max(1, request.args.get("limit", default, type=int) or default), 100)


@bp.route("/categories")
@login_required
def categories():
    """Categories by code prefix or by words of their title in the user's language."""
    locale = str(get_locale() or "en")
    found = search_categories(get_session(), request.args.get("q", ""), locale,
                              request.args.get("scheme", "UNSPSC"), _limit(20))
    return jsonify(results=[{"code": c.code, "title": c.title(locale), "level": c.level}
                            for c in found])


@bp.route("/standards")
@login_required
def standards():
    """Standards closest to the typed text (keys, names or aliases; typos tolerated)."""
    found = suggest_standards(get_session(), request.args.get("q", ""), _limit(8))
    return jsonify(results=[{"key": r.key, "name": r.name, "confidence": r.confidence}
                            for r in found])
