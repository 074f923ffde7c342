"""The moderation queue."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, selectinload

from forum.extensions import db
from forum.models import AuditEntry, Forum, ForumModerator, Post, PostKind, PostState, Thread, User


def pending_queue(forum: Forum, topic_id: int | None = None) -> list[Post]:
    """Pending posts of `forum`, oldest first, optionally of one topic."""
    query = (
        select(Post)
        .where(Post.forum_id == forum.id, Post.state == "pending")
        .options(
            selectinload(Post.author),
            selectinload(Post.thread).selectinload(Thread.topic),
            selectinload(Post.revisions),
            selectinload(Post.tags),
            selectinload(Post.reply_to).selectinload(Post.author),
        )
        .order_by(Post.created_at, Post.id)
    )
    if topic_id:
        query = query.join(Thread, Thread.id == Post.thread_id).where(Thread.topic_id == topic_id)
    return db.session.scalars(query).all()


def answered(posts: list[Post]) -> dict[int, Post]:
    """The message each post answers, by post id: the post it replies to when it names one
    (loaded with the queue), else its thread's opening (one statement for all). Moderators
    see it pending, rejected or hidden, but a withdrawn one is gone for everyone
    (forum/visibility.py), so it is never quoted."""
    threads = {p.thread_id for p in posts if p.kind != PostKind.OPENING}
    if not threads:
        return {}
    openings = {p.thread_id: p for p in db.session.scalars(
        select(Post).where(Post.thread_id.in_(threads), Post.kind == PostKind.OPENING,
                           Post.state != PostState.WITHDRAWN)
        .options(selectinload(Post.author)))}
    found = {}
    for post in posts:
        target = post.reply_to
        if target is None or target.state == PostState.WITHDRAWN:
            target = openings.get(post.thread_id)
        if target is not None and target.id != post.id:
            found[post.id] = target
    return found


def recently_moderated(forum: Forum, limit: int = 20) -> list[Post]:
    return db.session.scalars(
        select(Post)
        .where(Post.forum_id == forum.id, Post.state.in_(("approved", "rejected", "hidden")),
               Post.moderated_at.is_not(None))
        .options(selectinload(Post.author), selectinload(Post.thread))
        .order_by(Post.moderated_at.desc(), Post.id.desc())
        .limit(limit)
    ).all()


class Queue(NamedTuple):
    slug: str
    title: str
    pending: int


def queues_of(user: User | None) -> list[Queue]:
    """The forums `user` moderates (every forum for the Secretariat) with their count of
    pending posts (new threads are their pending openings), busiest first: the layout's
    queue badge, one statement per page, never cached (it is per person and changes with
    every submission). Empty for everyone else."""
    if (user is None or not user.is_authenticated or not user.is_active
            or user.role not in ("moderator", "secretariat")):
        return []
    pending = func.count(Post.id)
    query = (select(Forum.slug, Forum.title, pending)
             .outerjoin(Post, and_(Post.forum_id == Forum.id, Post.state == PostState.PENDING))
             .group_by(Forum.id, Forum.slug, Forum.title)
             .order_by(pending.desc(), Forum.opens_at.desc(), Forum.id))
    if user.role != "secretariat":
        query = query.where(Forum.id.in_(
            select(ForumModerator.forum_id).where(ForumModerator.user_id == user.id)))
    return [Queue(*row) for row in db.session.execute(query)]


class Desk(NamedTuple):
    slug: str
    title: str
    pending: int
    oldest: datetime | None  # when the longest-waiting post was submitted


def _moderated_forums(query, user: User):
    if user.role == "secretariat":
        return query
    return query.where(Forum.id.in_(
        select(ForumModerator.forum_id).where(ForumModerator.user_id == user.id)))


def desk_of(user: User) -> list[Desk]:
    """The moderator's landing page: each forum they moderate (the Secretariat: all) with
    its pending count and oldest waiting post, the longest wait first; one statement."""
    pending, oldest = func.count(Post.id), func.min(Post.created_at)
    query = (select(Forum.slug, Forum.title, pending, oldest)
             .outerjoin(Post, and_(Post.forum_id == Forum.id, Post.state == PostState.PENDING))
             .group_by(Forum.id, Forum.slug, Forum.title)
             .order_by(pending.desc(), oldest, Forum.opens_at.desc(), Forum.id))
    return [Desk(*row) for row in db.session.execute(_moderated_forums(query, user))]


class Decision(NamedTuple):
    at: datetime
    action: str  # post.approve, post.reject, post.undo, post.hide, post.restore
    moderator: str | None
    post_id: int
    number: int | None
    author: str
    thread_title: str
    forum_slug: str


DECISIONS = ("post.approve", "post.reject", "post.undo", "post.hide", "post.restore")


def latest_decisions(user: User, limit: int = 10) -> list[Decision]:
    """The newest moderation decisions in the forums `user` moderates, from the audit log
    (who decided what, when); one statement."""
    moderator, author, opening = aliased(User), aliased(User), aliased(Post)
    query = (select(AuditEntry.at, AuditEntry.action,
                    func.trim(func.coalesce(moderator.title, "") + " " + moderator.name),
                    Post.id, Post.number,
                    func.trim(func.coalesce(author.title, "") + " " + author.name),
                    Thread.title, Forum.slug)
             .join(Post, and_(AuditEntry.target_type == "post", Post.id == AuditEntry.target_id))
             .join(Thread, Thread.id == Post.thread_id)
             .join(Forum, Forum.id == Post.forum_id)
             .join(author, author.id == Post.author_id)
             .outerjoin(moderator, moderator.id == AuditEntry.actor_id)
             .where(AuditEntry.action.in_(DECISIONS), Post.state != PostState.WITHDRAWN,
                    # Withdrawn is gone for everyone (forum/visibility.py): neither the post
                    # nor a thread whose opening was withdrawn is named here.
                    ~select(opening.id).where(opening.thread_id == Post.thread_id,
                                              opening.kind == PostKind.OPENING,
                                              opening.state == PostState.WITHDRAWN).exists())
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [Decision(*row) for row in db.session.execute(_moderated_forums(query, user))]
