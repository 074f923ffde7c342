"""Reply by email, end to end with real SMTP on both sides: the notification reaches the
test's SMTP server with a reply address, the participant's answer goes over SMTP to the
inbound server, becomes a pending reply that only they and the moderators see, and once
approved reaches the other watchers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from forum.visibility import may_see_post
from tests.helpers import make_reply, make_user, setup_forum
from tests.mail.inbound_support import REPLY_DOMAIN, Inbound, quoting
from tests.web.support import body_of, fast_password_hashing, reload  # noqa: F401


@pytest.fixture
def inbound(app):
    app.config["REPLY_DOMAIN"] = REPLY_DOMAIN
    server = Inbound(app)
    try:
        yield server
    finally:
        server.stop()


def posts_in(thread, author) -> list[Post]:
    db.session.expire_all()
    return list(db.session.scalars(select(Post).where(
        Post.thread_id == thread.id, Post.author_id == author.id).order_by(Post.id)))


def notified(smtp, count: int, to: str):
    smtp.wait_for(count)
    [message] = [m for m in smtp.to(to) if m["Reply-To"]]
    return message


def test_a_notification_answered_by_email_becomes_a_pending_reply_then_reaches_watchers(
        app, client, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    other = make_user(email="other.watcher@example.org")
    writing.watch(participant, thread=thread)
    writing.watch(other, thread=thread)
    question = make_reply(thread, moderator, "Which documents accompany a shipment?")

    notice = notified(smtp, 2, participant.email)
    reply_to = notice["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith("reply+") and reply_to.endswith("@" + REPLY_DOMAIN)
    assert len(reply_to.split("@")[0]) <= 64
    assert notice["Reply-To"] != notified(smtp, 2, other.email)["Reply-To"]  # per recipient

    answer = inbound.send(
        sender=participant.email, to=reply_to,
        subject=f"Re: {notice['Subject']}",
        body=quoting("We attach a bill of lading and form B.\n\nRegards", body_of(notice)))
    assert answer.code == 250 and "awaits moderation" in answer.text

    [post] = posts_in(thread, participant)
    assert post.state == "pending" and post.number is None
    assert post.body == "We attach a bill of lading and form B.\n\nRegards"
    assert not may_see_post(other, post) and may_see_post(moderator, post)
    assert "bill of lading" not in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    smtp.wait_for(3)
    assert [m["Subject"] for m in smtp.to(moderator.email)] == [
        f"[{forum.slug}] A post awaits moderation"]
    assert not any("bill of lading" in body_of(m) for m in smtp.messages)

    moderation.approve_post(reload(post), acting_user=moderator, version=post.version)
    smtp.wait_for(5)
    [published] = [m for m in smtp.to(other.email) if m["Subject"] != notice["Subject"]
                   and "bill of lading" in body_of(m)]
    assert published["Subject"] == f"[#{reload(post).number}] RE: {thread.title}"
    assert [m["Subject"] for m in smtp.to(participant.email)][-1].endswith(
        "Your post was approved")
    assert question.number < reload(post).number


def test_the_same_message_delivered_twice_posts_once(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    writing.watch(participant, thread=thread)
    make_reply(thread, moderator)
    reply_to = notified(smtp, 1, participant.email)["Reply-To"].addresses[0].addr_spec
    for _ in range(2):
        answer = inbound.send(sender=participant.email, to=reply_to, body="Once only.",
                              message_id="<retry-1@client.example.org>")
        assert answer.code == 250
    assert [p.body for p in posts_in(thread, participant)] == ["Once only."]


def test_notifications_carry_no_reply_address_unless_the_domain_is_set(app, smtp):
    forum, moderator, participant, thread = setup_forum()
    writing.watch(participant, thread=thread)
    make_reply(thread, moderator)
    [message] = smtp.wait_for(1)
    assert message["Reply-To"] is None
    assert "reply above this line" not in body_of(message)


def test_a_watcher_who_may_not_post_gets_no_reply_address(app, smtp, inbound):
    moderator = make_user("moderator")
    from tests.helpers import make_forum, make_thread

    forum = make_forum(posting="accredited", moderators=[moderator])
    thread = make_thread(forum, moderator)
    reader = make_user()
    writing.watch(reader, thread=thread)
    make_reply(thread, moderator)
    [message] = smtp.wait_for(1)
    assert message["To"] == reader.email and message["Reply-To"] is None


def test_the_reply_address_is_case_insensitive(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    writing.watch(participant, thread=thread)
    make_reply(thread, moderator)
    reply_to = notified(smtp, 1, participant.email)["Reply-To"].addresses[0].addr_spec
    answer = inbound.send(sender=participant.email.upper(), to=reply_to.upper(),
                          body="Shouted, but accepted.")
    assert answer.code == 250
    assert [p.body for p in posts_in(thread, participant)] == ["Shouted, but accepted."]


def test_a_moderator_watching_a_thread_gets_no_reply_address(app, smtp, inbound):
    """Their replies are published without review, so they answer on the site."""
    forum, moderator, participant, thread = setup_forum()
    writing.watch(moderator, thread=thread)
    make_reply(thread, participant, "A question for the moderators.")
    post = posts_in(thread, participant)[0]
    moderation.approve_post(reload(post), acting_user=moderator, version=post.version)
    smtp.wait_for(2)
    notices = [m for m in smtp.to(moderator.email) if "awaits moderation" not in m["Subject"]]
    assert notices and all(m["Reply-To"] is None for m in notices)
