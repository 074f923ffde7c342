"""The thread page serves approved posts from a cache of rendered articles (for readers who
do not moderate): the cached article is byte for byte what the template renders, and any
change to what it shows appears at once."""

from __future__ import annotations

import re

import pytest
from flask import render_template

from forum.extensions import db
from forum.forums import queries
from forum.forums.fragments import PublicPost, ThreadKey, public_articles
from forum.moderation.actions import approve_post, hide_post
from forum.threads.actions import submit_reply
from tests.helpers import (
    login,
    make_forum,
    make_reply,
    make_thread,
    make_user,
    setup_forum,
)

pytestmark = pytest.mark.db


def _articles(html: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(
        r'<article class="post[^"]*" id="post-(\d+)">.*?</article>', html, re.S)}


def test_cached_articles_are_what_the_template_renders(app):
    forum, moderator, participant, thread = setup_forum()
    staff = make_user("secretariat", country=None, organization="")
    reply = make_reply(thread, participant, body="We *did* consult <b>everyone</b>.")
    approve_post(reply, acting_user=moderator, version=reply.version)
    submit_reply(thread, author=staff, body="For the moderator.", for_moderator=moderator)
    submit_reply(thread, author=moderator, body="An answer to it.", reply_to_id=reply.id)
    with app.test_request_context("/"):
        public = queries.public_page(thread, None, 1, 200)
        assert public.total == 4 and not public.own
        questions = ThreadKey(tuple(thread.questions), thread.title)
        items = [PublicPost.from_row(row, questions) for row in public.rows]
        cached = [public_articles([row], questions)[0] for row in public.rows]
        for item, article in zip(items, cached, strict=True):
            post = db.session.get(type(reply), item.id)
            expected = render_template("_partials/_post.html", post=post, thread=thread,
                                       may_moderate=False, me=None)
            assert str(article) == expected
    with app.test_request_context("/"):  # the page's run of posts as one block
        assert public_articles(public.rows, questions) == ["".join(cached)]
    assert "posted on behalf of" in "".join(cached)
    assert f"in reply to #{reply.number}" in cached[3]
    assert "What worked?" in cached[0]  # the opening carries the guiding questions


def test_what_the_article_shows_changes_at_once(app, client):
    forum, moderator, participant, thread = setup_forum()
    first = make_reply(thread, participant, body="First experience.")
    approve_post(first, acting_user=moderator, version=first.version)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Ramatha Letchumanan" in page and "First experience." in page

    participant.name = "Ramatha L. Letchumanan"
    thread.questions = ["What changed?"]
    db.session.commit()
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Ramatha L. Letchumanan" in page and "What changed?" in page
    assert "What worked?" not in page

    hide_post(first, acting_user=moderator, reason="Personal data.")
    second = make_reply(thread, participant, body="Second experience.")
    approve_post(second, acting_user=moderator, version=second.version)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "First experience." not in page and "Second experience." in page
    assert f"[#{second.number}]" in page


def test_a_participant_sees_her_pending_post_in_place_with_its_actions(app, client):
    forum, moderator, participant, thread = setup_forum()
    before = make_reply(thread, moderator, body="A moderator's note.")
    mine = make_reply(thread, participant, body="My pending reply.")
    after = make_reply(thread, moderator, body="A later note.")
    login(client, participant)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    articles = list(_articles(page))
    assert articles[-3:] == [str(before.id), str(mine.id), str(after.id)]
    own = _articles(page)[str(mine.id)]
    assert "Awaiting moderation" in own and "Withdraw" in own
    client.post("/logout")
    assert "My pending reply." not in client.get(f"/threads/{thread.id}").get_data(as_text=True)


def test_pages_past_the_end_and_empty_threads(app, client):
    forum, moderator, participant, thread = setup_forum()
    for i in range(3):
        make_reply(thread, moderator, body=f"Note {i}.")
    page2 = client.get(f"/threads/{thread.id}?per_page=2&page=2").get_data(as_text=True)
    assert len(_articles(page2)) == 2 and 'aria-current="page">2<' in page2
    assert client.get(f"/threads/{thread.id}?per_page=2&page=9").status_code == 200
    assert client.get("/threads/999999").status_code == 404
    open_forum = make_forum(participants_may_open_threads=True, moderators=[moderator])
    pending = make_thread(open_forum, participant, title="Awaiting moderation")
    # A thread with only a pending opening does not exist for others, not even page 2.
    assert client.get(f"/threads/{pending.id}").status_code == 404
    assert client.get(f"/threads/{pending.id}?page=2").status_code == 404
