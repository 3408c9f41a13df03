"""Schemathesis against the app's own OpenAPI document, with a real token of each role: no
server errors and no response that breaks the document. Bounded (a few examples per operation)
so that it runs with the rest of the suite."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.functional.test_api_access import api_world  # noqa: F401  (fixture)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
ROLES = ("buyer", "sme", "manager", "admin")


def test_the_api_keeps_its_document(app, api_world):  # noqa: F811
    _w, _ids, tokens = api_world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            for role in ROLES:  # every generated request, as each role
                case.call_and_validate(
                    # the test client does not undo compression the way an HTTP client does
                    headers={"Authorization": f"Bearer {tokens[role]['read_write']}",
                             "Accept-Encoding": "identity"},
                    checks=CHECKS)

        fuzz()
