"""Undoing a moderation decision: within UNDO_SECONDS, while its email is unsent; the
post is pending again, the queued emails and notices of the decision are gone, and the
undo is audited."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.mail.delivery import claim_due
from forum.models import AuditEntry, Notification, OutboxMessage, Post, Watch
from forum.moderation import actions, undo
from forum.refusals import Refused
from forum.search.criteria import read_criteria
from forum.search.queries import search_posts
from tests.helpers import make_reply, setup_forum
from tests.web.support import fast_password_hashing, reload, set_clock  # noqa: F401


def _outbox(to: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == to)).all()


def _found(word: str) -> int:
    return search_posts(read_criteria({"q": word})).total


def _pending_post(app):
    set_clock(app, datetime(2014, 5, 20, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "We trained customs officers in detection.")
    return forum, moderator, participant, thread, post


def test_undo_of_an_approval_restores_pending_and_cancels_the_unsent_emails(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    watcher = setup_forum()[2]
    db.session.add(Watch(user_id=watcher.id, thread_id=thread.id, mode="each"))
    db.session.commit()
    actions.approve_post(post, acting_user=moderator, version=1)
    number = post.number
    assert len(_outbox(participant.email)) == 1 and len(_outbox(watcher.email)) == 1
    assert _found("customs") == 1

    app.config["CLOCK"].advance(seconds=59)
    undo.undo_decision(post, acting_user=moderator)

    post = reload(post)
    assert (post.state, post.approved_at, post.moderated_by_id) == ("pending", None, None)
    assert post.number == number  # never given to another post
    assert _outbox(participant.email) == [] and _outbox(watcher.email) == []
    assert db.session.scalars(select(Notification).where(
        Notification.post_id == post.id, Notification.user_id == participant.id)).all() == []
    assert _found("customs") == 0
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.undo")).one()
    assert (entry.actor_id, entry.target_id) == (moderator.id, post.id)
    assert entry.detail["undone"] == "post.approve" and entry.detail["emails_cancelled"] == 2
    # Pending again: it can be decided afresh, and keeps its number.
    actions.approve_post(post, acting_user=moderator, version=post.version)
    assert reload(post).number == number


def test_undo_of_a_rejection_cancels_the_authors_email(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    actions.reject_post(post, acting_user=moderator, reason="Off-topic for this thread.")
    assert len(_outbox(participant.email)) == 1
    undo.undo_decision(post, acting_user=moderator)
    assert reload(post).state == "pending" and reload(post).moderation_reason == ""
    assert _outbox(participant.email) == []


def test_undo_is_refused_after_the_window(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    actions.approve_post(post, acting_user=moderator, version=1)
    app.config["CLOCK"].advance(seconds=61)
    with pytest.raises(undo.UndoRefused) as refused:
        undo.undo_decision(post, acting_user=moderator)
    assert refused.value.status == 409 and "Too late to undo" in refused.value.message
    assert reload(post).state == "approved" and len(_outbox(participant.email)) == 1


def test_undo_is_refused_once_an_email_was_claimed_or_sent_and_nothing_changes(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    actions.approve_post(post, acting_user=moderator, version=1)
    assert len(claim_due(10)) >= 1  # a worker is delivering it now
    with pytest.raises(undo.UndoRefused) as refused:
        undo.undo_decision(post, acting_user=moderator)
    assert "already been sent" in refused.value.message
    assert reload(post).state == "approved" and len(_outbox(participant.email)) == 1
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.undo")
                              ).all() == []


def test_undo_is_refused_when_a_daily_digest_went_out_since(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    reader = setup_forum()[2]
    db.session.add(Watch(user_id=reader.id, forum_id=forum.id, mode="daily"))
    db.session.commit()
    actions.approve_post(post, acting_user=moderator, version=1)
    app.config["CLOCK"].advance(seconds=10)
    from forum.notify import send_daily_digests

    send_daily_digests()
    with pytest.raises(undo.UndoRefused):
        undo.undo_decision(post, acting_user=moderator)


def test_only_decisions_of_the_forums_moderators_can_be_undone(app):
    forum, moderator, participant, thread, post = _pending_post(app)
    with pytest.raises(actions.ModerationConflict):
        undo.undo_decision(post, acting_user=moderator)  # nothing decided yet
    actions.approve_post(post, acting_user=moderator, version=1)
    stranger = setup_forum()[1]
    with pytest.raises(Refused) as refused:
        undo.undo_decision(post, acting_user=stranger)
    assert refused.value.status == 403
    assert db.session.get(Post, post.id).state == "approved"
