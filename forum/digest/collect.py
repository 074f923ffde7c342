"""collect: the digest's only database reads (approved posts in scope, forum facts).

Openings, summaries and closing messages are passed along (they count in the figures and
frame the report) but the pure stages use only replies as sources.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Forum, ForumModerator, Post, Tag, Thread, Topic, User, post_tags
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
    # Plain rows, streamed in batches: a forum of 100,000 replies would otherwise become as
    # many ORM objects (with their authors and tags) held at once beside the SourcePosts.
    query = (
        select(Post.id, Post.number, Post.kind, Post.body, Post.created_at, Post.author_id,
               User.key, User.name, User.title, User.organization, User.country,
               User.affiliation, Topic.key)
        .join(User, User.id == Post.author_id)
        .join(Thread, Thread.id == Post.thread_id)
        .outerjoin(Topic, Topic.id == Thread.topic_id)
        .where(Post.forum_id == forum.id, public_posts_clause())
        .order_by(Post.number, Post.id)
    )
    if topics:
        query = query.where(Topic.key.in_(topics))
    if since:
        query = query.where(Post.created_at >= since)
    if until:
        query = query.where(Post.created_at < until)
    tags: dict[int, list[str]] = defaultdict(list)
    for post_id, name in db.session.execute(
        select(post_tags.c.post_id, Tag.name)
        .join(Tag, Tag.id == post_tags.c.tag_id)
        .join(Post, Post.id == post_tags.c.post_id)
        .where(Post.forum_id == forum.id)
    ):
        tags[post_id].append(name)
    posts = [
        SourcePost(
            id=post_id, number=number, author_key=key, author_name=name, author_title=title,
            organization=organization, country=country, affiliation=affiliation,
            topic_key=topic_key, tags=tuple(sorted(tags.get(post_id, ()))), kind=kind,
            body=body, created_at=created_at, moderator=author_id in moderator_ids,
        )
        for (post_id, number, kind, body, created_at, author_id, key, name, title, organization,
             country, affiliation, topic_key)
        in db.session.execute(query.execution_options(yield_per=2000))
    ]
    return info, posts
