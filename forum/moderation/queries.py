"""The moderation queue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Forum, Post, Thread


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
