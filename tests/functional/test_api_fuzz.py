"""Schemathesis against the app's own OpenAPI document, with a real token of each role: no
server errors and no response that breaks the document, for reads and writes (each write is
also sent to the world's own objects, so generated bodies reach the services' rules). Bounded (a
few examples per operation) so that it runs with the rest of the suite; the world is the test's
own and is rolled back after it, so the other tests never see what the fuzzing wrote."""

from __future__ import annotations

import re
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.functional.access.api import WRITES
from tests.functional.test_api_access import api_world  # noqa: F401  (fixture)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
ROLES = ("buyer", "sme", "manager", "admin")


def test_the_api_keeps_its_document(app, api_world):  # noqa: F811
    _w, ids, tokens = api_world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    documented = {(o.method.upper(), o.path) for o in operations}
    writes = {(method, re.sub(r"\{[a-z_]+\}", "{}", url))
              for method, url in WRITES.values()}
    assert writes <= {(m, re.sub(r"\{[a-z_]+\}", "{}", p)) for m, p in documented}
    # the world's own objects, so that generated bodies reach the services' rules too
    real = {"org_id": ids["candidate_id"], "supplier_id": ids["candidate_id"],
            "cert_id": ids["cert_id"], "req_id": ids["req_id"],
            "application_id": ids["application_id"], "programme_id": ids["programme_id"],
            "enrolment_id": ids["enrolment_id"], "milestone_id": ids["milestone_id"]}

    reached = Counter()
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case):
            for role in ROLES:  # every generated request, as each role
                for path in _paths(case, real):
                    case.path_parameters = path
                    response = case.call_and_validate(
                        # the test client does not undo compression the way an HTTP client
                        # does
                        headers={"Authorization": f"Bearer {tokens[role]['read_write']}",
                                 "Accept-Encoding": "identity"},
                        checks=CHECKS)
                    if case.method.upper() != "GET" and path == _real(path, real):
                        reached[response.status_code] += 1

        fuzz()
    # writes on the world's objects got past the token and ownership checks into the services
    assert reached[200] + reached[201] + reached[422] + reached[409] > 0, reached


def _paths(case, real):
    """The generated path, and for writes also the same request on the world's objects."""
    generated = dict(case.path_parameters or {})
    if case.method.upper() == "GET" or not generated:
        return [generated]
    return [generated, _real(generated, real)]


def _real(path, real):
    return {name: real.get(name, value) for name, value in path.items()}
