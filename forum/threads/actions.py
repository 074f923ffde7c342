"""Writing: replies, threads, edits and withdrawals by their authors; watches."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, true, update
from sqlalchemy.exc import IntegrityError

from forum import audit, visibility
from forum.clock import now
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import Forum, Post, PostRevision, PostState, Thread, Topic, User, Watch
from forum.notify import notify_moderators_of_pending, publish_approved
from forum.numbering import next_post_number
from forum.permissions import (
    can_edit_post,
    can_moderate,
    can_open_thread,
    can_participate,
    is_secretariat,
    posting_closed_reason,
)
from forum.ratelimit import hit_posting
from forum.search import actions as search_index
from forum.threads.rules import (
    MAX_IDEMPOTENCY_KEY,
    MAX_QUESTION,
    MAX_QUESTIONS,
    MAX_TITLE,
    PostingError,
    clean_body,
    clean_questions,
    clean_title,
)

__all__ = ["MAX_IDEMPOTENCY_KEY", "MAX_QUESTION", "MAX_QUESTIONS", "MAX_TITLE", "PostingError"]


def _existing_submission(author: User, key: str | None) -> Post | None:
    if not key:
        return None
    return db.session.scalar(
        select(Post).where(Post.author_id == author.id, Post.idempotency_key == key)
    )


def _same_submission(existing: Post, *, kind: str, thread_id: int | None = None,
                     forum_id: int | None = None) -> Post:
    """An earlier post under the same key, if it answered the same request; a key reused for
    another thread or kind of post is refused instead of answered with an unrelated post.
    (An opening is matched by forum: a new thread has no id until it is inserted.)"""
    same_place = (existing.forum_id == forum_id if kind == "opening"
                  else existing.thread_id == thread_id)
    if not same_place or existing.kind != kind:
        raise PostingError(_l("This idempotency key was already used for a different submission."),
                           status=422, field="Idempotency-Key")
    return existing


def _insert_post(post: Post) -> tuple[Post, bool]:
    """Insert, or return the post an identical submission created meanwhile (False): two
    requests with one key at the same instant both pass the first lookup, and the unique
    constraint decides which one created it."""
    author, key, kind = post.author, post.idempotency_key, post.kind
    thread_id, forum_id = post.thread.id, post.forum_id
    try:
        db.session.add(post)
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = _existing_submission(author, key)
        if existing is None:
            raise
        return _same_submission(existing, kind=kind, thread_id=thread_id,
                                forum_id=forum_id), False
    return post, True


def _new_post(thread: Thread, author: User, body: str, kind: str, key: str | None) -> Post:
    moment = now()
    moderated = can_moderate(author, thread.forum)
    post = Post(
        forum_id=thread.forum_id,
        thread=thread,
        author=author,
        kind=kind,
        # Moderators' and the Secretariat's own posts need no approval.
        state="approved" if moderated else "pending",
        subject=thread.title if kind == "opening" else f"RE: {thread.title}",
        body=body,
        body_html=render_markdown(body),
        created_at=moment,
        updated_at=moment,
        idempotency_key=key or None,
    )
    if moderated:
        post.approved_at = moment
        post.approved_by_id = author.id
    return post


def _reply_target(thread: Thread, author: User, reply_to_id: int | None) -> Post | None:
    """The post a reply answers: one of the same thread that its author may see. Anything
    else gets the same answer, so an id never reveals what the author cannot see."""
    if reply_to_id is None:
        return None
    target = db.session.get(Post, reply_to_id)
    if (target is None or target.thread_id != thread.id
            or not visibility.may_see_in_thread(author, target)):
        raise PostingError(_l("The message you reply to is not in this thread."), 422,
                           "reply_to")
    return target


def submit_reply(
    thread: Thread, *, author: User, body: str, key: str | None = None, kind: str = "reply",
    for_moderator: User | None = None, reply_to_id: int | None = None,
) -> tuple[Post, bool]:
    """Post into `thread`. Returns (post, created); a repeated submission returns the first.

    With `for_moderator`, Secretariat staff (`author`) post on that moderator's behalf;
    with `reply_to_id`, the post answers that earlier post of the thread."""
    # A post typed by staff is stored under the moderator, with the staff member in its key.
    staff_key = f"staff-{author.id}-{key}" if for_moderator is not None and key else None
    existing = (_existing_submission(for_moderator, staff_key) if for_moderator is not None
                else _existing_submission(author, key))
    if existing is not None:
        return _same_submission(existing, kind=kind, thread_id=thread.id), False
    reason = posting_closed_reason(author, thread)
    if reason:
        # Someone who may not take part at all (signed out, unconfirmed, not accredited) is
        # forbidden (403); a closed window or a locked thread is a state conflict (409).
        status = 409 if can_participate(author, thread.forum) else 403
        raise PostingError(reason, status=status)
    if kind not in ("reply", "summary", "closing"):
        raise PostingError(_l("Unknown kind of post."), field="kind")
    body = clean_body(body)
    if kind != "reply" and not can_moderate(author, thread.forum):
        raise PostingError(_l("Only moderators post summaries and closing messages."), 403)
    shown_author = author
    if for_moderator is not None:
        if not (is_secretariat(author) and can_moderate(for_moderator, thread.forum)):
            raise PostingError(
                _l("Only the Secretariat posts on behalf of this forum's moderators."),
                               403)
        shown_author = for_moderator
    target = _reply_target(thread, author, reply_to_id)
    _refuse_repeat(shown_author, body, staff_key if for_moderator is not None else key)
    hit_posting(author, PostingError)
    post = _new_post(thread, shown_author, body, kind, key)
    post.reply_to_id = target.id if target is not None else None
    if for_moderator is not None:
        post.posted_by_id = author.id
        post.idempotency_key = staff_key
    post, created = _insert_post(post)
    if not created:
        return post, False
    if for_moderator is not None:
        audit.record(author, "post.on_behalf", post, forum_id=thread.forum_id,
                     moderator=for_moderator.key)
    if post.state == "approved" and post.number is None:
        post.number = next_post_number()
    _after_create(post)
    db.session.commit()
    return post, True


# The same text posted again soon after (a paste into a second thread, a flood) is refused;
# a retry of the same submission never gets here (it returns the first post).
REPEAT_WINDOW = timedelta(minutes=5)


def _refuse_repeat(author: User, body: str, key: str | None = None) -> None:
    # A post of this very submission (its twin committed after our key lookup: a double
    # click) is not a repeat: the insert meets the (author, key) constraint and returns it.
    other_submission = Post.idempotency_key.is_distinct_from(key) if key else true()
    earlier = db.session.scalar(
        select(Post.id).where(Post.author_id == author.id, Post.body == body,
                              Post.created_at > now() - REPEAT_WINDOW,
                              Post.state != PostState.WITHDRAWN, other_submission).limit(1))
    if earlier is not None:
        raise PostingError(_l("You posted this same text a few minutes ago; it is not posted "
                           "twice."), 409, "body")


def _after_create(post: Post) -> None:
    """Notices and queued email, in the transaction that creates the post."""
    if post.state == "pending":
        notify_moderators_of_pending(post)
    else:
        publish_approved(post)
        search_index.index_post(post)


def open_thread(
    forum: Forum, *, author: User, title: str, body: str, topic: Topic | None = None,
    questions: list[str] | None = None, key: str | None = None,
) -> Thread:
    """Open a thread with its framing text and numbered guiding questions."""
    existing = _existing_submission(author, key)
    if existing is not None:
        return _same_submission(existing, kind="opening", forum_id=forum.id).thread
    if not can_open_thread(author, forum):
        raise PostingError(_l("You may not open threads in this forum."), 403)
    if topic is not None and topic.forum_id != forum.id:
        raise PostingError(_l("That topic belongs to another forum."), field="topic_id")
    title, questions, body = clean_title(title), clean_questions(questions), clean_body(body)
    hit_posting(author, PostingError)
    thread = Thread(
        forum_id=forum.id, forum=forum, topic=topic, author=author, title=title,
        questions=questions, created_at=now(),
    )
    db.session.add(thread)
    post = _new_post(thread, author, body, "opening", key)
    post, created = _insert_post(post)
    if not created:
        return post.thread
    if post.state == "approved":
        post.number = next_post_number()
    _after_create(post)
    db.session.commit()
    return post.thread


def edit_own_post(post: Post, *, author: User, body: str, version: int) -> Post:
    """An author edits a pending post; the earlier text is kept as a revision."""
    if not can_edit_post(author, post):
        raise PostingError(_l("Only a pending post can be edited, by its author."), 403)
    if version != post.version:
        raise PostingError(_l("The post changed since you opened it; reload and try again."), 409)
    save_revision(post, editor=author, body=clean_body(body))
    db.session.commit()
    return post


def save_revision(post: Post, *, editor: User, body: str) -> None:
    """Keep the current text as a revision and install `body` as the next version.

    A conditional UPDATE: it applies only if the post is still pending at the version read,
    so an edit can never land on a post a moderator has just approved (PostingError 409).
    """
    seen = post.version
    result = db.session.execute(
        update(Post)
        .where(Post.id == post.id, Post.state == "pending", Post.version == seen)
        .values(body=body, body_html=render_markdown(body), version=seen + 1,
                updated_at=now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise PostingError(_l("The post changed meanwhile (it was moderated or edited); "
                           "reload it and try again."), 409)
    db.session.add(PostRevision(post_id=post.id, version=seen, body=post.body,
                                edited_at=now(), edited_by_id=editor.id))
    db.session.flush()
    db.session.refresh(post)


def withdraw_post(post: Post, *, author: User) -> None:
    if not can_edit_post(author, post):
        raise PostingError(_l("Only a pending post can be withdrawn, by its author."), 403)
    result = db.session.execute(
        update(Post).where(Post.id == post.id, Post.state == "pending")
        .values(state="withdrawn", updated_at=now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise PostingError(_l("The post was moderated meanwhile and can no longer be "
                           "withdrawn."), 409)
    db.session.commit()


def watch(user: User, *, forum: Forum | None = None, thread: Thread | None = None,
          mode: str = "each") -> Watch:
    existing = db.session.scalar(
        select(Watch).where(
            Watch.user_id == user.id,
            Watch.forum_id == (forum.id if forum else None) if forum else Watch.forum_id.is_(None),
            Watch.thread_id == thread.id if thread else Watch.thread_id.is_(None),
        )
    )
    if existing is not None:
        existing.mode = mode
        db.session.commit()
        return existing
    item = Watch(user_id=user.id, forum_id=forum.id if forum else None,
                 thread_id=thread.id if thread else None, mode=mode, created_at=now(),
                 last_digest_at=now())
    db.session.add(item)
    db.session.commit()
    return item


def unwatch(item: Watch) -> None:
    db.session.delete(item)
    db.session.commit()
