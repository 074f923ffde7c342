"""The OpenAPI document and the routes agree: every /api/v1 route is documented with its
method and path, and every documented operation exists (CONTRACTS.md, JSON API)."""

from __future__ import annotations

import re

from forum.api.openapi import document
from tests.api.support import API

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _documented_path(rule: str) -> str:
    """/api/v1/posts/<int:post_id> -> /posts/{id}; /api/v1/forums/<slug> -> /forums/{slug}."""
    path = rule[len(API):]
    path = re.sub(r"<int:\w+>", "{id}", path)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)


def _routes(app) -> set[tuple[str, str]]:
    return {
        (method, _documented_path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule == API or rule.rule.startswith(API + "/")
        for method in rule.methods - IGNORED_METHODS
    }


def _operations(doc: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in doc["paths"].items() for method in item}


def test_every_api_route_is_documented_and_every_documented_one_exists(app):
    routes, documented = _routes(app), _operations(document())
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "documented operations without a route"
    assert len(routes) >= 15  # the filter above found the API


def test_the_document_is_served(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.is_json
    served = response.get_json()
    assert served == document()
    assert served["openapi"].startswith("3.") and served["servers"] == [{"url": API}]


def test_path_parameters_are_declared():
    for path, item in document()["paths"].items():
        for method, spec in item.items():
            names = {p["name"] for p in spec.get("parameters", []) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path)), (method, path)


def test_secured_operations_document_401_and_403():
    for path, item in document()["paths"].items():
        for method, spec in item.items():
            if spec.get("security"):
                assert {"401", "403"} <= set(spec["responses"]), (method, path)
                if method == "post":
                    assert {"400", "422"} <= set(spec["responses"]), (method, path)


def test_lists_document_paging_and_400():
    for path, item in document()["paths"].items():
        for method, spec in item.items():
            schema = spec["responses"].get("200", {}).get("content", {}) \
                .get("application/json", {}).get("schema", {})
            if "items" in schema.get("properties", {}):
                names = {p["name"] for p in spec["parameters"] if p["in"] == "query"}
                assert {"page", "per_page"} <= names, (method, path)
                assert names == {"page", "per_page"} or path == "/search", (method, path)
                assert "400" in spec["responses"], (method, path)
                per_page = next(p for p in spec["parameters"] if p["name"] == "per_page")
                assert per_page["schema"]["maximum"] == 200


def test_the_paged_endpoints_are_the_documented_ones(app):
    """Query parameters an endpoint accepts (forum/api/schemas.py PAGED) are the ones its
    operation documents; every other query parameter is refused."""
    from forum.api.schemas import PAGED, SEARCHED

    documented = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        for method in rule.methods - IGNORED_METHODS:
            spec = document()["paths"][_documented_path(rule.rule)][method.lower()]
            if any(p["in"] == "query" for p in spec.get("parameters", [])):
                documented.add(rule.endpoint)
    assert documented == PAGED | SEARCHED
