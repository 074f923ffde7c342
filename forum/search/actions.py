"""Keeping the index in step with the public record, inside the caller's transaction.

Approved posts are indexed; any other state is removed. Whether a post's thread is public
yet (its opening approved) is decided when searching, by forum.visibility, so an approved
reply in a thread still awaiting its opening is indexed but never found until then.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Post, PostState, Thread
from forum.search import engine
from forum.search.text import index_text, plain_text

_BATCH = 500


def _row(post_id: int, title: str, subject: str, body_html: str, language: str) -> dict:
    return {"id": post_id, "config": engine.config_for(language), "title": index_text(title),
            "subject": index_text(subject), "body": index_text(plain_text(body_html))}


def _rows(post_ids: list[int]) -> tuple[list[dict], list[int]]:
    """Rows to index for the approved posts among `post_ids`, and the ids to remove."""
    found = db.session.execute(
        select(Post.id, Post.state, Thread.title, Post.subject, Post.body_html, Forum.language)
        .join(Thread, Thread.id == Post.thread_id).join(Forum, Forum.id == Post.forum_id)
        .where(Post.id.in_(post_ids))).all()
    rows = [_row(p.id, p.title, p.subject, p.body_html, p.language)
            for p in found if p.state == PostState.APPROVED]
    indexed = {r["id"] for r in rows}
    return rows, [i for i in post_ids if i not in indexed]


def index_posts(post_ids: Iterable[int]) -> None:
    """Bring these posts' index entries in line with their state and text (no commit)."""
    ids = sorted(set(post_ids))
    db.session.flush()
    for start in range(0, len(ids), _BATCH):
        rows, gone = _rows(ids[start:start + _BATCH])
        engine.current().delete(db.session, gone)
        engine.current().store(db.session, rows)


def index_post(post: Post) -> None:
    """Index an approved post, or remove any other (call after its state changed)."""
    index_posts([post.id])


def index_thread(thread: Thread) -> None:
    """Re-index a thread's posts (its title is part of each)."""
    index_posts(db.session.scalars(select(Post.id).where(Post.thread_id == thread.id)))


def forget_forum(forum_id: int) -> None:
    """Remove a forum's posts from the index (before the forum itself is deleted)."""
    engine.current().delete(
        db.session, list(db.session.scalars(select(Post.id).where(Post.forum_id == forum_id))))


def reindex(slug: str | None = None) -> int:
    """Rebuild the index of one forum (by slug) or of every forum; returns posts indexed.

    Commits: this is the operators' command, not part of another action.
    """
    query = select(Post.id)
    if slug is not None:
        forum = db.session.scalar(select(Forum).where(Forum.slug == slug))
        if forum is None:
            from forum.refusals import NotFound

            raise NotFound(_l("No forum %(slug)r.", slug=slug), field="slug")
        query = query.where(Post.forum_id == forum.id)
        engine.current().delete(db.session, list(db.session.scalars(query)))
    else:
        engine.current().clear(db.session)
    ids = list(db.session.scalars(query.where(Post.state == PostState.APPROVED)))
    index_posts(ids)
    db.session.commit()
    return len(ids)
