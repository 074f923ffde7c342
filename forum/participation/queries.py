"""The dashboard's database reads: a bounded number of statements, whatever the forum's size.

The headline figures come from `forum.forums.queries.participation`, the function the forum
page and the digest use (one counting rule, CONTRACTS.md "Counting"); the breakdowns below
read the same public record (`public_posts_clause`) and are checked against it in tests.
Only the moderation figures read pending and rejected posts, and only when asked for staff.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Forum, Post, Thread, User
from forum.participation.stats import (
    AuthorPost,
    Dashboard,
    Decision,
    by_country,
    by_day,
    by_group,
    by_topic,
    moderation,
)
from forum.visibility import public_posts_clause


def public_rows(forum: Forum) -> list[AuthorPost]:
    """Every public message of the forum with its day, topic and author's affiliation."""
    rows = db.session.execute(
        select(Post.created_at, Post.author_id, Thread.topic_id, User.affiliation, User.country)
        .join(Thread, Thread.id == Post.thread_id)
        .join(User, User.id == Post.author_id)
        .where(Post.forum_id == forum.id, public_posts_clause())
        .order_by(Post.created_at, Post.id)
    ).all()
    return [AuthorPost(created_at=r.created_at, author_id=r.author_id, topic_id=r.topic_id,
                       affiliation=r.affiliation or "", country=r.country)
            for r in rows]


def decisions(forum: Forum) -> list[Decision]:
    """Moderators' queue decisions: approvals of posts someone else wrote (moderators'
    own posts are approved as they are written and took no decision) and rejections."""
    queued = and_(Post.approved_at.is_not(None), Post.approved_by_id != Post.author_id)
    rows = db.session.execute(
        select(Post.state, Post.created_at, Post.approved_at, Post.moderated_at)
        .where(Post.forum_id == forum.id, or_(queued, Post.state == "rejected"))
        .order_by(Post.id)
    ).all()
    out = []
    for r in rows:
        decided = r.moderated_at if r.state == "rejected" else r.approved_at
        if decided is not None:
            out.append(Decision(approved=r.state != "rejected",
                                seconds=max(0, int((decided - r.created_at).total_seconds()))))
    return out


def dashboard(forum: Forum, *, staff: bool) -> Dashboard:
    """Everything the dashboard shows; moderation figures only when `staff`."""
    figures = participation(forum.id)
    rows = public_rows(forum)
    topics = [(t.id, t.title) for t in forum.topics]
    return Dashboard(
        figures=figures,
        groups=by_group(rows),
        days=by_day(rows, forum.opens_at, forum.closes_at, forum.extended_to),
        topics=by_topic(rows, topics),
        countries=by_country(rows),
        moderation=moderation(decisions(forum)) if staff else None,
    )
