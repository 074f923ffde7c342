"""The OpenAPI document at /api/v1/openapi.json (a test checks it lists every route)."""

from __future__ import annotations

from flask import jsonify

from forum.api import bp, schemas
from forum.search.queries import COUNT_CAP

_ERROR = {"$ref": "#/components/schemas/Error"}


def _resp(schema: dict | None, *codes: int) -> dict:
    out: dict = {}
    for code in codes:
        if code < 300:
            content = {"application/json": {"schema": schema}} if schema else None
            out[str(code)] = {"description": "OK", **({"content": content} if content else {})}
        else:
            out[str(code)] = {"description": "Error",
                              "content": {"application/json": {"schema": _ERROR}}}
    return out


def _body(schema: dict, required: bool = True) -> dict:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _obj(props: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": props, "required": required}


_STR = {"type": "string"}
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
_ID = {"name": "id", "in": "path", "required": True, "schema": schemas.ID}
_PAGING = [{"name": name, "in": "query", "schema": schema}
           for name, schema in schemas.PAGING.items()]
_IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False,
                "schema": schemas.IDEMPOTENCY_KEY}
_DESCRIPTION = (
    "Request bodies and parameters are validated against exactly the schemas below "
    "(JSON Schema 2020-12): a body that is not a JSON object, a bad query parameter, or one "
    "the operation does not declare, is a 400; a body that breaks its schema is a 422 "
    "whose `field` is the failing property's path (e.g. `questions.2`). An `integer` is "
    "written without a fraction (1, not 1.0 or true); a `date-time` is an RFC 3339 "
    "instant between years 1 and 9999. "
    + schemas.TEXT_RULE)


def _list(ref: str) -> dict:
    return _obj({"items": {"type": "array", "items": {"$ref": ref}},
                 "page": {"type": "integer"}, "per_page": {"type": "integer"},
                 "total": {"type": "integer"}}, ["items", "page", "per_page", "total"])


def _capped_list(ref: str) -> dict:
    """A list whose total stops at a cap (search: docs/search.md)."""
    listed = _list(ref)
    listed["properties"]["total_capped"] = {
        "type": "boolean", "description": "true when there are more matches than `total` "
                                         f"(totals are counted up to {COUNT_CAP:,})"}
    listed["required"] = [*listed["required"], "total_capped"]
    return listed


def document() -> dict:
    forum, thread, post = ("#/components/schemas/Forum", "#/components/schemas/Thread",
                           "#/components/schemas/Post")
    email = schemas.person()
    secured = [{"bearer": []}]
    paths = {
        "/": {"get": {"summary": "Links to this document, its reference page and the public "
                             "collections", "responses": _resp(_obj(
                                 {"name": _STR, "version": _STR,
                                  "links": {"type": "object",
                                            "additionalProperties": _STR}},
                                 ["links"]), 200)}},
        "/docs": {"get": {"summary": "This document as a web page for people (Swagger UI)",
                          "responses": {"200": {"description": "OK", "content": {
                              "text/html": {"schema": _STR}}}}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {
            "200": {"description": "OK", "content": {"application/json": {
                "schema": {"type": "object"}}}}}}},
        "/forums": {
            "get": {"summary": "List forums", "parameters": _PAGING,
                    "responses": _resp(_list(forum), 200, 400)},
            "post": {"summary": "Create a forum (Secretariat)", "security": secured,
                     "requestBody": _body(schemas.forum_create()),
                     "responses": _resp({"$ref": forum}, 201, 400, 401, 403, 409, 422)},
        },
        "/forums/{slug}": {"get": {"summary": "A forum", "parameters": [_SLUG],
                                   "responses": _resp({"$ref": forum}, 200, 404)}},
        "/forums/{slug}/moderators": {"post": {
            "summary": "Assign a moderator (Secretariat)", "parameters": [_SLUG],
            "security": secured, "requestBody": _body(email),
            "responses": _resp({"type": "object"}, 201, 400, 401, 403, 404, 422)}},
        "/forums/{slug}/participants": {"post": {
            "summary": "Accredit a participant (Secretariat)", "parameters": [_SLUG],
            "security": secured, "requestBody": _body(email),
            "responses": _resp({"type": "object"}, 201, 400, 401, 403, 404, 422)}},
        "/forums/{slug}/topics": {"post": {
            "summary": "Add a topic (the forum's moderators, Secretariat)",
            "parameters": [_SLUG], "security": secured,
            "requestBody": _body(schemas.topic_create()),
            "responses": _resp({"$ref": "#/components/schemas/Topic"}, 201, 400, 401, 403, 404,
                               422)}},
        "/forums/{slug}/threads": {
            "get": {"summary": "Threads of a forum", "parameters": [_SLUG, *_PAGING],
                     "responses": _resp(_list("#/components/schemas/ThreadLine"), 200, 400,
                                        401, 404)},
            "post": {"summary": "Open a thread (moderators, Secretariat)",
                     "parameters": [_SLUG, _IDEMPOTENCY], "security": secured,
                     "requestBody": _body(schemas.thread_create()),
                     "responses": _resp({"$ref": thread}, 201, 400, 401, 403, 404, 409, 422,
                                        429)},
        },
        "/forums/{slug}/queue": {"get": {
            "summary": "Pending posts (the forum's moderators)", "parameters": [_SLUG, *_PAGING],
            "security": secured, "responses": _resp(_list(post), 200, 400, 401, 403, 404)}},
        "/threads/{id}/read": {"post": {
            "summary": "Mark the thread read for the token's user, through `through` (a "
                       "post id) or through the newest post they may see",
            "parameters": [_ID], "security": secured,
            "requestBody": _body(schemas.read_mark(), required=False),
            "responses": _resp(_obj({"thread_id": {"type": "integer"},
                                     "last_read_post_id": {"type": "integer"},
                                     "unread_count": {"type": "integer"}},
                                    ["thread_id", "last_read_post_id", "unread_count"]),
                               200, 400, 401, 403, 404, 422)}},
        "/threads/{id}/posts": {
            "get": {"summary": "Posts of a thread (approved; an author also sees their own "
                               "pending posts)", "parameters": [_ID, *_PAGING],
                    "responses": _resp(_list(post), 200, 400, 401, 404)},
            "post": {"summary": "Reply (accredited participants: pending)",
                     "parameters": [_ID, _IDEMPOTENCY], "security": secured,
                     "requestBody": _body(schemas.reply_create()),
                     "responses": _resp({"$ref": post}, 200, 201, 400, 401, 403, 404, 409,
                                        422, 429)},
        },
        "/posts/{id}": {"get": {"summary": "One post", "parameters": [_ID],
                                "responses": _resp({"$ref": post}, 200, 401, 404)}},
        "/posts/{id}/approve": {"post": {
            "summary": "Approve the version seen (the forum's moderators)", "parameters": [_ID],
            "security": secured,
            "requestBody": _body(schemas.approval(), required=False),
            "responses": _resp({"$ref": post}, 200, 400, 401, 403, 404, 409, 422)}},
        "/posts/{id}/reject": {"post": {
            "summary": "Reject with a reason (the forum's moderators)", "parameters": [_ID],
            "security": secured, "requestBody": _body(schemas.rejection()),
            "responses": _resp({"$ref": post}, 200, 400, 401, 403, 404, 409, 422)}},
        "/search": {"get": {
            "summary": "Search the public record (approved posts in public threads); "
                       "anonymous callers are rate-limited per address",
            "parameters": [{"name": name, "in": "query", "required": name == "q",
                            "schema": schema} for name, schema in schemas.SEARCH.items()],
            "responses": _resp(_capped_list("#/components/schemas/SearchHit"), 200, 400, 404,
                               429)}},
    }
    person = _obj({"id": {"type": "integer"}, "title": _STR, "name": _STR,
                   "country": {"type": ["string", "null"]}, "organization": _STR,
                   "affiliation": _STR}, ["id", "name"])
    components = {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": _obj({"error": _obj({"code": _STR, "message": _STR, "field": _STR},
                                         ["code", "message"])}, ["error"]),
            "Person": person,
            "Topic": _obj({"id": {"type": "integer"}, "title": _STR}, ["id", "title"]),
            "Forum": _obj({"id": {"type": "integer"}, "slug": _STR, "title": _STR,
                           "status": {"enum": ["upcoming", "open", "closed"]},
                           "topics": {"type": "array",
                                      "items": {"$ref": "#/components/schemas/Topic"}}},
                          ["id", "slug", "title", "status"]),
            "SearchHit": _obj({
                "post_id": {"type": "integer"}, "number": {"type": ["integer", "null"]},
                "kind": _STR, "created_at": _STR,
                "thread": {"$ref": "#/components/schemas/Thread"},
                "forum": _obj({"slug": _STR, "title": _STR}, ["slug", "title"]),
                "author": _obj({"id": {"type": "integer"}, "name": _STR,
                                "country": {"type": ["string", "null"]},
                                "affiliation": _STR}, ["id", "name"]),
                "snippet": {"type": "string", "description": "HTML: escaped text; the "
                            "matched words in <mark> elements"}},
                ["post_id", "number", "thread", "forum", "author", "snippet"]),
            "Thread": _obj({"id": {"type": "integer"}, "title": _STR}, ["id", "title"]),
            "ThreadLine": _obj({
                "id": {"type": "integer"}, "title": _STR,
                "messages": {"type": "integer", "description": "posts the caller may see"},
                "latest_post": _obj({"id": {"type": "integer"}, "created_at": _STR,
                                     "author": {"$ref": "#/components/schemas/Person"}},
                                    ["id", "created_at", "author"]),
                "unread_count": {"type": ["integer", "null"], "description":
                                 "posts new to the token's user (null without a token)"},
                "last_read_post_id": {"type": ["integer", "null"], "description":
                                      "the post the token's user has read through"}},
                ["id", "title", "messages", "latest_post", "unread_count",
                 "last_read_post_id"]),
            "Post": _obj({"id": {"type": "integer"}, "number": {"type": ["integer", "null"]},
                          "status": {"enum": ["pending", "approved", "rejected", "withdrawn",
                                              "hidden"]}, "body": _STR,
                          "reply_to": {"type": ["object", "null"], "description":
                                       "the earlier post of the thread this one answers, "
                                       "if the caller may see it",
                                       "properties": {"id": {"type": "integer"},
                                                      "number": {"type": ["integer",
                                                                          "null"]}}}},
                         ["id", "number", "status"]),
        },
    }
    return {"openapi": "3.1.0",
            "info": {"title": "BCH-style forum API", "version": "1.0.0",
                     "description": _DESCRIPTION},
            "servers": [{"url": "/api/v1"}], "paths": paths, "components": components}


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
