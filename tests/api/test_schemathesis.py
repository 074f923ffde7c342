"""Schemathesis against /api/v1/openapi.json, in-process, as the Secretariat: generated
requests never get a 5xx, invalid ones get a 4xx, and valid ones get documented statuses,
content types and bodies.

Each operation is called with the ids of real objects and with generated ones, with data
that fits the document (positive) and data that does not (negative, which must get a 4xx).
Hypothesis runs derandomized, so a run is repeatable, and bounded, so it stays quick.
"""

from __future__ import annotations

import contextvars

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from forum.api.inputs import check, header, query
from forum.api.openapi import document
from forum.extensions import db
from forum.refusals import Refused
from tests.api.support import API
from tests.helpers import make_reply

OPERATIONS = [(method.upper(), path) for path, item in document()["paths"].items()
              for method in item]
POSITIVE = [not_a_server_error, status_code_conformance, content_type_conformance,
            response_schema_conformance]
NEGATIVE = [not_a_server_error, negative_data_rejection, status_code_conformance,
            content_type_conformance]
PEOPLE = ("/forums/{slug}/moderators", "/forums/{slug}/participants")
SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def _isolated(app):
    """The app as a WSGI callable whose requests run in their own context, as in production
    (the test's app context and database session are not the request's)."""

    def wsgi(environ, start_response):
        db.session.commit()
        return contextvars.Context().run(app.wsgi_app, environ, start_response)

    return wsgi


def _real_ids(world) -> dict[str, dict]:
    pending = make_reply(world.thread, world.participant, "Awaiting moderation")
    return {"slug": {"slug": world.forum.slug}, "thread": {"id": world.thread.id},
            "post": {"id": pending.id}}


def _fixed(path: str, ids: dict[str, dict]) -> dict | None:
    if "{slug}" in path:
        return ids["slug"]
    if "{id}" in path:
        return ids["thread"] if path.startswith("/threads/") else ids["post"]
    return None


def _has_input(spec: dict) -> bool:
    """Something a negative case can get wrong besides a path parameter."""
    return "requestBody" in spec or any(p["in"] in ("query", "header")
                                        for p in spec.get("parameters", []))


def _run(strategy, checks: list, statuses: list[int]) -> None:
    @SETTINGS
    @given(case=strategy)
    def fuzz(case):
        response = case.call_and_validate(checks=checks)
        statuses.append(response.status_code)

    fuzz()


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_keeps_to_its_document(app, world, method, path):
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", _isolated(app))
    operation = schema[path][method]
    spec = document()["paths"][path][method.lower()]
    auth = dict(world.headers["secretariat"])
    fixed = _fixed(path, _real_ids(world))

    def strategy(mode: GenerationMode):
        options = [operation.as_strategy(generation_mode=mode, path_parameters=fixed,
                                         headers=auth)]
        if fixed:  # and generated ids or slugs, which mostly name nothing
            options.append(operation.as_strategy(generation_mode=mode, headers=auth))
        if mode == GenerationMode.POSITIVE and path in PEOPLE:  # an address that has an account
            options.append(operation.as_strategy(path_parameters=fixed, headers=auth,
                                                 body={"email": world.other.email}))
        return st.one_of(options)

    positive: list[int] = []
    _run(strategy(GenerationMode.POSITIVE), POSITIVE, positive)
    assert all(status < 500 for status in positive), positive
    # Some cases got through to the real thing, not only to 404s and 422s.
    assert any(200 <= status < 300 for status in positive), positive

    negative: list[int] = []
    if _has_input(spec):
        _run(strategy(GenerationMode.NEGATIVE), NEGATIVE, negative)
    elif "{id}" in path:  # an integer id can be negated (it is a string then): 404
        _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, headers=auth),
             NEGATIVE, negative)
    # Not every "negative" case is invalid (an unknown query parameter is ignored, say):
    # negative_data_rejection judges the ones that are.
    assert all(status < 500 for status in negative), negative


# Negative mode with our own oracle -----------------------------------------------------------

NEGATIVE_SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))


def _violates(app, spec: dict, case) -> bool:
    """Whether the request breaks the operation's document, judged by the very schemas the
    API validates with (forum/api/inputs.py), so the test and the server cannot drift."""
    body_schema = spec.get("requestBody", {}).get("content", {}).get(
        "application/json", {}).get("schema")
    with app.test_request_context(query_string=case.query or {},
                                  headers={k: v for k, v in (case.headers or {}).items()
                                           if k != "Authorization"}):
        try:
            params = {p["name"]: p["schema"] for p in spec.get("parameters", [])}
            query({k: params[k] for k in (case.query or {}) if k in params})
            if "Idempotency-Key" in params:
                header("Idempotency-Key", params["Idempotency-Key"])
            if body_schema is not None and case.body is not NOT_SET:
                if not isinstance(case.body, dict):
                    return True
                check(body_schema, case.body)
            elif body_schema is not None and spec["requestBody"]["required"]:
                return True
        except Refused:
            return True
    return False


# Every operation with something to get wrong (GET /openapi.json and GET /forums/{slug}, whose
# only input is any string, have nothing).
NEGATABLE = [(m, p) for m, p in OPERATIONS
             if _has_input(document()["paths"][p][m.lower()]) or "{id}" in p]


@pytest.mark.parametrize("method,path", NEGATABLE, ids=[f"{m} {p}" for m, p in NEGATABLE])
def test_negative_mode_never_gets_a_5xx_nor_an_accepted_invalid_request(app, world, method,
                                                                        path):
    """SECURITY-THREATS.md row 7: schemathesis's negative mode over the whole document."""
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", _isolated(app))
    operation = schema[path][method]
    spec = document()["paths"][path][method.lower()]
    auth = dict(world.headers["secretariat"])
    fixed = _fixed(path, _real_ids(world))
    options = [operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, headers=auth,
                                     path_parameters=fixed)]
    if fixed:
        options.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE,
                                             headers=auth))
    seen: list[tuple[int, bool]] = []

    @NEGATIVE_SETTINGS
    @given(case=st.one_of(options))
    def fuzz(case):
        response = case.call()
        seen.append((response.status_code, _violates(app, spec, case)))

    fuzz()
    assert [s for s, _ in seen if s >= 500] == []
    accepted = [s for s, invalid in seen if invalid and s < 400]
    assert accepted == [], f"{len(accepted)} schema-violating requests accepted"
    if _has_input(spec):  # the oracle did judge some requests invalid
        assert any(invalid for _, invalid in seen), seen
    assert seen
