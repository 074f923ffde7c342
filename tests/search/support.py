"""Shared set-up for the search tests: a forum with a moderator, participants, a thread."""

from __future__ import annotations

from dataclasses import dataclass

from forum.extensions import db
from forum.models import Forum, Post, Thread, User
from forum.moderation import actions as moderation
from tests.helpers import make_forum, make_reply, make_thread, make_user


@dataclass
class World:
    forum: Forum
    thread: Thread
    moderator: User
    alice: User  # a participant from Malaysia, a Party
    bob: User  # a participant from an organization


def make_world(language: str = "en", slug: str | None = None) -> World:
    moderator = make_user("moderator", country="CA")
    forum = make_forum(moderators=[moderator], slug=slug, participants_may_open_threads=True)
    forum.language = language
    db.session.commit()
    thread = make_thread(forum, moderator, title="Capacity building")
    alice = make_user(country="MY", name="Alice Tan")
    bob = make_user(country=None, affiliation="organization", name="Bob Smith")
    return World(forum, thread, moderator, alice, bob)


def approved(thread: Thread, author: User, body: str, moderator: User) -> Post:
    """A participant's reply, approved by the moderator."""
    post = make_reply(thread, author, body)
    return moderation.approve_post(post, acting_user=moderator, version=post.version)


def found(client, q: str, **params) -> dict:
    """The API's answer to a search (asserting it succeeded)."""
    response = client.get("/api/v1/search", query_string={"q": q, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def found_ids(client, q: str, **params) -> list[int]:
    return [hit["post_id"] for hit in found(client, q, **params)["items"]]
