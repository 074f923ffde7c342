"""Helpers of the API tests: the world's people, a JSON caller and response shapes."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Post, Thread, User

API = "/api/v1"


@dataclass
class World:
    forum: Forum
    thread: Thread
    secretariat: User
    moderator: User  # moderates `forum`
    participant: User
    other: User  # a second participant, who must not see the first one's pending posts
    outsider: User  # moderates `other_forum` only
    other_forum: Forum
    headers: dict[str, dict] = field(default_factory=dict)

    def opening(self) -> Post:
        return db.session.scalars(
            select(Post).where(Post.thread_id == self.thread.id, Post.kind == "opening")
        ).one()


class Api:
    """Calls /api/v1 as one of the world's people (`as_=None` is anonymous)."""

    def __init__(self, client, world: World) -> None:
        self.client = client
        self.world = world

    def _headers(self, as_: str | None, headers: dict | None) -> dict:
        out = dict(self.world.headers[as_]) if as_ else {}
        out.update(headers or {})
        return out

    def get(self, path: str, as_: str | None = None, headers: dict | None = None, **kwargs):
        return self.client.get(API + path, headers=self._headers(as_, headers), **kwargs)

    def post(self, path: str, json=None, as_: str | None = None, headers: dict | None = None,
             **kwargs):
        if json is not None:
            kwargs["json"] = json
        return self.client.post(API + path, headers=self._headers(as_, headers), **kwargs)


def assert_error(response, status: int, code: str | None = None, field: str | None = None):
    """The response is the API's JSON error with this status (and code, field)."""
    assert response.status_code == status, (response.status_code, response.data[:500])
    assert response.is_json, response.data[:200]
    error = response.get_json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    if field is not None:
        assert error.get("field") == field, error
    return error


def assert_list(body: dict, *, page: int = 1, per_page: int = 50) -> list:
    assert set(body) == {"items", "page", "per_page", "total"}, body
    assert body["page"] == page and body["per_page"] == per_page, body
    assert isinstance(body["items"], list) and isinstance(body["total"], int)
    return body["items"]
