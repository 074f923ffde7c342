"""collect: the digest's only database reads (approved posts in scope, forum facts).

Openings, summaries and closing messages are passed along (they count in the figures and
frame the report) but the pure stages use only replies as sources.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Forum, ForumModerator, Post, Thread, Topic
from forum.visibility import public_posts_clause
from synthesis.types import Figures, ForumInfo, SourcePost


def collect(
    forum: Forum, *, topics: tuple[str, ...] = (), since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[ForumInfo, list[SourcePost]]:
    """The forum's facts and its approved posts, optionally limited to topics or dates."""
    figures = participation(forum.id)
    moderator_ids = set(db.session.scalars(
        select(ForumModerator.user_id).where(ForumModerator.forum_id == forum.id)))
    info = ForumInfo(
        slug=forum.slug, title=forum.title, language=forum.language,
        opens_at=forum.opens_at, closes_at=forum.effective_closes_at,
        moderators=tuple((m.name, m.country) for m in forum.moderators),
        figures=Figures(**figures.__dict__),
        public_url=f"{current_app.config['PUBLIC_URL']}/forums/{forum.slug}",
        topics=tuple((t.key, t.title) for t in forum.topics),
        reconstruction_note=forum.reconstruction_note,
    )
    query = (
        select(Post, Topic.key)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(Topic, Topic.id == Thread.topic_id)
        .where(Post.forum_id == forum.id, public_posts_clause())
        .options(selectinload(Post.author), selectinload(Post.tags))
        .order_by(Post.number, Post.id)
    )
    if topics:
        query = query.where(Topic.key.in_(topics))
    if since:
        query = query.where(Post.created_at >= since)
    if until:
        query = query.where(Post.created_at < until)
    posts = [
        SourcePost(
            id=post.id, number=post.number, author_key=post.author.key,
            author_name=post.author.name, author_title=post.author.title,
            organization=post.author.organization, country=post.author.country,
            affiliation=post.author.affiliation, topic_key=topic_key,
            tags=tuple(sorted(t.name for t in post.tags)), kind=post.kind, body=post.body,
            created_at=post.created_at, moderator=post.author_id in moderator_ids,
        )
        for post, topic_key in db.session.execute(query).all()
    ]
    return info, posts
