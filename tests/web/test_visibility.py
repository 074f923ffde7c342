"""One visibility policy (forum/visibility.py): the Python check and the SQL clause agree on
every role x post state x opening state, both match a declared allow-table, and a thread
whose opening is not approved is invisible in every channel but to its author and the
forum's moderators, even after a moderator answered in it."""

from __future__ import annotations

import re

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select, update

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Post, PostState, Thread
from forum.threads import actions as writing
from forum.visibility import (
    may_see_post,
    may_see_thread,
    thread_is_visible,
    visible_posts_clause,
    visible_threads_clause,
)
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, token_for
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

ROLES = ("anonymous", "author", "other_participant", "other_moderator", "moderator",
         "secretariat")
STATES = tuple(PostState)

# The declared allow-table: which roles see a post in each state (the post and its thread's
# opening written by `author`, in a thread whose opening is public).
ALLOWED = {
    PostState.APPROVED: set(ROLES),
    PostState.PENDING: {"author", "moderator", "secretariat"},
    PostState.REJECTED: {"author", "moderator", "secretariat"},
    PostState.HIDDEN: {"author", "moderator", "secretariat"},
    PostState.WITHDRAWN: set(),
}


def _set_state(post: Post, state: PostState) -> None:
    db.session.execute(update(Post).where(Post.id == post.id).values(state=state.value))


@pytest.fixture
def matrix(app):
    """A thread per opening state, each holding one reply by `author` per state."""
    people = {
        "author": make_user("participant", country="KE"),
        "other_participant": make_user("participant", country="PE"),
        "other_moderator": make_user("moderator", country="FJ"),
        "moderator": make_user("moderator", country="ZA"),
        "secretariat": make_user("secretariat", country=None, affiliation="organization"),
    }
    forum = make_forum(moderators=[people["moderator"]], participants_may_open_threads=True)
    make_forum(moderators=[people["other_moderator"]])
    cells = {}  # (opening state, reply state) -> reply
    openings = {}
    for opening_state in STATES:
        thread = make_thread(forum, people["author"], title=f"Opening {opening_state}")
        opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
        for state in STATES:
            # States set directly: the matrix needs every combination, including ones the
            # actions reach only through several steps (a hidden opening, say).
            reply = make_reply(thread, people["author"], body=f"{opening_state}/{state}")
            _set_state(reply, state)
            cells[(opening_state, state)] = reply
        _set_state(opening, opening_state)
        openings[opening_state] = thread
    db.session.commit()
    people["anonymous"] = None
    return forum, people, cells, openings


def _viewer(people, role):
    return people[role] or AnonymousUserMixin()


def test_python_and_sql_agree_with_the_allow_table_on_every_cell(matrix):
    forum, people, cells, openings = matrix
    for role in ROLES:
        viewer = _viewer(people, role)
        for with_forum in (forum, None):
            by_sql = set(db.session.scalars(
                select(Post.id).where(visible_posts_clause(viewer, with_forum))))
            for (opening_state, state), post in cells.items():
                db.session.refresh(post)
                expected = (role in ALLOWED[state] and role in ALLOWED[opening_state])
                where = f"{role} / opening {opening_state} / reply {state}"
                assert may_see_post(viewer, post) is expected, f"python: {where}"
                assert (post.id in by_sql) is expected, f"sql: {where}"


def test_threads_agree_in_python_and_sql(matrix):
    forum, people, cells, openings = matrix
    for role in ROLES:
        viewer = _viewer(people, role)
        by_sql = set(db.session.scalars(select(Thread.id).where(
            Thread.forum_id == forum.id, visible_threads_clause(viewer, forum))))
        for opening_state, thread in openings.items():
            expected = role in ALLOWED[opening_state]
            assert may_see_thread(viewer, thread) is expected, (role, opening_state)
            assert thread_is_visible(thread, viewer) is expected, (role, opening_state)
            assert (thread.id in by_sql) is expected, (role, opening_state)


def test_a_thread_without_an_opening_is_visible_where_one_of_its_posts_is(app):
    author, other = make_user(), make_user()
    moderator = make_user("moderator")
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    reply = make_reply(thread, author)
    db.session.execute(update(Post).where(Post.thread_id == thread.id, Post.kind == "opening")
                       .values(kind="summary"))
    db.session.commit()
    assert may_see_thread(author, thread) and thread_is_visible(thread, author)
    assert may_see_post(author, reply)
    db.session.execute(update(Post).where(Post.thread_id == thread.id, Post.kind == "summary")
                       .values(state="hidden"))
    db.session.commit()
    assert may_see_thread(author, thread) and not may_see_thread(other, thread)
    assert thread_is_visible(thread, author) and not thread_is_visible(thread, other)


@pytest.fixture
def pending_thread(app):
    """A participant's thread awaiting moderation, answered (approved) by a moderator."""
    moderator = make_user("moderator", country="ZA")
    author = make_user("participant", country="KE")
    reader = make_user("participant", country="PE")
    forum = make_forum(moderators=[moderator], participants_may_open_threads=True)
    thread = writing.open_thread(forum, author=author, title="Secret pending title",
                                 body="Framing", questions=["Hidden guiding question?"],
                                 topic=forum.topics[0])
    answer = make_reply(thread, moderator, body="A moderator answers early.")
    assert answer.state == "approved" and answer.number is not None
    return forum, thread, answer, author, reader, moderator


SECRETS = ("Secret pending title", "Hidden guiding question", "A moderator answers early")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_a_pending_threads_title_stays_private_on_every_page(client, pending_thread):
    forum, thread, answer, author, reader, moderator = pending_thread
    pages = [f"/forums/{forum.slug}", f"/threads/{thread.id}", f"/threads/{thread.id}/print",
             f"/posts/{answer.id}", f"/n/{answer.number}"]
    for who in (None, reader):
        if who is not None:
            login(client, who)
        for path in pages:
            response = client.get(path, follow_redirects=True)
            assert not _leaks(response.get_data(as_text=True)), (who, path)
            if path != f"/forums/{forum.slug}":
                assert response.status_code == 404, (who, path)
    missing = client.get("/threads/987654").get_data()
    assert client.get(f"/threads/{thread.id}").get_data() == missing
    assert participation(forum.id).messages == 0


def test_a_pending_thread_is_shown_to_its_author_and_moderators(client, pending_thread):
    forum, thread, answer, author, reader, moderator = pending_thread
    for who in (author, moderator):
        login(client, who)
        assert "Secret pending title" in client.get(f"/forums/{forum.slug}").get_data(True)
        assert client.get(f"/threads/{thread.id}").status_code == 200
        client.post("/logout")


def test_watching_a_pending_thread_answers_like_a_missing_one(client, pending_thread):
    forum, thread, answer, author, reader, moderator = pending_thread
    login(client, reader)
    response = client.post(f"/threads/{thread.id}/watch", data={"mode": "each"})
    assert response.status_code == 404
    assert client.post("/threads/987654/watch", data={"mode": "each"}).status_code == 404


def test_the_api_hides_a_pending_thread_and_the_answers_in_it(client, pending_thread):
    forum, thread, answer, author, reader, moderator = pending_thread
    for headers in ({}, token_for(reader)):
        listing = client.get(f"/api/v1/forums/{forum.slug}/threads", headers=headers)
        assert not _leaks(listing.get_data(as_text=True))
        assert listing.get_json()["total"] == 0
        for path in (f"/api/v1/posts/{answer.id}", f"/api/v1/threads/{thread.id}/posts"):
            response = client.get(path, headers=headers)
            assert response.status_code == 404 and not _leaks(response.get_data(True))
    own = client.get(f"/api/v1/forums/{forum.slug}/threads", headers=token_for(author))
    assert own.get_json()["total"] == 1


def test_approving_the_opening_makes_the_thread_public(client, pending_thread):
    from forum.moderation import actions as moderation

    forum, thread, answer, author, reader, moderator = pending_thread
    opening = db.session.scalars(select(Post).where(Post.thread_id == thread.id,
                                                    Post.kind == "opening")).one()
    moderation.approve_post(opening, acting_user=moderator, version=opening.version)
    body = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Secret pending title" in body and "A moderator answers early" in body
    assert participation(forum.id).messages == 2
    assert re.search(r"Secret pending title", client.get(f"/forums/{forum.slug}").get_data(True))


def test_every_state_is_declared_in_the_allow_table_and_the_policy():
    from forum.visibility import SEES

    assert set(ALLOWED) == set(PostState) == set(SEES)
    assert all(set(v) <= set(ROLES) for v in ALLOWED.values())
