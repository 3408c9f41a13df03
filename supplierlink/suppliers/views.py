"""Pages of the suppliers feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("suppliers", __name__, url_prefix="/supplier")
