"""A thread awaiting approval is not public, title included: a moderator's reply inside it
(approved at once) must not reach watchers by email, each message or daily, until the
thread's opening is approved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from forum import notify
from forum.extensions import db
from forum.models import Post
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import make_forum, make_reply, make_user
from tests.web.support import body_of, fast_password_hashing, reload, set_clock  # noqa: F401

SECRET = "Confidential shipment dispute"


def forum_with_watcher(mode: str):
    moderator = make_user("moderator", name="Malta Qwathekana")
    forum = make_forum(moderators=[moderator], participants_may_open_threads=True)
    watcher = make_user(email=f"{mode}-watcher@example.org")
    writing.watch(watcher, forum=forum, mode=mode)
    return forum, moderator, watcher


def pending_thread_with_a_moderators_reply(forum, moderator):
    participant = make_user(name="Ramatha Letchumanan")
    thread = writing.open_thread(forum, author=participant, title=SECRET,
                                 body="Opening words awaiting approval.")
    [opening] = db.session.scalars(select(Post).where(Post.thread_id == thread.id)).all()
    reply = make_reply(thread, moderator, "A moderator's answer inside the pending thread.")
    assert opening.state == "pending" and reply.state == "approved"
    return opening, reply


def mentions_the_thread(message) -> bool:
    return SECRET in message["Subject"] or SECRET in body_of(message) or \
        "inside the pending thread" in body_of(message)


def test_each_message_watchers_get_nothing_from_a_pending_thread_until_its_opening_is_approved(
        app, smtp):
    forum, moderator, watcher = forum_with_watcher("each")
    opening, reply = pending_thread_with_a_moderators_reply(forum, moderator)
    smtp.wait_for(1)  # the moderator's notice of the pending opening
    assert smtp.to(watcher.email) == []

    moderation.approve_post(reload(opening), acting_user=moderator, version=1)
    smtp.wait_for(4)
    # Approving the opening releases the thread: the opening, then the held-back reply.
    assert [m["Subject"] for m in smtp.to(watcher.email)] == [
        f"[#{reload(opening).number}] {SECRET}", f"[#{reload(reply).number}] RE: {SECRET}"]


def test_daily_digests_leave_out_posts_of_a_pending_thread(app, smtp):
    clock = set_clock(app, datetime(2014, 5, 28, 8, 0))
    forum, moderator, watcher = forum_with_watcher("daily")
    clock.advance(hours=1)
    opening, reply = pending_thread_with_a_moderators_reply(forum, moderator)
    clock.advance(hours=20)
    assert notify.send_daily_digests() == 0  # its only new approved post is in that thread
    smtp.wait_for(2, timeout=0.5)
    assert smtp.to(watcher.email) == []
    assert not any(mentions_the_thread(m) for m in smtp.messages if m["To"] != moderator.email)

    clock.advance(hours=1)
    moderation.approve_post(reload(opening), acting_user=moderator, version=1)
    clock.advance(hours=23)
    assert notify.send_daily_digests() == 1
    smtp.wait_for(3)
    [digest] = smtp.to(watcher.email)
    # Once public, the thread comes in the next digest: its opening and the reply approved
    # while it waited.
    text = body_of(digest)
    assert "Opening words awaiting approval." in text and "inside the pending thread" in text
