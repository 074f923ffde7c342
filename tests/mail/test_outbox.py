"""Email is queued in the transaction of the action that causes it, never sent by it: the
rows commit or roll back with the change, and a request never waits on a mail server."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from forum import notify
from forum.extensions import db
from forum.mail.delivery import deliver_due
from forum.models import Post, PostState, User
from forum.moderation import actions as moderation
from forum.moderation.actions import ModerationConflict
from tests.helpers import make_reply, make_user, setup_forum
from tests.mail.support import closed_port, outbox
from tests.web.support import fast_password_hashing, reload, set_clock  # noqa: F401


def test_an_approval_queues_its_emails_and_sends_nothing_itself(app, smtp):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Our experience.")
    moderation.approve_post(reload(post), acting_user=moderator, version=1)

    assert smtp.messages == []  # nothing left during the action
    recipients = [m.recipient for m in outbox(state="pending")]
    assert recipients == [moderator.email, participant.email]
    assert [m["To"] for m in smtp.wait_for(2)] == [moderator.email, participant.email]
    assert outbox(state="pending") == []
    assert all(m.sent_at is not None and m.attempts == 1 for m in outbox(state="sent"))


def test_an_action_that_fails_before_its_commit_leaves_no_message(app, smtp, monkeypatch):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Our experience.")
    before = len(outbox())

    def fails_after_queueing(post: Post) -> None:
        notify._publish(post)
        raise RuntimeError("the action broke after queueing its mail")

    monkeypatch.setattr(moderation, "publish_approved", fails_after_queueing)
    with pytest.raises(RuntimeError):
        moderation.approve_post(reload(post), acting_user=moderator, version=1)
    db.session.rollback()

    assert len(outbox()) == before  # the author's notice rolled back with the approval
    assert reload(post).state == PostState.PENDING
    smtp.wait_for(1, timeout=0.3)
    assert smtp.to(participant.email) == []


def test_a_refused_action_queues_nothing(app, smtp):
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "Our experience.")
    moderation.approve_post(reload(post), acting_user=moderator, version=1)
    queued = len(outbox())
    with pytest.raises(ModerationConflict):
        moderation.approve_post(reload(post), acting_user=moderator, version=1)
    assert len(outbox()) == queued


def test_registration_and_its_confirmation_email_commit_together(app, client, smtp):
    from tests.web.test_accounts import registration

    assert client.post("/register", data=registration()).status_code == 302
    [user] = db.session.query(User).filter_by(email="ramatha@example.org").all()
    [queued] = outbox(recipient=user.email)
    assert queued.subject == "Confirm your email address" and queued.state == "pending"

    # The address is taken: the same answer as for a new one (nothing tells the visitor an
    # account exists), no second account, and the owner is told instead of confirmed again.
    response = client.post("/register", data=registration())
    assert response.status_code == 302
    assert db.session.query(User).filter_by(email="ramatha@example.org").count() == 1
    subjects = sorted(m.subject for m in outbox(recipient=user.email))
    assert subjects == ["Confirm your email address",
                        "Someone tried to register with your address"]


def test_a_request_returns_promptly_when_the_mail_server_is_down_and_loses_nothing(
        app, client, smtp):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    user = make_user(email="reset-me@example.org")
    listening = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = closed_port()

    started = time.monotonic()
    response = client.post("/reset", data={"email": user.email})
    assert response.status_code == 302
    assert time.monotonic() - started < 2.0
    [message] = outbox()
    assert message.state == "pending" and message.attempts == 0

    result = deliver_due()  # the mail server is still down
    assert (result.sent, result.retrying, result.dead) == (0, 1, 0)
    [message] = outbox()
    assert message.state == "pending" and message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()

    app.config["MAIL_PORT"] = listening  # the server is back
    assert deliver_due().sent == 0  # not yet due: it waits for its backoff
    clock.advance(seconds=app.config["MAIL_RETRY_SECONDS"])
    [mail] = smtp.wait_for(1)
    assert mail["To"] == user.email and mail["Subject"] == "Reset your password"
    [message] = outbox()
    assert message.state == "sent" and message.attempts == 2 and message.last_error == ""
