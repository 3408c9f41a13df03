"""The API's plumbing: the OpenAPI document (flask-smorest), token authentication, who is
acting, and cursor pagination."""

from __future__ import annotations

import base64
import http
from contextlib import contextmanager
from dataclasses import dataclass

import marshmallow as ma
from flask import g, request, url_for
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from flask_smorest.spec import prepare_response
from werkzeug.exceptions import Forbidden, NotFound, Unauthorized

from supplierlink.api.errors import PROBLEM
from supplierlink.consent import ConsentRefused
from supplierlink.db import get_session
from supplierlink.errors import ConflictError, ServiceError

PREFIX = "/api/v1"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
MAX_LIMIT = 100
MAX_ID = 2**31 - 1  # the largest id a table's integer key holds


class ProblemSchema(ma.Schema):
    """An error (RFC 9457 problem details); ``errors`` names each field at fault."""

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String()
    errors = ma.fields.List(ma.fields.Dict())


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        pass  # supplierlink.api.errors answers for the API's paths only

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            content_type = "application/json"
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                content_type = PROBLEM
            prepare_response(response, self.spec, content_type)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


@dataclass
class Acting:
    """The token's user and what they may act for."""

    user: object
    token: object
    org_ids: set
    orgs: list

    @property
    def is_admin(self) -> bool:
        return bool(self.user.is_admin)

    def of_kind(self, *kinds):
        return [o for o in self.orgs if o.kind in kinds]

    def one_of_kind(self, kind: str, wanted: int | None = None):
        """The acting organisation of ``kind`` (the one asked for, or the first), else 403."""
        orgs = self.of_kind(kind)
        if wanted is not None:
            orgs = [o for o in orgs if o.id == wanted]
        if not orgs:
            raise Forbidden(f"This needs a member of a {kind.replace('_', ' ')}.")
        return orgs[0]


def acting() -> Acting:
    return g.api_acting


def authenticate_request() -> None:
    """Before every API view: a live bearer token, and write scope for writes."""
    from supplierlink.api.tokens import authenticate

    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    token = authenticate(get_session(), secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise Unauthorized("A valid API token is required (Authorization: Bearer …); it may "
                           "have expired or been revoked.")
    if request.method in WRITE_METHODS and token.scope != "read_write":
        raise Forbidden("This token may only read.")
    if any(isinstance(value, int) and value > MAX_ID for value in
           (request.view_args or {}).values()):
        raise not_found()  # no row has such an id (and PostgreSQL would refuse to compare it)
    user = token.user
    orgs = [m.organisation for m in user.memberships]
    g.api_acting = Acting(user, token, {o.id for o in orgs}, orgs)


def api_blueprint(name: str, description: str) -> Blueprint:
    blp = Blueprint(name, __name__, url_prefix=PREFIX, description=description)
    blp.before_request(authenticate_request)
    return blp


def not_found():
    return NotFound("Not found, or not yours to see.")


def own(who: Acting, record, attr: str = "organisation_id"):
    """``record`` when it belongs to one of the user's organisations (the pages' rule for
    changing anything: another organisation's object answers 404, administrators included)."""
    if record is None or getattr(record, attr) not in who.org_ids:
        raise not_found()
    return record


#: the services' (the forms') names of fields the API names otherwise
FIELD_NAMES = {"category_codes": "categories", "evidence": "evidence_pdf",
               "target_stage_key": "target_stage"}


def service_error(exc: ServiceError, field_name=None):
    """A service's rule broken, as the pages' forms show it, with each field at fault (by its
    name in the request; ``field_name`` renames further): 409 when someone else changed the
    record first, 403 for a consent rule about who acts (no field), 422 otherwise."""
    from werkzeug.exceptions import Conflict, UnprocessableEntity

    if isinstance(exc, ConsentRefused) and set(exc.errors) == {""}:
        return Forbidden("; ".join(str(m) for m in exc.errors[""]))
    error = Conflict() if isinstance(exc, ConflictError) else UnprocessableEntity()

    def name(key: str) -> str:
        key = FIELD_NAMES.get(key, key)
        return (field_name(key) if field_name else key) or "request"

    error.data = {"messages": {"json": {name(k): [str(m) for m in v]
                                        for k, v in exc.errors.items()}}}
    return error


@contextmanager
def service_call(field_name=None):
    """Run a service; its ``ServiceError`` becomes the API's answer (nothing is committed on
    an error: the request's transaction rolls back on any 4xx)."""
    try:
        yield
    except ServiceError as exc:
        raise service_error(exc, field_name) from None


def created(body, endpoint: str, **values):
    """A 201 answer with the new resource's ``Location``."""
    return body, 201, {"Location": url_for(endpoint, **values)}


class PageArgs(ma.Schema):
    cursor = ma.fields.String(load_default=None, metadata={
        "description": "The next_cursor of the previous page."})
    limit = ma.fields.Integer(load_default=25, validate=ma.validate.Range(1, MAX_LIMIT))


def page_schema(item_schema, name: str):
    return ma.Schema.from_dict({
        "items": ma.fields.List(ma.fields.Nested(item_schema)),
        "next_cursor": ma.fields.String(allow_none=True),
    }, name=name)


def paginate(query, id_column, args: dict) -> dict:
    """Rows after the cursor, in id order, and the cursor of the next page (None at the end)."""
    after = _decode(args.get("cursor"))
    limit = args.get("limit") or 25
    if after is not None:
        query = query.where(id_column > after)
    rows = list(get_session().scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": _encode(rows[-1].id) if more and rows else None}


def _encode(value: int) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id" or not value.isdigit() or len(value) > 12:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        from werkzeug.exceptions import UnprocessableEntity

        exc = UnprocessableEntity()
        exc.data = {"messages": {"query": {"cursor": ["Not a cursor this API gave."]}}}
        raise exc from None
