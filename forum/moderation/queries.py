"""The moderation queue."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Forum, ForumModerator, Post, PostState, Thread, User


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
        )
        .order_by(Post.created_at, Post.id)
    )
    if topic_id:
        query = query.join(Thread, Thread.id == Post.thread_id).where(Thread.topic_id == topic_id)
    return db.session.scalars(query).all()


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
