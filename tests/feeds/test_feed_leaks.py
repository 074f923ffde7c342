"""Feeds hold the public record only (SECURITY-THREATS.md rows 1, 2, 6 and 29): no pending,
rejected, hidden or withdrawn post, nothing of a thread whose opening awaits moderation,
hostile Markdown harmless in <content> (read with an HTML parser), hostile names escaped,
and the same bytes for every reader, signed in or not."""

from __future__ import annotations

import pytest

from forum.feeds.atom import xml_text
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.feeds.support import ATOM, fetch, parsed, tree
from tests.helpers import login, make_forum, make_reply, make_thread, make_user, setup_forum
from tests.security.test_xss import PAYLOADS, harmful
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

SECRET = "Secret words nobody may read yet."


def all_feeds(forum, thread=None) -> list[str]:
    paths = ["/feeds/site.atom", f"/feeds/forums/{forum.slug}.atom",
             f"/feeds/digests/{forum.slug}.atom"]
    paths += [f"/feeds/topics/{t.id}.atom" for t in forum.topics]
    if thread is not None:
        paths.append(f"/feeds/threads/{thread.id}.atom")
    return paths


def _in_state(state: str, thread, author, moderator):
    post = make_reply(thread, author, SECRET)
    if state == "rejected":
        moderation.reject_post(post, acting_user=moderator, reason="No.")
    elif state == "hidden":
        moderation.approve_post(post, acting_user=moderator, version=1)
        moderation.hide_post(post, acting_user=moderator, reason="Off topic.")
    elif state == "withdrawn":
        writing.withdraw_post(post, author=author)
    return post


@pytest.mark.parametrize("state", ["pending", "rejected", "hidden", "withdrawn"])
def test_a_post_that_is_not_public_is_in_no_feed(app, client, state):
    forum, moderator, participant, thread = setup_forum()
    post = _in_state(state, thread, participant, moderator)
    assert post.state == state
    for path in all_feeds(forum, thread):
        response = fetch(client, path)
        assert response.status_code == 200, path
        parsed(response)
        body = response.get_data(as_text=True)
        assert SECRET not in body and f"/posts/{post.id}" not in body, (state, path)


@pytest.fixture
def pending_thread(app):
    """A participant's thread awaiting moderation, answered (approved) by a moderator."""
    moderator = make_user("moderator", country="ZA")
    author = make_user("participant", country="KE")
    forum = make_forum(moderators=[moderator], participants_may_open_threads=True)
    public = make_thread(forum, moderator, title="A public thread")
    thread = writing.open_thread(forum, author=author, title="Secret pending title",
                                 body="Secret framing.", questions=["Hidden question?"],
                                 topic=forum.topics[0])
    answer = make_reply(thread, moderator, body="A moderator answers early.")
    assert answer.state == "approved" and answer.number is not None
    return forum, public, thread, answer, author, moderator


SECRETS = ("Secret pending title", "Secret framing", "Hidden question",
           "A moderator answers early")


def test_a_thread_awaiting_moderation_is_in_no_feed_even_with_an_approved_reply(
        app, client, pending_thread):
    forum, public, thread, answer, author, moderator = pending_thread
    for path in all_feeds(forum):
        body = fetch(client, path).get_data(as_text=True)
        assert not [s for s in SECRETS if s in body], path
        assert f"post-{answer.number}" not in body, path
    missing = client.get("/feeds/threads/987654.atom")
    hidden = client.get(f"/feeds/threads/{thread.id}.atom")
    assert hidden.status_code == missing.status_code == 404
    # The same page but for the path itself (the sign-in link returns to it).
    same = hidden.get_data(as_text=True).replace(f"/{thread.id}.atom", "/987654.atom")
    assert same == missing.get_data(as_text=True)
    # Once the opening is approved, the thread and the early answer are public.
    opening = thread_opening(thread)
    moderation.approve_post(opening, acting_user=moderator, version=1)
    body = fetch(client, f"/feeds/threads/{thread.id}.atom").get_data(as_text=True)
    assert "A moderator answers early" in body and "Hidden question" in body


def thread_opening(thread):
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Post, PostKind

    return db.session.scalar(select(Post).where(Post.thread_id == thread.id,
                                                Post.kind == PostKind.OPENING))


def test_a_pending_thread_leaves_no_trace_in_last_modified(app, client, pending_thread):
    forum, public, thread, answer, author, moderator = pending_thread
    path = f"/feeds/forums/{forum.slug}.atom"
    before = fetch(client, path)
    make_reply(thread, moderator, body="Another early answer.")
    after = fetch(client, path)
    assert after.get_data() == before.get_data()
    assert after.headers["Last-Modified"] == before.headers["Last-Modified"]


def test_the_feed_is_the_same_for_everyone(app, pending_thread):
    forum, public, thread, answer, author, moderator = pending_thread
    make_reply(public, make_user(), "A participant's pending reply.")
    readers = {"anonymous": app.test_client()}
    for name, user in (("author", author), ("moderator", moderator)):
        readers[name] = app.test_client()
        login(readers[name], user)
    for path in all_feeds(forum):
        bodies = {name: fetch(c, path).get_data() for name, c in readers.items()}
        assert len(set(bodies.values())) == 1, path
        assert b"pending reply" not in bodies["moderator"]


def test_hostile_markdown_stays_harmless_in_content(app, client):
    moderator = make_user("moderator", country="ZA")
    author = make_user("participant", country="KE")
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    for payload in PAYLOADS:
        post = make_reply(thread, author, body=f"In our country we note {payload} here.")
        moderation.approve_post(post, acting_user=moderator, version=post.version)
    for path in all_feeds(forum, thread):
        root = tree(fetch(client, path))
        contents = [c.text or "" for c in root.iter(ATOM + "content")]
        if "digests" not in path:
            assert sum("In our country" in c for c in contents) == len(PAYLOADS), path
        for html in contents:
            assert harmful(html) == [], (path, html)


@pytest.mark.parametrize("field", ["name", "organization", "title"])
def test_hostile_names_and_titles_are_text_in_the_feed(app, client, field):
    payload = '"><svg onload=x>'  # fits the 20 characters of a title
    moderator = make_user("moderator", country="ZA")
    values = {"name": "Ann", "organization": "Agency", "title": "Ms."} | {field: payload}
    author = make_user("participant", country="KE", **values)
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator, title=f"Title {payload}")
    moderation.approve_post(make_reply(thread, author), acting_user=moderator, version=1)
    response = fetch(client, f"/feeds/threads/{thread.id}.atom")
    assert b"<svg" not in response.get_data()
    feed = parsed(response)
    assert payload in feed.entries[0].author and payload in feed.feed.title


def test_characters_xml_cannot_carry_are_dropped_not_a_500(app, client):
    moderator = make_user("moderator", country="ZA")
    forum = make_forum(moderators=[moderator])
    thread = make_thread(forum, moderator)
    make_reply(thread, moderator, "Form\x0cfeed and vertical\x0btab.")
    response = fetch(client, f"/feeds/threads/{thread.id}.atom")
    assert response.status_code == 200
    assert "Formfeed and verticaltab." in parsed(response).entries[0].content[0].value
    assert xml_text("a\x00b\x1fc\ud800d\ufffee\tf\n") == "abcde\tf\n"
