"""What /api/v1/openapi.json documents for each request body is exactly what the API
enforces: for every property of every body, a value just past a documented limit, of the
wrong type, outside the enum, or an unknown or missing property is a 422 naming it, and a
value exactly at the limit is accepted."""

from __future__ import annotations

import itertools

import pytest

from forum.api.openapi import document
from tests.api.support import assert_error
from tests.helpers import make_reply

_seq = itertools.count(1)
WRONG_TYPE = {"string": 7, "integer": "1", "array": "x", "object": []}


def _valid(path: str, world) -> dict:
    """A body for `path` that the API accepts (fresh where it must be unique)."""
    return {
        "/forums": {"slug": f"fresh-{next(_seq)}", "title": "T",
                    "opens_at": "2030-01-01T00:00:00Z", "closes_at": "2030-02-01T00:00:00Z"},
        "/forums/{slug}/moderators": {"email": world.other.email},
        "/forums/{slug}/participants": {"email": world.other.email},
        "/forums/{slug}/topics": {"title": "A topic"},
        "/forums/{slug}/threads": {"title": "A thread", "body": "Framing"},
        "/threads/{id}/posts": {"body": "A reply"},
        "/threads/{id}/read": {},
        "/posts/{id}/approve": {},
        "/posts/{id}/reject": {"reason": "Off-topic."},
    }[path]


def _url(path: str, world) -> str:
    if path.startswith("/posts/"):
        ident = make_reply(world.thread, world.participant).id  # fresh each time (a new text)
    else:
        ident = world.thread.id
    return path.replace("{slug}", world.forum.slug).replace("{id}", str(ident))


def _bodies():
    for path, item in document()["paths"].items():
        body = item.get("post", {}).get("requestBody")
        if body:
            yield path, body["content"]["application/json"]["schema"]


BODIES = list(_bodies())


def _types(schema: dict) -> list[str]:
    kind = schema.get("type", [])
    return [t for t in ([kind] if isinstance(kind, str) else kind) if t != "null"]


def _violations(schema: dict):
    """(property, value) pairs that break exactly one documented constraint."""
    for name, prop in schema["properties"].items():
        kinds = _types(prop)
        if kinds:
            yield name, WRONG_TYPE[kinds[0]], "type"
        if "maxLength" in prop:
            yield name, "x" * (prop["maxLength"] + 1), "maxLength"
        if prop.get("minLength"):
            yield name, "", "minLength"
        if "maximum" in prop:
            yield name, prop["maximum"] + 1, "maximum"
        if "minimum" in prop:
            yield name, prop["minimum"] - 1, "minimum"
        if "maxItems" in prop:
            yield name, ["q"] * (prop["maxItems"] + 1), "maxItems"
        if "enum" in prop:
            yield name, "not-one-of-them", "enum"
        if prop.get("format") == "date-time":
            yield name, "2014-05-26", "format"


CASES = [(path, name, value, why) for path, schema in BODIES
         for name, value, why in _violations(schema)]


@pytest.mark.parametrize("path,name,value,why", CASES,
                         ids=[f"{p}:{n}:{w}" for p, n, _, w in CASES])
def test_a_value_past_a_documented_limit_is_a_422_naming_it(api, world, path, name, value,
                                                            why):
    data = {**_valid(path, world), name: value}
    response = api.post(_url(path, world), data, as_="secretariat")
    assert_error(response, 422, "validation_error", name)


@pytest.mark.parametrize("path,schema", BODIES, ids=[p for p, _ in BODIES])
def test_unknown_and_missing_properties_are_a_422_naming_them(api, world, path, schema):
    assert schema["additionalProperties"] is False
    data = {**_valid(path, world), "unexpected": 1}
    assert_error(api.post(_url(path, world), data, as_="secretariat"), 422, field="unexpected")
    for name in schema["required"]:
        data = {k: v for k, v in _valid(path, world).items() if k != name}
        assert_error(api.post(_url(path, world), data, as_="secretariat"), 422, field=name)


def _at_limit(schema: dict):
    for name, prop in schema["properties"].items():
        if "maxLength" in prop and prop.get("pattern", r"\S") == r"\S" and "format" not in prop:
            yield name, "x" * prop["maxLength"]
        if "maxItems" in prop:
            yield name, [f"Question {i}" for i in range(prop["maxItems"])]


LIMITS = [(path, name, value) for path, schema in BODIES for name, value in _at_limit(schema)]


@pytest.mark.parametrize("path,name,value", LIMITS,
                         ids=[f"{p}:{n}" for p, n, _ in LIMITS])
def test_a_value_exactly_at_a_documented_limit_is_accepted(api, world, path, name, value):
    data = {**_valid(path, world), name: value}
    response = api.post(_url(path, world), data, as_="secretariat")
    assert 200 <= response.status_code < 300, (response.status_code, response.get_json())
