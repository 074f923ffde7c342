"""The leak matrix (SECURITY-THREATS.md row 6): role x object x channel against a declared
allow-table. Every refused cell answers 404 byte-identical to a missing id, so a refusal
tells nothing about existence; the public record (forum page, counts, digest) never holds
what an anonymous reader may not see."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from forum.digest.collect import collect
from forum.extensions import db
from forum.models import Post, PostState
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, token_for
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

ROLES = ("anonymous", "author", "other_participant", "other_moderator", "moderator",
         "secretariat")
STAFF = {"moderator", "secretariat"}
# object -> roles that may see it (CONTRACTS.md: only approved is public; authors see their
# own pending, rejected and hidden posts; a withdrawn post is gone; a thread whose opening
# awaits moderation does not exist for others, whatever is approved inside it).
ALLOWED = {
    "approved": set(ROLES),
    "pending": {"author"} | STAFF,
    "rejected": {"author"} | STAFF,
    "hidden": {"author"} | STAFF,
    "withdrawn": set(),
    "answer_in_pending_thread": {"author"} | STAFF,
}
MISSING = 987654


@pytest.fixture
def world(app):
    people = {
        "author": make_user("participant", country="KE"),
        "other_participant": make_user("participant", country="PE"),
        "other_moderator": make_user("moderator", country="FJ"),
        "moderator": make_user("moderator", country="ZA"),
        "secretariat": make_user("secretariat", country=None, affiliation="organization"),
    }
    mod = people["moderator"]
    forum = make_forum(moderators=[mod], participants_may_open_threads=True)
    make_forum(moderators=[people["other_moderator"]])
    thread = make_thread(forum, mod)
    author = people["author"]
    objects = {}
    for state in ("approved", "pending", "rejected", "hidden", "withdrawn"):
        objects[state] = make_reply(thread, author, body=f"Secret-{state} words")
    moderation.approve_post(objects["approved"], acting_user=mod, version=1)
    moderation.reject_post(objects["rejected"], acting_user=mod, reason="No.")
    moderation.approve_post(objects["hidden"], acting_user=mod, version=1)
    moderation.hide_post(objects["hidden"], acting_user=mod, reason="Later.")
    writing.withdraw_post(objects["withdrawn"], author=author)
    pending_thread = writing.open_thread(forum, author=author, title="Secret-thread title",
                                         body="Secret-opening words")
    objects["answer_in_pending_thread"] = make_reply(pending_thread, mod,
                                                     body="Secret-answer_in_pending_thread")
    db.session.commit()
    return forum, people, objects


def _stable(page: bytes) -> bytes:
    """The page without its CSRF tokens, which carry the second they were signed in."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", page)


def _client(app, people, role):
    client = app.test_client()
    if role != "anonymous":
        login(client, people[role])
    return client


def _headers(people, role):
    return {} if role == "anonymous" else token_for(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_each_cell_of_the_matrix_in_html_and_json(app, world, role):
    forum, people, objects = world
    client = _client(app, people, role)
    headers = _headers(people, role)
    missing_html = client.get(f"/posts/{MISSING}").get_data()
    missing_json = client.get(f"/api/v1/posts/{MISSING}", headers=headers).get_data()
    for name, post in objects.items():
        allowed = role in ALLOWED[name]
        html = client.get(f"/posts/{post.id}")
        api = client.get(f"/api/v1/posts/{post.id}", headers=headers)
        listing = client.get(f"/api/v1/threads/{post.thread_id}/posts?per_page=200",
                             headers=headers)
        thread_page = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
        secret = f"Secret-{name}"
        cell = f"{role} x {name}"
        if allowed:
            assert html.status_code == 302 and api.status_code == 200, cell
            assert secret in thread_page, cell
            assert post.id in [p["id"] for p in listing.get_json()["items"]], cell
        else:
            # The page names its own address (the sign-in link's `next`): only that differs.
            same = missing_html.replace(str(MISSING).encode(), str(post.id).encode())
            assert html.status_code == 404 and _stable(html.get_data()) == _stable(same), cell
            assert api.status_code == 404 and api.get_data() == missing_json, cell
            assert secret not in thread_page, cell
            assert secret not in listing.get_data(as_text=True), cell
        if post.number is not None:
            by_number = client.get(f"/n/{post.number}")
            assert (by_number.status_code == 302) is allowed, cell


def test_the_public_record_holds_only_what_anonymous_readers_may_see(app, client, world):
    forum, people, objects = world
    forum_page = client.get(f"/forums/{forum.slug}").get_data(as_text=True)
    assert "Secret-thread title" not in forum_page
    _, posts = collect(forum)
    bodies = " ".join(p.body for p in posts)
    for name in objects:
        assert (f"Secret-{name}" in bodies) is (name == "approved"), name
    assert "Secret-opening" not in bodies
    listing = client.get(f"/api/v1/forums/{forum.slug}/threads").get_data(as_text=True)
    assert "Secret-thread" not in listing


def test_closed_forum_keeps_the_same_matrix(app, world):
    from datetime import timedelta

    from forum.clock import now
    from forum.models import Forum

    forum, people, objects = world
    db.session.execute(update(Forum).where(Forum.id == forum.id)
                       .values(closes_at=now() - timedelta(seconds=1),
                               opens_at=now() - timedelta(days=3)))
    db.session.commit()
    client = _client(app, people, "other_participant")
    for name, post in objects.items():
        status = client.get(f"/posts/{post.id}").status_code
        assert (status == 302) is ("other_participant" in ALLOWED[name]), name


def test_the_draft_digest_is_for_the_secretariat_and_moderators_only(app, world):
    forum, people, objects = world
    for role in ROLES:
        status = _client(app, people, role).get(f"/digest/{forum.slug}").status_code
        if role in STAFF:
            assert status == 200, role
        else:
            assert status in (302, 403, 404), role  # anonymous: sign in first


def test_states_in_the_table_are_all_the_states():
    assert {s.value for s in PostState} <= set(ALLOWED)
    assert Post  # the objects above are real posts
