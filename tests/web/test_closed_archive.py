"""A closed forum reads as an archive (issue 13 §2): the facts say when it closed instead
of who may post, and a thread's page offers no sign-in to take part. On both databases."""

from __future__ import annotations

from datetime import datetime

from tests.helpers import make_forum, make_thread, make_user
from tests.web.support import fast_password_hashing, page, set_clock  # noqa: F401


def _closed_forum(app):
    set_clock(app, datetime(2014, 5, 1, 9, 0))
    moderator = make_user("moderator")
    forum = make_forum(opens_at=datetime(2014, 5, 5), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    set_clock(app, datetime(2014, 7, 1, 9, 0))
    return forum, thread


def test_a_closed_forum_says_when_it_closed_not_who_may_post(app, client):
    forum, _thread = _closed_forum(app)
    html = page(client.get(f"/forums/{forum.slug}"))
    assert "Who may post" not in html
    assert "Closed on 14 June 2014; the last day for comments was 13 June 2014." in html


def test_a_closed_forums_thread_offers_no_sign_in_to_take_part(app, client):
    forum, thread = _closed_forum(app)
    html = page(client.get(f"/threads/{thread.id}"))
    notice = html.split('<p class="notice">', 1)[1].split("</p>", 1)[0]
    assert "login" not in notice and "Sign in" not in notice
    assert "This forum is closed; no more comments are accepted." in notice


def test_an_open_forum_still_says_who_may_post_and_offers_sign_in(app, client):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    moderator = make_user("moderator")
    forum = make_forum(opens_at=datetime(2014, 5, 5), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    assert "Who may post" in page(client.get(f"/forums/{forum.slug}"))
    html = page(client.get(f"/threads/{thread.id}"))
    assert "/login?next=" in html.split('<p class="notice">', 1)[1].split("</p>", 1)[0]
