"""Reading forums: lists, participation figures and what a reader may see in a thread."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Forum, Post, Thread, User
from forum.permissions import can_moderate


@dataclass(frozen=True)
class Participation:
    """Figures counted as CONTRACTS.md says: approved posts of every kind."""

    messages: int
    participants: int
    party_participants: int
    parties: int
    other_government_participants: int
    other_governments: int
    organization_participants: int


def participation(forum_id: int) -> Participation:
    approved = and_(Post.forum_id == forum_id, Post.state == "approved")
    messages = db.session.scalar(select(func.count(Post.id)).where(approved)) or 0
    authors = db.session.execute(
        select(User.id, User.affiliation, User.country)
        .where(User.id.in_(select(Post.author_id).where(approved)))
    ).all()
    party = [a for a in authors if a.affiliation == "party"]
    other = [a for a in authors if a.affiliation == "other_government"]
    return Participation(
        messages=messages,
        participants=len(authors),
        party_participants=len(party),
        parties=len({a.country for a in party if a.country}),
        other_government_participants=len(other),
        other_governments=len({a.country for a in other if a.country}),
        organization_participants=sum(1 for a in authors if a.affiliation == "organization"),
    )


def visible_posts_clause(viewer: User | None, forum: Forum):
    """SQL condition for the posts `viewer` may see in `forum`."""
    if viewer is not None and viewer.is_authenticated:
        if can_moderate(viewer, forum):
            return Post.state.in_(("approved", "pending", "hidden"))
        return or_(
            Post.state == "approved",
            and_(Post.author_id == viewer.id, Post.state.in_(("pending", "rejected"))),
        )
    return Post.state == "approved"


def thread_is_visible(thread: Thread, viewer: User | None) -> bool:
    """A thread exists for `viewer` only if they may see at least one of its posts (a
    participant's thread awaiting moderation does not exist for others)."""
    return bool(db.session.scalar(select(
        select(Post.id).where(Post.thread_id == thread.id,
                              visible_posts_clause(viewer, thread.forum)).exists())))


def forums_list() -> list[Forum]:
    return db.session.scalars(select(Forum).order_by(Forum.opens_at.desc(), Forum.id)).all()


def forum_by_slug(slug: str) -> Forum | None:
    return db.session.scalar(
        select(Forum).where(Forum.slug == slug).options(selectinload(Forum.topics))
    )


def threads_of(forum: Forum, viewer: User | None) -> list[tuple[Thread, int, object]]:
    """Threads with their count of visible posts and last activity, in topic order."""
    visible = visible_posts_clause(viewer, forum)
    stats = (
        select(Post.thread_id, func.count(Post.id).label("n"),
               func.max(Post.created_at).label("last"))
        .where(Post.forum_id == forum.id, visible)
        .group_by(Post.thread_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Thread, stats.c.n, stats.c.last)
        .join(stats, stats.c.thread_id == Thread.id)
        .where(Thread.forum_id == forum.id)
        .options(selectinload(Thread.author), selectinload(Thread.topic))
        .order_by(Thread.created_at, Thread.id)
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def thread_posts_query(thread: Thread, viewer: User | None) -> Select:
    return (
        select(Post)
        .where(Post.thread_id == thread.id, visible_posts_clause(viewer, thread.forum))
        .options(
            selectinload(Post.author), selectinload(Post.tags), selectinload(Post.posted_by)
        )
        .order_by(Post.created_at, Post.id)
    )


def page_of(query: Select, page: int, per_page: int) -> tuple[list, int]:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return items, total or 0
