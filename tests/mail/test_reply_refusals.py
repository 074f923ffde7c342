"""Emailed replies that are not posted, and how the refusal is told: an SMTP 550 during
the session while the sender is not known to own the address (a forged or altered token,
another person's address, another domain), else an email to the owner's registered
address with the reason and their text (expired address, nothing left after stripping,
and every refusal of the web's own rules)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.clock import now
from forum.extensions import db
from forum.mail.inbound.address import make_token
from forum.models import Post
from forum.moderation import actions as moderation
from tests.helpers import make_forum, make_thread, make_user, setup_forum
from tests.mail.inbound_support import REPLY_DOMAIN, Inbound
from tests.mail.support import outbox
from tests.web.support import body_of, fast_password_hashing, set_clock  # noqa: F401


@pytest.fixture
def inbound(app):
    app.config["REPLY_DOMAIN"] = REPLY_DOMAIN
    server = Inbound(app)
    try:
        yield server
    finally:
        server.stop()


def address(user, thread, issued=None) -> str:
    return f"reply+{make_token(user.id, thread.id, issued)}@{REPLY_DOMAIN}"


def posts_of(user) -> list[Post]:
    db.session.expire_all()
    return list(db.session.scalars(select(Post).where(Post.author_id == user.id)))


def the_bounce(smtp, user) -> str:
    smtp.wait_for(1)
    [message] = [m for m in smtp.to(user.email) if "was not posted" in m["Subject"]]
    assert message["Auto-Submitted"] == "auto-generated"
    return body_of(message)


def test_a_forged_or_altered_token_is_refused_at_rcpt(app, inbound):
    forum, moderator, participant, thread = setup_forum()
    genuine = address(participant, thread)
    token = genuine.split("+")[1].split("@")[0]
    altered = genuine.replace(token, token[:-1] + ("a" if token[-1] != "a" else "b"))
    for target in (altered, f"reply+short@{REPLY_DOMAIN}", f"reply+{'a' * 40}@{REPLY_DOMAIN}"):
        answer = inbound.send(sender=participant.email, to=target, body="Hello.")
        assert answer.code == 550 and "not valid" in answer.text
    assert posts_of(participant) == [] and outbox() == []


def test_mail_for_other_domains_or_addresses_is_refused(app, inbound):
    forum, moderator, participant, thread = setup_forum()
    token = make_token(participant.id, thread.id)
    for target in (f"reply+{token}@elsewhere.example", f"postmaster@{REPLY_DOMAIN}"):
        answer = inbound.send(sender=participant.email, to=target, body="Hello.")
        assert answer.code == 550 and "only reply addresses" in answer.text


def test_a_second_recipient_in_one_message_is_deferred(app, inbound):
    forum, moderator, participant, thread = setup_forum()
    import smtplib

    with smtplib.SMTP("127.0.0.1", inbound.port, timeout=10) as client:
        client.ehlo()
        client.mail(participant.email)
        assert client.rcpt(address(participant, thread))[0] == 250
        assert client.rcpt(address(participant, thread))[0] == 452


def test_another_persons_address_is_refused_without_writing_to_anyone(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    intruder = make_user(email="intruder@example.org")
    answer = inbound.send(sender=intruder.email, to=address(participant, thread),
                          body="Posting as someone else.")
    assert answer.code == 550 and "belongs to another participant" in answer.text
    assert participant.email not in answer.text
    assert posts_of(participant) == [] and posts_of(intruder) == [] and outbox() == []


def test_an_expired_address_is_bounced_to_its_owner(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    issued = now() - timedelta(days=app.config["REPLY_TOKEN_MAX_AGE_DAYS"] + 1)
    answer = inbound.send(sender=participant.email, to=address(participant, thread, issued),
                          body="A late answer.")
    assert answer.code == 250 and "sent to you by email" in answer.text
    bounce = the_bounce(smtp, participant)
    assert "expired" in bounce and "> A late answer." in bounce
    assert f"/threads/{thread.id}" in bounce
    assert posts_of(participant) == []


def test_an_address_a_day_within_its_age_still_works(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    issued = now() - timedelta(days=app.config["REPLY_TOKEN_MAX_AGE_DAYS"])
    answer = inbound.send(sender=participant.email, to=address(participant, thread, issued),
                          body="Just in time.")
    assert answer.code == 250 and "awaits moderation" in answer.text


def test_nothing_left_after_stripping_is_bounced(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    answer = inbound.send(sender=participant.email, to=address(participant, thread),
                          body="On Thu, 3 Dec 2026 at 10:15, Forum wrote:\n> quoted\n-- \nAna\n")
    assert answer.code == 250
    assert "No text was left" in the_bounce(smtp, participant)
    assert posts_of(participant) == []


def test_a_locked_thread_refuses_with_the_webs_own_message(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    moderation.lock_thread(thread, acting_user=moderator, locked=True)
    inbound.send(sender=participant.email, to=address(participant, thread), body="Too late?")
    bounce = the_bounce(smtp, participant)
    assert "This thread is locked; no more replies are accepted." in bounce
    assert "> Too late?" in bounce
    assert posts_of(participant) == []


def test_a_closed_forum_refuses(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    token_address = address(participant, thread)
    set_clock(app, forum.closes_at + timedelta(hours=1))
    inbound.send(sender=participant.email, to=token_address, body="After the close.")
    assert "This forum is closed" in the_bounce(smtp, participant)
    assert posts_of(participant) == []


def test_a_participant_not_accredited_is_refused(app, smtp, inbound):
    moderator = make_user("moderator")
    forum = make_forum(posting="accredited", moderators=[moderator])
    thread = make_thread(forum, moderator)
    reader = make_user()
    inbound.send(sender=reader.email, to=address(reader, thread), body="May I?")
    assert "accredited" in the_bounce(smtp, reader)
    assert posts_of(reader) == []


def test_a_thread_the_owner_cannot_see_is_refused(app, smtp, inbound):
    moderator = make_user("moderator")
    forum = make_forum(moderators=[moderator], participants_may_open_threads=True)
    author = make_user()
    from forum.threads import actions as writing

    pending = writing.open_thread(forum, author=author, title="Not public yet",
                                  body="Awaiting approval.")
    reader = make_user()
    inbound.send(sender=reader.email, to=address(reader, pending), body="Guessing.")
    assert "not available" in the_bounce(smtp, reader)
    assert posts_of(reader) == []


def test_a_too_long_text_is_refused_with_the_limit(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    app.config["POST_MAX_CHARS"] = 50
    inbound.send(sender=participant.email, to=address(participant, thread), body="x" * 80)
    assert "the limit is 50" in the_bounce(smtp, participant)


def test_the_posting_rate_limit_applies(app, smtp, inbound):
    from forum.extensions import limiter

    forum, moderator, participant, thread = setup_forum()
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True, POST_LIMIT="1 per hour")
    try:
        to = address(participant, thread)
        assert inbound.send(sender=participant.email, to=to, body="First.").code == 250
        inbound.send(sender=participant.email, to=to, body="Second.")
        assert "faster than the forum allows" in the_bounce(smtp, participant)
        assert [p.body for p in posts_of(participant)] == ["First."]
    finally:
        limiter.reset()


def test_automatic_replies_are_neither_posted_nor_answered(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    answer = inbound.send(sender=participant.email, to=address(participant, thread),
                          body="I am out of the office until Monday.",
                          headers={"Auto-Submitted": "auto-replied"})
    assert answer.code == 250 and "ignored" in answer.text
    assert posts_of(participant) == [] and outbox() == []


def test_a_moderator_gets_no_reply_address_and_their_emailed_reply_is_refused(app, smtp,
                                                                              inbound):
    """A moderator's post is published without review: a forwarded notification and a
    forged From must not publish as them (docs/email.md)."""
    forum, moderator, participant, thread = setup_forum()
    answer = inbound.send(sender=moderator.email, to=address(moderator, thread),
                          body="Published without review?")
    assert answer.code == 250
    bounce = the_bounce(smtp, moderator)
    assert "Moderators answer on the forum's page" in bounce
    assert all(p.body != "Published without review?" for p in posts_of(moderator))
