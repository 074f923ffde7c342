"""Who may see a post and a thread: one table, read both as a Python check and as SQL.

`SEES` says, for each post state, which relations to the post let a reader see it. The
Python check (`may_see_post`, `may_see_thread`) and the SQL clauses (`post_clause`,
`visible_posts_clause`, ...) are both generated from it, and tests/web/test_visibility.py
checks they agree on every role x state, so the two can never drift apart again.

A thread is visible only where its opening is: a thread whose opening is pending (or
rejected, hidden, withdrawn) does not exist, title and guiding questions included, for
anyone the table does not let see that opening, whatever else is posted in it (a moderator
may answer a participant's thread before approving its opening). A thread with no opening
(possible only in an imported archive) is visible where at least one of its posts is.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import False_, True_

from forum.extensions import db
from forum.models import Forum, ForumModerator, Post, PostKind, PostState, Thread, User
from forum.permissions import can_moderate


class Relation(StrEnum):
    ANYONE = "anyone"
    AUTHOR = "author"  # the post's author (the moderator shown, for on-behalf posts)
    MODERATOR = "moderator"  # a moderator of the post's forum, or the Secretariat


# Only approved posts are public (CONTRACTS.md). Authors see their own pending, rejected
# and hidden posts, each with its notice; moderators see them to decide. A withdrawn post
# is gone for everyone: its author took it back.
SEES: dict[PostState, frozenset[Relation]] = {
    PostState.APPROVED: frozenset({Relation.ANYONE}),
    PostState.PENDING: frozenset({Relation.AUTHOR, Relation.MODERATOR}),
    PostState.REJECTED: frozenset({Relation.AUTHOR, Relation.MODERATOR}),
    PostState.HIDDEN: frozenset({Relation.AUTHOR, Relation.MODERATOR}),
    PostState.WITHDRAWN: frozenset(),
}


def _signed_in(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated and viewer.is_active


# -- the Python reading ------------------------------------------------------------------

def relations(viewer: User | None, author_id: int, moderates: bool) -> frozenset[Relation]:
    """The viewer's relations to a post by `author_id` in a forum they do or do not moderate."""
    found = {Relation.ANYONE}
    if _signed_in(viewer):
        if viewer.id == author_id:
            found.add(Relation.AUTHOR)
        if moderates:
            found.add(Relation.MODERATOR)
    return frozenset(found)


def sees(state: str, held: frozenset[Relation]) -> bool:
    return bool(SEES[PostState(state)] & held)


def may_see_thread(viewer: User | None, thread: Thread) -> bool:
    """The thread exists for `viewer`: its opening is visible (or, lacking one, some post)."""
    moderates = can_moderate(viewer, thread.forum)
    posts = db.session.execute(
        select(Post.kind, Post.state, Post.author_id).where(Post.thread_id == thread.id)
    ).all()
    seen = [sees(p.state, relations(viewer, p.author_id, moderates)) for p in posts]
    openings = [ok for p, ok in zip(posts, seen, strict=True) if p.kind == PostKind.OPENING]
    return all(openings) and any(seen)


def may_see_post(viewer: User | None, post: Post) -> bool:
    """The post's state lets `viewer` see it, and so does its thread."""
    moderates = can_moderate(viewer, post.forum)
    if not sees(post.state, relations(viewer, post.author_id, moderates)):
        return False
    return may_see_thread(viewer, post.thread)


def reply_target(viewer: User | None, post: Post, moderates: bool | None = None) -> Post | None:
    """The post `post` answers, if `viewer` may see it; None otherwise. The target is in the
    same thread (forum/threads/actions.py checks it), whose visibility the reader of `post`
    already has, so only the target's own state decides: a reply to a post later hidden
    names nothing to those who cannot see it, not even its number."""
    target = post.reply_to
    return (target if target is not None and may_see_in_thread(viewer, target, moderates)
            else None)


def may_see_in_thread(viewer: User | None, post: Post, moderates: bool | None = None) -> bool:
    """`post`'s state lets `viewer` see it, for a reader already in its thread. `moderates`:
    whether the viewer moderates its forum, when the caller knows (a page of posts)."""
    if moderates is None:
        moderates = can_moderate(viewer, post.forum)
    return sees(post.state, relations(viewer, post.author_id, moderates))


# -- the SQL reading ---------------------------------------------------------------------

def _moderated_forums(viewer: User | None, forum: Forum | None, post) -> ColumnElement:  # noqa: ANN001
    """SQL for "the viewer moderates the forum of `post`" (a constant when the forum is known)."""
    if not _signed_in(viewer) or viewer.role not in ("moderator", "secretariat"):
        return false()
    if forum is not None:
        return true() if can_moderate(viewer, forum) else false()
    if viewer.role == "secretariat":
        return true()
    return post.forum_id.in_(
        select(ForumModerator.forum_id).where(ForumModerator.user_id == viewer.id))


def state_clause(post, viewer_id, moderates: ColumnElement) -> ColumnElement:  # noqa: ANN001
    """SEES as SQL over the posts table (or an alias of it). `viewer_id` is an id, a bound
    parameter or None (signed out); `moderates` is the SQL for the moderator relation."""
    held = {
        Relation.ANYONE: true(),
        Relation.AUTHOR: post.author_id == viewer_id if viewer_id is not None else false(),
        Relation.MODERATOR: moderates,
    }
    groups: dict[frozenset[Relation], list[str]] = {}
    for state, who in SEES.items():
        if who:
            groups.setdefault(who, []).append(state.value)
    return or_(*(
        and_(post.state.in_(states), or_(*(held[r] for r in sorted(who))))
        for who, states in groups.items()
    ))


def hidden_opening_clause(thread_id, viewer_id, moderates) -> ColumnElement:  # noqa: ANN001
    """SQL: the thread `thread_id` has no opening the viewer may not see."""
    opening = aliased(Post)
    return ~exists(select(opening.id).where(
        opening.thread_id == thread_id, opening.kind == PostKind.OPENING.value,
        ~state_clause(opening, viewer_id, moderates)))


def _viewer_id(viewer: User | None) -> int | None:
    return viewer.id if _signed_in(viewer) else None


def post_clause(viewer: User | None, forum: Forum | None = None) -> ColumnElement:
    """SQL: the state of a row of `posts` lets `viewer` see it (its thread not considered)."""
    return state_clause(Post, _viewer_id(viewer), _moderated_forums(viewer, forum, Post))


def visible_posts_clause(viewer: User | None, forum: Forum | None = None, *,
                         moderates: bool | None = None) -> ColumnElement:
    """SQL: `viewer` may see this row of `posts`, its thread included. Pass `forum` when every
    row belongs to it (the moderator test is then resolved once, in Python), and
    `moderates` when the page already knows whether the viewer moderates that forum."""
    moderates = (_moderated_forums(viewer, forum, Post) if moderates is None or forum is None
                 else true() if moderates and _signed_in(viewer) else false())
    # The moderator relation is a constant (true or false) or, forum unknown, the viewer's
    # forums as a subquery: which one it is, with the viewer's id, decides the clause.
    kind = "subquery" if not isinstance(moderates, (True_, False_)) else \
        "true" if isinstance(moderates, True_) else "false"
    return _visible_clause(_viewer_id(viewer), kind)


@lru_cache(maxsize=1024)
def _visible_clause(viewer_id: int | None, moderates: str) -> ColumnElement:
    """visible_posts_clause, built once per (viewer, moderator relation): building the
    opening's aliased subquery was a third of a signed-in thread page's time and of the
    API's post list (docs/benchmarks.md). SQL expressions are immutable, so one object
    serves every statement and thread; the moderator relation is re-derived per call
    (a role change takes effect at once)."""
    held = {"true": true(), "false": false()}.get(moderates)
    if held is None:
        held = Post.forum_id.in_(
            select(ForumModerator.forum_id).where(ForumModerator.user_id == viewer_id))
    return and_(state_clause(Post, viewer_id, held),
                hidden_opening_clause(Post.thread_id, viewer_id, held))


def public_posts_clause() -> ColumnElement:
    """SQL: the public record (what a signed-out reader sees): counts, digests, feeds."""
    return visible_posts_clause(None)


def visible_threads_clause(viewer: User | None, forum: Forum | None = None) -> ColumnElement:
    """SQL over `threads`: the thread exists for `viewer`."""
    return exists(select(Post.id).where(Post.thread_id == Thread.id,
                                        visible_posts_clause(viewer, forum)))


def thread_is_visible(thread: Thread, viewer: User | None) -> bool:
    """One statement: may `viewer` see `thread` (the SQL reading of may_see_thread)."""
    return bool(db.session.scalar(select(
        select(Post.id).where(Post.thread_id == thread.id,
                              visible_posts_clause(viewer, thread.forum)).exists())))
