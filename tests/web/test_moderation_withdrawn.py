"""What the moderator's desk, the queue, the audit log and undo must not do: name or quote
withdrawn content (gone for everyone, forum/visibility.py), take back a decision that a
later hide and restore has overtaken, or count a post listed twice. On both databases."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.moderation import actions, undo
from forum.refusals import Refused
from forum.threads import actions as writing
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.web.support import fast_password_hashing, page, reload, set_clock  # noqa: F401

TITLE = "A thread its author withdrew"
BODY = "An opening its author took back"


def _withdrawn_thread(app):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    forum.participants_may_open_threads = True
    db.session.commit()
    opened = writing.open_thread(forum, author=participant, title=TITLE, body=BODY,
                                 questions=["Why?"])
    opening = db.session.scalars(select(Post).where(Post.thread_id == opened.id,
                                                    Post.kind == "opening")).one()
    return forum, moderator, participant, opened, opening


def test_the_queue_never_quotes_a_withdrawn_opening(app, client):
    forum, moderator, participant, opened, opening = _withdrawn_thread(app)
    make_reply(opened, participant, "A reply that waits in the queue.")
    writing.withdraw_post(reload(opening), author=participant)
    login(client, moderator)
    html = page(client.get(f"/moderation/{forum.slug}"))
    assert BODY not in html


def test_the_desk_and_the_audit_log_do_not_name_a_withdrawn_thread(app, client):
    forum, moderator, participant, opened, opening = _withdrawn_thread(app)
    actions.approve_post(opening, acting_user=moderator, version=opening.version)
    undo.undo_decision(reload(opening), acting_user=moderator)
    writing.withdraw_post(reload(opening), author=participant)
    login(client, moderator)
    assert TITLE not in page(client.get("/moderation/"))
    client.post("/logout")
    login(client, make_user("secretariat", email="sec@example.org"))
    audit = page(client.get("/admin/audit"))
    assert TITLE not in audit and "a withdrawn" in audit
    assert ">post.undo<" not in audit  # the undo is told in words


def test_undo_is_refused_once_a_hide_and_restore_came_after_the_decision(app):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    participant.email = None  # no email queued: only the order of decisions can refuse
    db.session.commit()
    post = make_reply(thread, participant, "Approved long ago.")
    actions.approve_post(post, acting_user=moderator, version=post.version)
    app.config["CLOCK"].advance(seconds=5 * 86400)
    actions.hide_post(reload(post), acting_user=moderator, reason="Off topic")
    actions.restore_post(reload(post), acting_user=moderator)
    assert not undo.may_undo(reload(post))
    with pytest.raises(Refused):
        undo.undo_decision(reload(post), acting_user=moderator)
    assert reload(post).state == "approved"


def test_a_post_listed_twice_in_a_bulk_decision_counts_once(app, client):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Listed twice.")
    login(client, moderator)
    item = f"{post.id}:{post.version}"
    html = page(client.post(f"/moderation/{forum.slug}/bulk",
                            data={"item": [item, item], "approve": "Approve selected"}))
    assert "2 posts" not in html and "1 post" in html
