"""Moderation: approve, reject, edit-then-approve, hide, restore and tag posts.

Each decision is a conditional UPDATE (state and version in the WHERE clause), so two
moderators acting at once, or an author editing while a moderator approves, cannot both
win: the loser's UPDATE matches no row and gets a ModerationConflict (HTTP 409).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select, update

from forum import audit
from forum.clock import now
from forum.extensions import db
from forum.i18n.terms import N_
from forum.markdown import render_markdown
from forum.models import (
    Notification,
    OutboxMessage,
    Post,
    Tag,
    Thread,
    Topic,
    User,
)
from forum.notify import notify_author, publish_approved
from forum.numbering import next_post_number
from forum.permissions import can_moderate
from forum.refusals import Conflict, Forbidden, Refused
from forum.search import actions as search_index
from forum.threads.actions import PostingError, save_revision
from forum.threads.rules import clean_body, clean_questions, clean_title

MAX_REASON = 2000  # characters of a rejection or hiding reason

# Stored as written here (English); shown translated (forum/i18n/terms.py, `reason`).
CANNED_REASONS = (
    N_("Off-topic for this thread."),
    N_("Commercial promotion or advertising."),
    N_("Personal attack or offensive language."),
    N_("Duplicate of an earlier message."),
    N_("Contains personal data that should not be published."),
)


class ModerationError(Refused):
    """A moderation decision the rules refuse."""


class NotAllowed(ModerationError, Forbidden):
    """Not a moderator of this forum."""


class ModerationConflict(ModerationError, Conflict):
    """Decided or edited by someone else meanwhile."""


def _check(post: Post, user: User) -> None:
    if not can_moderate(user, post.forum):
        raise NotAllowed(_l("Only this forum's moderators may do that."))


def _conflict(post_id: int, expected_version: int | None = None) -> ModerationConflict:
    db.session.rollback()
    post = db.session.get(Post, post_id)
    if post.state != "pending":
        who = db.session.get(User, post.moderated_by_id) if post.moderated_by_id else None
        states = {"approved": _l("approved"), "rejected": _l("rejected"),
                  "withdrawn": _l("withdrawn"), "hidden": _l("hidden")}
        state = states.get(post.state, post.state)
        if who:
            return ModerationConflict(_l("This post was already %(state)s by %(name)s; nothing "
                                         "was changed.", state=state, name=who.display_name))
        return ModerationConflict(_l("This post was already %(state)s; nothing was changed.",
                                     state=state))
    return ModerationConflict(
        _l("The author edited this post after you opened it (now version %(version)s, you saw "
           "version %(seen)s). Read the new text, then decide again.", version=post.version,
           seen=expected_version)
    )


def approve_post(post: Post, *, acting_user: User, version: int) -> Post:
    """Approve exactly the version the moderator saw."""
    _check(post, acting_user)
    moment = now()
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.state == "pending", Post.version == version)
        .values(state="approved", approved_at=moment, approved_by_id=acting_user.id,
                moderated_at=moment, moderated_by_id=acting_user.id, moderation_reason="")
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _conflict(post.id, version)
    db.session.refresh(post)
    if post.number is None:
        post.number = next_post_number()
    with _queued() as queued:
        notify_author(post, "approved")
        publish_approved(post)
    audit.record(acting_user, "post.approve", post, forum_id=post.forum_id, version=version,
                 **_ids(queued))
    search_index.index_post(post)
    db.session.commit()
    return post


def reject_post(post: Post, *, acting_user: User, reason: str) -> Post:
    _check(post, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_l("Give a reason: the author will see it."))
    moment = now()
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.state == "pending")
        .values(state="rejected", moderated_at=moment, moderated_by_id=acting_user.id,
                moderation_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _conflict(post.id)
    db.session.refresh(post)
    with _queued() as queued:
        notify_author(post, "rejected", reason)
    audit.record(acting_user, "post.reject", post, forum_id=post.forum_id, reason=reason,
                 **_ids(queued))
    db.session.commit()
    return post


@contextmanager
def _queued() -> Iterator[list[object]]:
    """Collect the rows a decision's notices add (emails, in-app notices), so that an undo
    can take back exactly those: the outbox does not say which post a message is about."""
    found: list[object] = []
    session = db.session()

    def added(_session: object, instance: object) -> None:
        found.append(instance)

    event.listen(session, "transient_to_pending", added)
    try:
        yield found
    finally:
        event.remove(session, "transient_to_pending", added)
    db.session.flush()  # the ids


def _ids(rows: list[object]) -> dict[str, list[int]]:
    return {"outbox": sorted(r.id for r in rows if isinstance(r, OutboxMessage)),
            "notices": sorted(r.id for r in rows if isinstance(r, Notification))}


def edit_and_approve(post: Post, *, acting_user: User, version: int, body: str) -> Post:
    """Edit a pending post (the revision is kept) and approve the edited text."""
    _check(post, acting_user)
    if post.state != "pending" or post.version != version:
        raise _conflict(post.id, version)
    body = clean_body(body)
    try:
        save_revision(post, editor=acting_user, body=body)
    except PostingError:
        raise _conflict(post.id, version) from None
    audit.record(acting_user, "post.edit", post, forum_id=post.forum_id, version=post.version)
    db.session.flush()
    return approve_post(post, acting_user=acting_user, version=post.version)


def _switch(post: Post, user: User, source: str, target: str, action: str, reason: str) -> Post:
    _check(post, user)
    result = db.session.execute(
        update(Post).where(Post.id == post.id, Post.state == source)
        .values(state=target, moderated_at=now(), moderated_by_id=user.id,
                moderation_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise ModerationConflict(_l("Only an approved post can be hidden.") if action == "hide"
                                 else _l("Only a hidden post can be restored."))
    db.session.refresh(post)
    audit.record(user, f"post.{action}", post, forum_id=post.forum_id, reason=reason)
    search_index.index_post(post)
    db.session.commit()
    return post


def hide_post(post: Post, *, acting_user: User, reason: str) -> Post:
    if not (reason or "").strip():
        raise ModerationError(_l("Give a reason for hiding the post."))
    return _switch(post, acting_user, "approved", "hidden", "hide", reason.strip())


def restore_post(post: Post, *, acting_user: User) -> Post:
    return _switch(post, acting_user, "hidden", "approved", "restore", "")


def set_tags(post: Post, *, acting_user: User, names: list[str]) -> Post:
    """Replace a post's tags with `names` (free labels per forum, created on first use)."""
    _check(post, acting_user)
    clean = sorted({n.strip().lower()[:60] for n in names if n.strip()})
    existing = {
        t.name: t for t in db.session.scalars(
            select(Tag).where(Tag.forum_id == post.forum_id, Tag.name.in_(clean))
        )
    }
    tags = [existing.get(n) or Tag(forum_id=post.forum_id, name=n) for n in clean]
    post.tags = tags
    audit.record(acting_user, "post.tag", post, forum_id=post.forum_id, tags=clean)
    db.session.commit()
    return post


def bulk_decide(
    posts: list[tuple[Post, int]], *, acting_user: User, decision: str, reason: str = ""
) -> tuple[int, list[str]]:
    """Approve or reject several posts; returns (done, messages for the ones refused)."""
    done, problems = 0, []
    for post, version in posts:
        try:
            if decision == "approve":
                approve_post(post, acting_user=acting_user, version=version)
            else:
                reject_post(post, acting_user=acting_user, reason=reason)
            done += 1
        except Refused as error:
            # Read now, in the moderator's request: plain text, ready to flash.
            problems.append(gettext("Post %(id)s: %(problem)s", id=post.id, problem=error.message))
    return done, problems


def lock_thread(thread: Thread, *, acting_user: User, locked: bool) -> None:
    if not can_moderate(acting_user, thread.forum):
        raise NotAllowed(_l("Only this forum's moderators may do that."))
    thread.locked = locked
    audit.record(acting_user, "thread.lock" if locked else "thread.unlock", thread,
                 forum_id=thread.forum_id)
    db.session.commit()


def edit_thread(thread: Thread, *, acting_user: User, title: str, questions: list[str]) -> None:
    """Edit a thread's title and numbered guiding questions."""
    if not can_moderate(acting_user, thread.forum):
        raise NotAllowed(_l("Only this forum's moderators may do that."))
    thread.title = clean_title(title)
    thread.questions = clean_questions(questions)
    audit.record(acting_user, "thread.edit", thread, forum_id=thread.forum_id)
    search_index.index_thread(thread)
    db.session.commit()


def edit_topic(topic: Topic, *, acting_user: User, title: str, description: str,
               opens_at: datetime | None, closes_at: datetime | None) -> None:
    """Rename a topic, rewrite its description, or give it its own window."""
    if not can_moderate(acting_user, topic.forum):
        raise NotAllowed(_l("Only this forum's moderators may do that."))
    if not title.strip():
        raise ModerationError(_l("Give the topic a title."))
    if opens_at and closes_at and closes_at <= opens_at:
        raise ModerationError(_l("The closing time must come after the opening time."))
    topic.title, topic.description = title.strip(), description
    topic.description_html = render_markdown(description)
    topic.opens_at, topic.closes_at = opens_at, closes_at
    audit.record(acting_user, "topic.edit", topic, forum_id=topic.forum_id)
    db.session.commit()
