"""Reading forums: lists, participation figures and what a reader may see in a thread."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, false, func, select
from sqlalchemy.orm import joinedload, selectinload

from forum import visibility
from forum.extensions import db
from forum.models import Forum, Post, PostRevision, PostState, Thread, User
from forum.permissions import can_moderate
from forum.threads import reads
from forum.threads.reads import ReadState, unread_counts


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
    # The public record: approved posts in threads whose opening is public.
    approved = and_(Post.forum_id == forum_id, visibility.public_posts_clause())
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
    """SQL condition for the posts `viewer` may see in `forum` (forum/visibility.py)."""
    return visibility.visible_posts_clause(viewer, forum)


def thread_is_visible(thread: Thread, viewer: User | None) -> bool:
    return visibility.thread_is_visible(thread, viewer)


# Thread pages do not show the forum's objective or digest settings (a JSON outline that
# would be parsed on every request): they load only if something asks for them.
_THREAD_WITH_FORUM = (
    select(Thread)
    .options(joinedload(Thread.forum).defer(Forum.digest_settings).defer(Forum.objective)
             .defer(Forum.objective_html))
    .where(Thread.id == bindparam("thread"))
)


# Signed-in readers' pages also read the thread's topic (its window decides whether they
# may reply): in the same statement. Not for anonymous ones: their page cache refuses a
# render that reached anything beyond the thread and its forum (pagecache.py).
_THREAD_WITH_FORUM_AND_TOPIC = _THREAD_WITH_FORUM.options(joinedload(Thread.topic))


def thread_with_forum(thread_id: int, *, with_topic: bool = False) -> Thread | None:
    """The thread and its forum (and topic) in one statement (built once; pages read
    them)."""
    statement = _THREAD_WITH_FORUM_AND_TOPIC if with_topic else _THREAD_WITH_FORUM
    return db.session.execute(statement, {"thread": thread_id}).scalar_one_or_none()


def forums_list() -> list[Forum]:
    return db.session.scalars(select(Forum).order_by(Forum.opens_at.desc(), Forum.id)).all()


def forum_by_slug(slug: str) -> Forum | None:
    return db.session.scalar(
        select(Forum).where(Forum.slug == slug).options(selectinload(Forum.topics))
    )


class ThreadRow(NamedTuple):
    """A line of the forum page's list of threads."""

    thread: Thread
    messages: int  # posts the viewer may see
    last_id: int  # the latest of them in thread order
    last_at: object  # when the latest of them was written
    last_author: User  # its author, as bylines show them
    unread: int  # posts new to a signed-in viewer (forum/threads/reads.py); 0 otherwise


def threads_of(forum: Forum, viewer: User | None) -> list[ThreadRow]:
    """Threads with their count of visible posts and their latest post (author, time), in
    topic order: one statement for the threads, their latest posts and authors (a window
    over the visible posts), one for topics, one for unread counts if signed in."""
    visible = visible_posts_clause(viewer, forum)
    ranked = (
        select(Post.thread_id, Post.id, Post.author_id, Post.created_at,
               func.count(Post.id).over(partition_by=Post.thread_id).label("n"),
               func.row_number().over(partition_by=Post.thread_id,
                                      order_by=(Post.created_at.desc(), Post.id.desc()))
               .label("rank"))
        .where(Post.forum_id == forum.id, visible)
        .subquery()
    )
    rows = db.session.execute(
        select(Thread, ranked.c.n, ranked.c.id, ranked.c.created_at, User)
        .join(ranked, and_(ranked.c.thread_id == Thread.id, ranked.c.rank == 1))
        .join(User, User.id == ranked.c.author_id)
        .where(Thread.forum_id == forum.id)
        .options(selectinload(Thread.topic))
        .order_by(Thread.created_at, Thread.id)
    ).all()
    unread = unread_counts(forum, viewer)
    return [ThreadRow(t, n, last_id, last, author, unread.get(t.id, 0))
            for t, n, last_id, last, author in rows]


def thread_posts_query(thread: Thread, viewer: User | None) -> Select:
    loads = [selectinload(Post.author), selectinload(Post.posted_by),
             selectinload(Post.reply_to)]
    if can_moderate(viewer, thread.forum):
        # Only moderators see tags and earlier versions: one query each for the page, not
        # one per post (tests/ops/test_query_counts.py), and none for everyone else.
        loads += [selectinload(Post.tags),
                  selectinload(Post.revisions).selectinload(PostRevision.edited_by)]
    return (
        select(Post)
        .where(Post.thread_id == thread.id, visible_posts_clause(viewer, thread.forum))
        .options(*loads)
        .order_by(Post.created_at, Post.id)
    )


@cache
def _public_statement(signed_in: bool) -> Select:
    """A page of a thread for readers who do not moderate, with the thread's total in
    every row, built once with bound parameters: building and keying a fresh 15-column
    statement on every request cost more than running it. (The total is an uncorrelated
    subquery, which SQLite runs once; a window count made it copy every row, bodies
    included, into a temporary table.)"""
    posts = Post.__table__
    author, staff = User.__table__.alias("author"), User.__table__.alias("staff")
    # Readers who do not moderate: the SEES table with the moderator relation false, and no
    # row at all if the thread's opening is hidden from them (the page is then a 404).
    viewer = bindparam("viewer") if signed_in else None
    where = and_(posts.c.thread_id == bindparam("thread"),
                 visibility.state_clause(posts.c, viewer, false()),
                 visibility.hidden_opening_clause(bindparam("thread"), viewer, false()))
    total = select(func.count(posts.c.id)).where(where).scalar_subquery()
    # The post a reply answers, named only if it is public: the same article is shown to
    # every reader who does not moderate (a reader's own pending target is not named here).
    target = posts.alias("target")
    # A signed-in reader's standing in the thread (forum/threads/reads.py) rides along too.
    reading = reads.state_columns(False) if signed_in else ()
    return (
        select(posts.c.id, posts.c.number, posts.c.kind, posts.c.state, posts.c.subject,
               posts.c.body_html, posts.c.created_at, author.c.title, author.c.name,
               author.c.organization, author.c.country, staff.c.title, staff.c.name,
               staff.c.organization, staff.c.country, target.c.id, target.c.number, total,
               *reading)
        .join(author, author.c.id == posts.c.author_id)
        .outerjoin(staff, staff.c.id == posts.c.posted_by_id)
        .outerjoin(target, and_(target.c.id == posts.c.reply_to_id,
                                target.c.state == PostState.APPROVED))
        .where(where)
        .order_by(posts.c.created_at, posts.c.id)
        .limit(bindparam("limit")).offset(bindparam("offset"))
    )


ROW_COLUMNS = 17  # a public row's columns before the total (PublicPost.from_row)


class PublicPage(NamedTuple):
    """A page of a thread as a reader who does not moderate it sees it."""

    rows: list[tuple]  # PublicPost.from_row's columns, in page order
    own: dict[int, Post]  # the reader's own pending, rejected or hidden posts among them, by id
    total: int
    reading: ReadState | None = None  # a signed-in reader's standing in the thread


def public_page(thread: Thread, viewer: User | None, page: int, per_page: int) -> PublicPage:
    """A page of the thread for a reader who does not moderate it, and the total.

    Approved posts stay plain rows (rendered from a cache keyed by them, see
    fragments.py); the reader's own pending, rejected or hidden posts, which carry actions, are
    loaded as Post.
    """
    signed_in = viewer is not None and viewer.is_authenticated
    result = db.session.execute(_public_statement(signed_in), {
        "thread": thread.id, "viewer": viewer.id if signed_in else None,
        "limit": per_page, "offset": (page - 1) * per_page}).all()
    if not result:  # past the last page, no row carries the total
        total = page > 1 and db.session.scalar(select(func.count(Post.id)).where(
            Post.thread_id == thread.id, visible_posts_clause(viewer, thread.forum)))
        return PublicPage([], {}, total or 0)
    own_ids = [row.id for row in result if row.state != "approved"] if signed_in else []
    own = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(own_ids))
        .options(selectinload(Post.author), selectinload(Post.posted_by),
                 selectinload(Post.reply_to)))} if own_ids else {}
    # The reader's standing follows the total (the columns of reads.state_columns).
    reading = reads.read_state(tuple(result[0][ROW_COLUMNS + 1:])) if signed_in else None
    return PublicPage([row[:ROW_COLUMNS] for row in result], own, result[0][ROW_COLUMNS],
                      reading)


def page_of(query: Select, page: int, per_page: int) -> tuple[list, int]:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return items, total or 0
