"""What is new to a signed-in reader: how far they have read each thread, and the rules
that mark it (docs/unread.md).

A post *arrives* for a reader when it becomes visible to them: when it is approved (or,
never approved, when it was written: a moderator sees pending posts as they come). Posts
are ordered by (arrival, id); a thread_reads row says "read through this post", so a reply
approved days after it was written is new even though it sits early in the thread.
Counts and markers only ever consider posts the reader may see (forum/visibility.py):
another person's pending or hidden post is never "new", so no count reveals it. A reader's
own posts, posts they typed for someone else and posts they approved are not new to them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.models import Forum, Post, Thread, ThreadRead, User
from forum.permissions import can_moderate
from forum.refusals import NotFound, Refused
from forum.visibility import (
    hidden_opening_clause,
    state_clause,
    thread_is_visible,
    visible_posts_clause,
)


def arrival(post=Post) -> ColumnElement:  # noqa: ANN001
    """SQL: when the post became visible to readers (approval, else writing)."""
    return func.coalesce(post.approved_at, post.created_at)


def _signed_in(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated


def unread_clause(viewer_id, read_at, read_post_id) -> ColumnElement:  # noqa: ANN001
    """SQL over `posts`: not the viewer's own doing, and after the mark (`read_at`,
    `read_post_id`: columns or scalar subqueries; NULL when the thread was never opened)."""
    return and_(
        Post.author_id != viewer_id,
        or_(Post.posted_by_id.is_(None), Post.posted_by_id != viewer_id),
        or_(Post.approved_by_id.is_(None), Post.approved_by_id != viewer_id),
        or_(read_at.is_(None), arrival() > read_at,
            and_(arrival() == read_at, Post.id > read_post_id)))


class ReadState(NamedTuple):
    """A thread as one reader stands with it."""

    unread: int  # visible posts new to the reader
    opened: bool  # the reader has a mark (else every post is new and no jump is offered)
    first_unread: int | None  # id of the first new post in thread order
    newest: int | None  # id of the latest-arriving visible post: what "read" marks through


def thread_state(thread: Thread, viewer: User | None) -> ReadState | None:
    """One statement: the reader's standing in `thread` (None for signed-out readers)."""
    if not _signed_in(viewer):
        return None
    statement = _state_statement(can_moderate(viewer, thread.forum))
    row = db.session.execute(statement, {"viewer": viewer.id, "thread": thread.id}).one()
    return read_state(tuple(row))


@lru_cache(maxsize=2)
def _state_statement(moderates: bool) -> Select:
    """thread_state's statement, built once with bound parameters (viewer, thread): it
    runs on every signed-in thread page, and building its five subqueries per request
    cost more than running them (docs/benchmarks.md)."""
    return select(*state_columns(moderates))


def read_state(values: tuple) -> ReadState:
    """A ReadState from the four values of state_columns."""
    return ReadState(values[0] or 0, bool(values[1]), values[2], values[3])


@lru_cache(maxsize=2)
def state_columns(moderates: bool) -> tuple:
    """thread_state's four values as uncorrelated scalar subqueries over the bound
    parameters `viewer` and `thread`: the thread page's own statement carries them for a
    signed-in reader (forum/forums/queries.py), one round trip fewer."""
    viewer, thread = bindparam("viewer"), bindparam("thread")
    held = true() if moderates else false()
    mine = and_(ThreadRead.user_id == viewer, ThreadRead.thread_id == thread)
    read_at = select(ThreadRead.read_at).where(mine).scalar_subquery()
    read_post = select(ThreadRead.post_id).where(mine).scalar_subquery()
    visible = and_(Post.thread_id == thread, state_clause(Post, viewer, held),
                   hidden_opening_clause(Post.thread_id, viewer, held))
    unread = and_(visible, unread_clause(viewer, read_at, read_post))
    return (
        select(func.count(Post.id)).where(unread).scalar_subquery(),
        select(ThreadRead.post_id).where(mine).exists(),
        select(Post.id).where(unread).order_by(Post.created_at, Post.id).limit(1)
        .scalar_subquery(),
        select(Post.id).where(visible).order_by(arrival().desc(), Post.id.desc()).limit(1)
        .scalar_subquery(),
    )


def page_of_post(thread: Thread, viewer: User | None, post_id: int, per_page: int) -> int:
    """The page of the thread (at `per_page`) that shows the visible post `post_id`."""
    target = aliased(Post)
    before = db.session.scalar(
        select(func.count(Post.id)).join(target, target.id == post_id)
        .where(Post.thread_id == thread.id, visible_posts_clause(viewer, thread.forum),
               or_(Post.created_at < target.created_at,
                   and_(Post.created_at == target.created_at, Post.id < target.id))))
    return (before or 0) // per_page + 1


def unread_counts(forum: Forum, viewer: User | None) -> dict[int, int]:
    """One statement: thread id -> posts new to the reader, for the forum's threads that
    have any (an empty dict for signed-out readers)."""
    if not _signed_in(viewer):
        return {}
    mark = aliased(ThreadRead)
    rows = db.session.execute(
        select(Post.thread_id, func.count(Post.id))
        .outerjoin(mark, and_(mark.thread_id == Post.thread_id, mark.user_id == viewer.id))
        .where(Post.forum_id == forum.id, visible_posts_clause(viewer, forum),
               unread_clause(viewer.id, mark.read_at, mark.post_id))
        .group_by(Post.thread_id))
    return {thread_id: count for thread_id, count in rows}


def marks(viewer: User | None, thread_ids: list[int]) -> dict[int, int]:
    """thread id -> the post the reader has read through, for those they opened."""
    if not _signed_in(viewer) or not thread_ids:
        return {}
    return dict(db.session.execute(
        select(ThreadRead.thread_id, ThreadRead.post_id)
        .where(ThreadRead.user_id == viewer.id, ThreadRead.thread_id.in_(thread_ids))).all())


# -- actions -----------------------------------------------------------------------------

def _upsert(viewer: User, marks: list[tuple[int, object, int]]) -> None:
    """Move each (thread, arrival, post) mark forward; a mark never moves back (two tabs,
    an older page posting late), which the database decides in the same statement."""
    if not marks:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    rows = [{"user_id": viewer.id, "thread_id": thread_id, "read_at": at, "post_id": post_id}
            for thread_id, at, post_id in marks]
    statement = dialect.insert(ThreadRead).values(rows)
    new = statement.excluded
    table = ThreadRead.__table__.c
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.user_id, table.thread_id],
        set_={"read_at": new.read_at, "post_id": new.post_id},
        where=or_(new.read_at > table.read_at,
                  and_(new.read_at == table.read_at, new.post_id > table.post_id))))


def mark_read(thread: Thread, *, reader: User, through: int | None = None) -> int | None:
    """Mark `thread` read through the post `through` (the newest the reader saw), or
    through the newest post the reader may see now. Returns the post marked through."""
    if not _signed_in(reader):
        raise Refused("Sign in to keep track of what you have read.", status=401)
    if not thread_is_visible(thread, reader):
        raise NotFound("No such thread.")
    visible = and_(Post.thread_id == thread.id, visible_posts_clause(reader, thread.forum))
    query = select(Post.id, arrival().label("at")).where(visible)
    if through is None:
        query = query.order_by(arrival().desc(), Post.id.desc()).limit(1)
    else:
        query = query.where(Post.id == through)
    row = db.session.execute(query).first()
    if row is None:  # not a post of this thread the reader may see
        raise NotFound("No such message in this thread.", field="through")
    _upsert(reader, [(thread.id, row.at, row.id)])
    db.session.commit()
    return row.id


def mark_forum_read(forum: Forum, *, reader: User) -> int:
    """Mark every thread of `forum` read through its newest post the reader may see now.
    Two statements whatever the number of threads. Returns how many threads were marked."""
    if not _signed_in(reader):
        raise Refused("Sign in to keep track of what you have read.", status=401)
    ranked = (
        select(Post.thread_id, Post.id, arrival().label("at"),
               func.row_number().over(partition_by=Post.thread_id,
                                      order_by=(arrival().desc(), Post.id.desc()))
               .label("rank"))
        .where(Post.forum_id == forum.id, visible_posts_clause(reader, forum))
        .subquery())
    marks = db.session.execute(
        select(ranked.c.thread_id, ranked.c.at, ranked.c.id)
        .where(ranked.c.rank == literal(1))).all()
    _upsert(reader, [tuple(m) for m in marks])
    db.session.commit()
    return len(marks)
