"""What is new through the API: each thread's latest post and the token's user's unread
count in GET /forums/{slug}/threads, and POST /threads/{id}/read (forum/threads/reads.py)."""

from __future__ import annotations

import pytest

from forum.moderation import actions as moderation
from tests.api.support import assert_error, assert_list
from tests.helpers import make_reply

pytestmark = pytest.mark.db


def _line(api, world, as_: str | None) -> dict:
    response = api.get(f"/forums/{world.forum.slug}/threads", as_=as_)
    assert response.status_code == 200, response.data[:300]
    items = assert_list(response.get_json())
    return next(i for i in items if i["id"] == world.thread.id)


def test_thread_lines_carry_the_latest_post_and_what_is_new(api, world):
    opening = world.opening()
    anonymous = _line(api, world, None)
    assert anonymous["messages"] == 1
    assert anonymous["latest_post"]["id"] == opening.id
    assert anonymous["latest_post"]["author"]["name"] == world.moderator.name
    assert anonymous["unread_count"] is None and anonymous["last_read_post_id"] is None

    line = _line(api, world, "participant")
    assert (line["unread_count"], line["last_read_post_id"]) == (1, None)
    response = api.post(f"/threads/{world.thread.id}/read", as_="participant")
    assert response.status_code == 200, response.data[:300]
    assert response.get_json() == {"thread_id": world.thread.id,
                                   "last_read_post_id": opening.id, "unread_count": 0}
    line = _line(api, world, "participant")
    assert (line["unread_count"], line["last_read_post_id"]) == (0, opening.id)


def test_pending_posts_are_neither_counted_nor_markable(api, world):
    api.post(f"/threads/{world.thread.id}/read", as_="participant")
    pending = make_reply(world.thread, world.other)
    line = _line(api, world, "participant")
    assert (line["messages"], line["unread_count"]) == (1, 0)
    assert line["latest_post"]["id"] == world.opening().id  # not the pending reply
    assert _line(api, world, "other")["latest_post"]["id"] == pending.id  # its author sees it
    assert_error(api.post(f"/threads/{world.thread.id}/read", json={"through": pending.id},
                          as_="participant"), 404, "not_found", "through")
    moderation.approve_post(pending, acting_user=world.moderator, version=pending.version)
    assert _line(api, world, "participant")["unread_count"] == 1
    response = api.post(f"/threads/{world.thread.id}/read", json={"through": pending.id},
                        as_="participant")
    assert response.get_json()["unread_count"] == 0


def test_marking_read_needs_a_token_and_a_valid_body(api, world):
    path = f"/threads/{world.thread.id}/read"
    assert_error(api.post(path), 401, "unauthorized")
    assert_error(api.post(path, json={"through": "1"}, as_="participant"), 422,
                 "validation_error", "through")
    assert_error(api.post(path, json={"since": 1}, as_="participant"), 422)
    assert_error(api.post("/threads/999999/read", as_="participant"), 404, "not_found")
