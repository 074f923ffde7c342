"""What is new (issue 11, part 4): unread markers on the forum page, the jump to the first
unread message, marking read, and the moderator's queue badge on every page. Only posts a
reader may see ever count as new to them (forum/threads/reads.py)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from bench.measure import statements
from forum.extensions import db
from forum.models import Post, ThreadRead
from forum.moderation import actions as moderation
from forum.threads import reads
from tests.helpers import login, make_forum, make_reply, make_thread, make_user
from tests.web.support import (  # noqa: F401 (fast_password_hashing: autouse)
    fast_password_hashing,
    input_value,
    page,
    set_clock,
    visible,
)

pytestmark = pytest.mark.db

START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def scene(app):
    """An open forum, its moderator's thread, a reader and another participant."""
    clock = set_clock(app, START)
    moderator = make_user("moderator", country="ZA", name="Malta Qwathekana")
    reader = make_user(name="Ramatha Letchumanan", title="Mr.")
    other = make_user(name="Nadia Haddad", country="TN", organization="")
    forum = make_forum(moderators=[moderator], opens_at=START, closes_at=datetime(2026, 4, 1))
    clock.advance(minutes=1)
    thread = make_thread(forum, moderator, title="Risk assessment")
    return clock, forum, moderator, reader, other, thread


def _approved_reply(clock, thread, author, moderator) -> Post:
    clock.advance(minutes=5)
    post = make_reply(thread, author)
    if post.state == "approved":  # a moderator's own
        return post
    clock.advance(minutes=1)
    return moderation.approve_post(post, acting_user=moderator, version=post.version)


def _line(html: str, title: str) -> str:
    """The forum page's line of the thread called `title`, as text."""
    match = re.search(rf"<li><a [^>]*>{re.escape(title)}</a>.*?</li>", html, re.S)
    assert match, f"no line for {title!r}"
    return visible(match.group(0))


def test_forum_page_shows_the_latest_post_and_what_is_new(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    reply = _approved_reply(clock, thread, other, moderator)
    anonymous = _line(page(client.get(f"/forums/{forum.slug}")), "Risk assessment")
    assert "2 messages" in anonymous
    assert "latest 2026-03-02 09:06 UTC by Ms. Nadia Haddad, Tunisia" in anonymous
    assert "new" not in anonymous  # nothing per person for anonymous readers

    login(client, reader)
    line = _line(page(client.get(f"/forums/{forum.slug}")), "Risk assessment")
    assert "2 new messages" in line  # a thread never opened: everything is new
    html = page(client.get(f"/threads/{thread.id}"))
    assert "Jump to the first unread message" not in html  # never opened: start at the top
    assert input_value(html, "through") == str(reply.id)  # the page marks through its newest
    assert client.post(f"/threads/{thread.id}/read",
                       data={"through": str(reply.id)}).status_code == 302
    assert "new" not in _line(page(client.get(f"/forums/{forum.slug}")), "Risk assessment")
    assert input_value(page(client.get(f"/threads/{thread.id}")), "through") is None

    newer = _approved_reply(clock, thread, other, moderator)
    line = _line(page(client.get(f"/forums/{forum.slug}")), "Risk assessment")
    assert "1 new message" in line
    jump = client.get(f"/threads/{thread.id}/first-unread")
    assert jump.headers["Location"].endswith(f"/threads/{thread.id}#post-{newer.id}")
    html = page(client.get(f"/threads/{thread.id}"))
    assert f'href="/threads/{thread.id}#post-{newer.id}"' in html
    assert "Jump to the first unread message (1 new)" in visible(html)


def test_fetch_marks_read_without_a_redirect(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    login(client, reader)
    response = client.post(f"/threads/{thread.id}/read", headers={"X-Requested-With": "fetch"})
    assert response.status_code == 204
    assert reads.thread_state(thread, reader).unread == 0


def test_pending_posts_of_others_are_never_new(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    reads.mark_read(thread, reader=reader)
    clock.advance(minutes=5)
    pending = make_reply(thread, other)
    assert pending.state == "pending"
    assert reads.thread_state(thread, reader).unread == 0
    assert reads.unread_counts(forum, reader) == {}
    # The moderator sees it (it is theirs to decide), so to them it is new.
    reads.mark_read(thread, reader=moderator, through=thread_opening(thread).id)
    assert reads.thread_state(thread, moderator).unread == 1
    # Marking through a post the reader may not see answers like a missing one.
    login(client, reader)
    assert client.post(f"/threads/{thread.id}/read",
                       data={"through": str(pending.id)}).status_code == 404
    assert client.post(f"/threads/{thread.id}/read",
                       data={"through": "x1"}).status_code == 400
    # Once approved it is new to the reader, not to the moderator who approved it.
    clock.advance(minutes=1)
    moderation.approve_post(pending, acting_user=moderator, version=pending.version)
    assert reads.thread_state(thread, reader).unread == 1
    assert reads.thread_state(thread, moderator).unread == 0


def thread_opening(thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id,
                                                Post.kind == "opening"))


def test_a_late_approval_is_new_where_it_sits(app, client, scene):
    """A reply written before the reader's visit but approved after it is new, and the jump
    goes to it, although later replies come after it in the thread."""
    clock, forum, moderator, reader, other, thread = scene
    clock.advance(minutes=5)
    early = make_reply(thread, other)  # written first, approved last
    later = _approved_reply(clock, thread, make_user(name="Kofi Mensah"), moderator)
    reads.mark_read(thread, reader=reader)
    clock.advance(hours=2)
    moderation.approve_post(early, acting_user=moderator, version=early.version)
    state = reads.thread_state(thread, reader)
    assert (state.unread, state.first_unread, state.newest) == (1, early.id, early.id)
    assert later.id != early.id
    # Marks never move back: an older page's mark sent late changes nothing.
    reads.mark_read(thread, reader=reader)
    reads.mark_read(thread, reader=reader, through=later.id)
    assert reads.thread_state(thread, reader).unread == 0


def test_the_jump_finds_the_page_of_the_first_unread_post(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    replies = [_approved_reply(clock, thread, moderator, moderator) for _ in range(4)]
    reads.mark_read(thread, reader=reader, through=replies[1].id)
    login(client, reader)
    html = page(client.get(f"/threads/{thread.id}?per_page=2"))  # page 1: no mark form
    assert f"/threads/{thread.id}?page=2&amp;per_page=2#post-{replies[2].id}" in html
    assert input_value(html, "through") is None
    last = page(client.get(f"/threads/{thread.id}?per_page=2&page=3"))
    assert input_value(last, "through") == str(replies[3].id)


def test_mark_a_whole_forum_read(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    second = make_thread(forum, moderator, title="Socio-economic considerations")
    _approved_reply(clock, second, other, moderator)
    hidden = make_reply(second, other)  # pending: never marked, never counted
    login(client, reader)
    html = page(client.get(f"/forums/{forum.slug}"))
    assert "Mark all threads as read" in html
    assert client.post(f"/forums/{forum.slug}/read").status_code == 302
    assert "new message" not in page(client.get(f"/forums/{forum.slug}"))
    marks = db.session.scalars(select(ThreadRead).where(ThreadRead.user_id == reader.id)).all()
    assert {m.thread_id for m in marks} == {thread.id, second.id}
    assert hidden.id not in {m.post_id for m in marks}


def test_forum_page_statements_do_not_grow_with_threads(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    login(client, reader)
    counts = []
    for size in (1, 5, 20):
        while len(reads.unread_counts(forum, reader)) < size:
            extra = make_thread(forum, moderator, title=f"Thread {clock.advance(minutes=1)}")
            _approved_reply(clock, extra, other, moderator)
        with statements(db.engine) as seen:
            assert client.get(f"/forums/{forum.slug}").status_code == 200
        counts.append(seen.count)
    assert len(set(counts)) == 1, counts


def test_the_queue_badge_follows_a_moderator_everywhere(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    elsewhere = make_forum(moderators=[make_user("moderator")])
    make_reply(thread, other)
    clock.advance(minutes=1)
    make_reply(thread, reader)
    make_reply(make_thread(elsewhere, elsewhere.moderators[0]), other)  # not theirs
    login(client, reader)
    assert "Queue (" not in page(client.get("/"))
    client.post("/logout")
    login(client, moderator)
    for path in ("/", f"/forums/{forum.slug}", f"/threads/{thread.id}", "/account"):
        html = page(client.get(path))
        assert f'<a href="/moderation/{forum.slug}">Queue (2)</a>' in html, path
    secretariat = make_user("secretariat", country=None, affiliation="organization")
    client.post("/logout")
    login(client, secretariat)
    assert "Queue (3)" in visible(client.get("/"))


def test_the_latest_author_is_escaped(app, client, scene):
    clock, forum, moderator, reader, other, thread = scene
    writer = make_user(name="<b>Bold</b> & Co", organization="")
    _approved_reply(clock, thread, writer, moderator)
    html = page(client.get(f"/forums/{forum.slug}"))
    assert "by Ms. &lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html
