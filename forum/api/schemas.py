"""The shape of every API request, as JSON Schema: one definition used both to validate a
request (forum/api/inputs.py) and to write /api/v1/openapi.json (forum/api/openapi.py), so
what the document says is exactly what is enforced.

Shapes only: types, lengths, enums, required and unknown properties. The rules (windows,
permissions, states, duplicate slugs) stay in the actions; where an action has a limit, the
schema reads the same constant from the action's module.
"""

from __future__ import annotations

from flask import current_app, has_app_context

from forum.admin import actions as admin
from forum.config import POST_MAX_CHARS
from forum.inputs import MAX_INT, MAX_PAGE
from forum.models import Forum, User
from forum.models.forums import POSTING_RULES
from forum.models.posts import KINDS
from forum.models.users import AFFILIATIONS
from forum.moderation import actions as moderation
from forum.search.criteria import SORTS
from forum.search.text import MAX_QUERY_CHARS
from forum.threads import actions as writing

# Every string must also be valid Unicode without NUL (no column can store either); that
# is checked for every string of every body, so it is stated once in the document's
# description rather than as a pattern on each field.
TEXT_RULE = ("Every string in a request must be valid Unicode without NUL characters "
             "(400 or 422 naming the field otherwise).")
PER_PAGE_MAX = 200


def _length(column) -> int:
    return column.type.length


def text(max_length: int) -> dict:
    """A required text: at least one character that is not a space."""
    return {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": r"\S"}


def optional_text(max_length: int) -> dict:
    """Text that may be left out or null (read as empty)."""
    return {"type": ["string", "null"], "maxLength": max_length}


TIME = {"type": "string", "format": "date-time"}
OPTIONAL_TIME = {"type": ["string", "null"], "format": "date-time"}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_INT}


def _object(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


def post_max() -> int:
    """The configured length limit of a post (a setting, so read per request)."""
    return current_app.config["POST_MAX_CHARS"] if has_app_context() else POST_MAX_CHARS


def forum_create() -> dict:
    return _object({
        "slug": {"type": "string", "maxLength": _length(Forum.slug),
                 "pattern": admin.SLUG_RE.pattern},
        "title": text(admin.MAX_TITLE),
        "opens_at": TIME,
        "closes_at": TIME,
        "objective": optional_text(admin.MAX_TEXT),
        "language": optional_text(admin.MAX_LANGUAGE),
        "posting": {"enum": [*POSTING_RULES, None]},
    }, ["slug", "title", "opens_at", "closes_at"])


def person() -> dict:
    return _object({"email": {**text(_length(User.email)), "format": "email"}}, ["email"])


def topic_create() -> dict:
    return _object({"title": text(admin.MAX_TITLE),
                    "description": optional_text(admin.MAX_TEXT),
                    "opens_at": OPTIONAL_TIME, "closes_at": OPTIONAL_TIME}, ["title"])


def thread_create() -> dict:
    return _object({
        "title": text(writing.MAX_TITLE),
        "body": text(post_max()),
        "topic_id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_INT},
        "questions": {"type": ["array", "null"], "maxItems": writing.MAX_QUESTIONS,
                      "items": {"type": "string", "maxLength": writing.MAX_QUESTION}},
    }, ["title", "body"])


def reply_create() -> dict:
    # `reply_to`: the id of the earlier post of the thread this one answers.
    return _object({"body": text(post_max()),
                    "reply_to": {"type": ["integer", "null"], "minimum": 1,
                                 "maximum": MAX_INT}}, ["body"])


def approval() -> dict:
    return _object({"version": ID}, [])


def read_mark() -> dict:
    """POST /threads/{id}/read: read through this post (default: the newest one visible)."""
    return _object({"through": ID}, [])


def rejection() -> dict:
    return _object({"reason": text(moderation.MAX_REASON)}, ["reason"])


# The endpoints that take `page` and `per_page`; no other API endpoint takes any query
# parameter, and an unknown one is refused (400) rather than ignored.
PAGED = {"api.list_forums", "api.list_threads", "api.list_posts", "api.queue"}
PAGING = {
    "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX},
}
# The endpoints that take the search parameters below (and no others).
SEARCHED = {"api.api_search"}
_DAY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# GET /search: every parameter optional but `q`; the search's own rules (forum/search/
# criteria.py) read the same names, so the page and the API accept the same queries.
SEARCH = {
    "q": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
    "forum": {"type": "string", "minLength": 1, "maxLength": 64},
    "topic": ID, "thread": ID, "author": ID,
    "country": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    "affiliation": {"enum": list(AFFILIATIONS)},
    "kind": {"enum": list(KINDS)},
    "since": {"type": "string", "format": "date", "pattern": _DAY},
    "until": {"type": "string", "format": "date", "pattern": _DAY},
    "sort": {"enum": list(SORTS)},
    **PAGING,
}
IDEMPOTENCY_KEY = {"type": "string", "minLength": 1, "maxLength": writing.MAX_IDEMPOTENCY_KEY}
