"""The API's list of a thread's posts for callers who do not moderate its forum: one
prebuilt Core statement and plain dicts, no ORM objects.

Integrators read this list far more often than anything else in the API. Through the ORM
it cost six statements (the token's user aside) and 150 `Post` objects with their authors
per page, and building the visibility clause per request cost as much again: it ran at
half the naive page's throughput (docs/benchmarks.md). Here the rows come in one
statement built once with bound parameters (the page, the viewer, the thread), the total
riding on every row as an uncorrelated subquery, as queries.public_page does for the
thread page. What a caller sees is still decided by forum/visibility.py's SEES table
(state_clause and hidden_opening_clause, with the moderator relation false): the same
clause the ORM path used. Moderators keep the ORM path (tags, reasons of every post).

The dicts are the same as serialize.post's, key for key (tests/api/test_post_list_fast.py
compares both paths on every state a reader may see).
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, false, func, select

from forum.clock import iso
from forum.extensions import db
from forum.models import Post, User
from forum.visibility import hidden_opening_clause, state_clause

_PERSON = ("id", "title", "name", "country", "organization", "affiliation")
_POST = ("id", "number", "state", "kind", "thread_id", "subject", "body", "body_html",
         "version", "created_at", "approved_at", "moderation_reason")


class Listing(NamedTuple):
    items: str  # the JSON array of the page's posts
    total: int


@cache
def _statement(signed_in: bool) -> Select:
    posts = Post.__table__
    author, staff = User.__table__.alias("author"), User.__table__.alias("staff")
    viewer = bindparam("viewer") if signed_in else None
    where = and_(posts.c.thread_id == bindparam("thread"),
                 state_clause(posts.c, viewer, false()),
                 hidden_opening_clause(bindparam("thread"), viewer, false()))
    total = select(func.count(posts.c.id)).where(where).scalar_subquery()
    # The post a reply answers, named only if the caller may see it (visibility.reply_target:
    # the target's own state decides, an author's own pending target included).
    target = posts.alias("target")
    return (
        select(*(posts.c[name] for name in _POST), *(author.c[name] for name in _PERSON),
               *(staff.c[name] for name in _PERSON), target.c.id, target.c.number, total)
        .join(author, author.c.id == posts.c.author_id)
        .outerjoin(staff, staff.c.id == posts.c.posted_by_id)
        .outerjoin(target, and_(target.c.id == posts.c.reply_to_id,
                                state_clause(target.c, viewer, false())))
        .where(where)
        .order_by(posts.c.created_at, posts.c.id)
        .limit(bindparam("limit")).offset(bindparam("offset"))
    )


def _person(row: tuple, start: int) -> dict:
    return dict(zip(_PERSON, row[start:start + len(_PERSON)], strict=True))


def _item(row: tuple) -> dict:
    data = {
        "id": row[0], "number": row[1], "status": row[2], "kind": row[3],
        "thread_id": row[4], "subject": row[5], "body": row[6], "body_html": row[7],
        "version": row[8], "created_at": iso(row[9]), "approved_at": iso(row[10]),
        "author": _person(row, 12),
        "posted_by": _person(row, 18) if row[18] is not None else None,
        "reply_to": {"id": row[24], "number": row[25]} if row[24] is not None else None,
    }
    if row[2] == "rejected":  # the author reads why (serialize.post)
        data["reason"] = row[11]
    return data


def thread_posts(thread_id: int, viewer: User | None, page: int,
                 per_page: int) -> Listing | None:
    """A page of the thread as a caller who does not moderate its forum sees it, or None
    if the thread does not exist for them (no post of it is visible)."""
    signed_in = viewer is not None
    rows = db.session.execute(_statement(signed_in), {
        "thread": thread_id, "viewer": viewer.id if signed_in else None,
        "limit": per_page, "offset": (page - 1) * per_page}).all()
    if rows:
        return Listing(_items(tuple(tuple(row[:-1]) for row in rows)), rows[0][-1])
    if page == 1:
        return None
    # Past the last page: the thread may still exist, with a total to say so.
    total = db.session.scalar(select(func.count()).select_from(
        _statement(signed_in).limit(None).offset(None).order_by(None).subquery()), {
        "thread": thread_id, "viewer": viewer.id if signed_in else None})
    return Listing("[]", total) if total else None


# A page's JSON is a pure function of its rows (every field shown is in them, the reason
# of a rejected post and the answered post included): kept per worker, keyed by the rows
# themselves, as forum/forums/fragments.py keeps rendered articles. Any change (an edit,
# an approval, a renamed author) makes a new key: nothing to invalidate. Only approved
# posts are kept: an author may edit a pending post as often as they like, and each edit
# would otherwise pin another copy of it (and of its page) in every worker's memory.
CACHED_PAGES = 32  # per worker; a 150-post page and its key are about 500 KB


def _items(rows: tuple[tuple, ...]) -> str:
    if all(row[2] == "approved" for row in rows):
        return _approved_items(rows)
    return "[" + ",".join(_item_json(row) if row[2] == "approved" else _dumps(row)
                          for row in rows) + "]"


@lru_cache(maxsize=CACHED_PAGES)
def _approved_items(rows: tuple[tuple, ...]) -> str:
    return "[" + ",".join(_item_json(row) for row in rows) + "]"


@lru_cache(maxsize=4096)
def _item_json(row: tuple) -> str:
    return _dumps(row)


def _dumps(row: tuple) -> str:
    # As Flask's jsonify writes it (sorted keys, compact): the same bytes either way.
    return json.dumps(_item(row), sort_keys=True, separators=(",", ":"))


def clear() -> None:
    _approved_items.cache_clear()
    _item_json.cache_clear()
