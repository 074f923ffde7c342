"""Undo: a moderator takes back an approval or a rejection within a short window, while
nothing about it has been emailed (docs/moderation.md). The decisions themselves are in
forum/moderation/actions.py."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from forum import audit
from forum.clock import now
from forum.extensions import db
from forum.models import AuditEntry, Notification, OutboxMessage, OutboxState, Post, User, Watch
from forum.moderation.actions import ModerationConflict, ModerationError, _check, _conflict
from forum.refusals import Conflict
from forum.search import actions as search_index


class UndoRefused(ModerationError, Conflict):
    """Too late to undo: the window passed, or the decision's email already left."""


def undo_window() -> timedelta:
    return timedelta(seconds=float(current_app.config["UNDO_SECONDS"]))


def may_undo(post: Post) -> bool:
    """Whether the queue offers an undo (the action still checks everything). A post hidden
    and restored since its approval has a newer moderated_at than its approval: no undo."""
    recent = post.moderated_at is not None and now() - post.moderated_at <= undo_window()
    decided_last = post.state == "rejected" or (post.state == "approved"
                                                and post.approved_at == post.moderated_at)
    return recent and decided_last


def _in_daily_digest(post: Post) -> bool:
    """A daily digest queued since the approval may already carry the post."""
    return db.session.scalar(select(Watch.id).where(
        Watch.mode == "daily", or_(Watch.forum_id == post.forum_id,
                                   Watch.thread_id == post.thread_id),
        Watch.last_digest_at >= post.approved_at).limit(1)) is not None


def undo_decision(post: Post, *, acting_user: User) -> Post:
    """Take back an approval or a rejection made within UNDO_SECONDS, while nothing about
    it has been emailed: the post is pending again, its number kept (numbers are never
    reused), its search entry removed, and the unsent emails and the notices of the
    decision deleted in the same transaction."""
    _check(post, acting_user)
    state = post.state
    # The newest moderation entry of the post must be the approval or rejection itself: a
    # hide and restore since then (or an undo) is a later decision that cannot be skipped.
    decision = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == "post", AuditEntry.target_id == post.id,
                                 AuditEntry.action.in_(("post.approve", "post.reject",
                                                        "post.hide", "post.restore",
                                                        "post.undo")))
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    if (state not in ("approved", "rejected") or decision is None
            or decision.action not in ("post.approve", "post.reject")):
        raise ModerationConflict(_l("Only an approval or a rejection can be undone."))
    if not may_undo(post) or now() - decision.at > undo_window():
        raise UndoRefused(_l("Too late to undo: a decision can be undone within %(n)s seconds.",
                             n=int(undo_window().total_seconds())))
    emails = [int(i) for i in decision.detail.get("outbox", [])]
    if state == "approved" and _in_daily_digest(post):
        raise UndoRefused(_l("Too late to undo: the post went out in a daily digest."))
    result = db.session.execute(
        update(Post).where(Post.id == post.id, Post.state == state,
                           Post.moderated_by_id == post.moderated_by_id)
        .values(state="pending", approved_at=None, approved_by_id=None, moderated_at=None,
                moderated_by_id=None, moderation_reason="")
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _conflict(post.id)
    if emails:
        # Claimed (attempts > 0) counts as sent: a worker may be talking to the server now.
        # On PostgreSQL a claim in progress holds the row's lock; this waits, then misses.
        gone = db.session.execute(
            delete(OutboxMessage).where(OutboxMessage.id.in_(emails),
                                        OutboxMessage.state == OutboxState.PENDING,
                                        OutboxMessage.attempts == 0)
            .execution_options(synchronize_session=False))
        if gone.rowcount != len(emails):
            db.session.rollback()
            raise UndoRefused(_l("Too late to undo: the email about this decision has "
                                 "already been sent."))
    notices = [int(i) for i in decision.detail.get("notices", [])]
    if notices:
        db.session.execute(delete(Notification).where(Notification.id.in_(notices))
                           .execution_options(synchronize_session=False))
    db.session.refresh(post)
    audit.record(acting_user, "post.undo", post, forum_id=post.forum_id, undone=decision.action,
                 decided_by=decision.actor_id, emails_cancelled=len(emails))
    search_index.index_post(post)
    db.session.commit()
    return post
