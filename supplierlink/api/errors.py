"""API errors as ``application/problem+json`` (RFC 9457), naming the field at fault."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

PROBLEM = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorised", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 409: "Conflict", 413: "Payload too large",
          415: "Unsupported media type", 422: "Invalid input", 500: "Internal server error"}


def problem(status: int, detail: str | None = None, errors: list[dict] | None = None,
            headers: dict | None = None):
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def field_errors(messages, prefix: str = "") -> list[dict]:
    """Flatten webargs/marshmallow messages ({location: {field: [msg]}}) to [{field, message}]."""
    found = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                found.extend({"field": name, "message": v} for v in value)
            else:
                found.extend(field_errors(value, name))
    elif isinstance(messages, list):
        found.extend({"field": prefix, "message": str(v)} for v in messages)
    return found


def _strip_location(errors: list[dict]) -> list[dict]:
    for error in errors:
        head, _, rest = error["field"].partition(".")
        if head in ("json", "query", "path", "form", "headers") and rest:
            error["field"] = rest
    return errors


DETAILS = {409: "Someone else changed this since you read it: read it again, then retry.",
           422: "The request has invalid fields."}


def handle_http_exception(exc: HTTPException):
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if exc.code in DETAILS and messages:
        errors = _strip_location(field_errors(messages))
        return problem(exc.code, DETAILS[exc.code], errors)
    headers = dict(getattr(exc, "data", {}) or {}).get("headers") or {}
    if exc.code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="supplierlink"')
    return problem(exc.code or 500, exc.description, headers=headers)


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _any_http_error(exc: HTTPException):
        if is_api_request():
            return handle_http_exception(exc)
        return exc
