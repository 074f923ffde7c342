"""Review rounds of a forum's draft digest: who may take part, the open round, and where each
comment belongs in the draft as regenerated now.

A comment records the paragraph's key and the public numbers of its sources. On regeneration
it goes to the paragraph with the same key; failing that, to the paragraph of the same place
sharing most of those sources (as an override does, synthesis/overrides.py, except that any
number of comments may share a paragraph); failing that, it is listed under "comments on
paragraphs no longer in the draft".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.clock import now
from forum.extensions import db
from forum.models import DigestComment, DigestReview, Forum, User
from synthesis.overrides import cited, numbers_of, place_of, places
from synthesis.types import Report

COMMENT_LIMIT = 5000  # characters of one comment


def open_review(forum: Forum) -> DigestReview | None:
    """The forum's round still open now (neither closed nor past its end), if any."""
    found = db.session.scalar(
        select(DigestReview).where(DigestReview.forum_id == forum.id,
                                   DigestReview.closed_at.is_(None))
        .order_by(DigestReview.opened_at.desc(), DigestReview.id.desc()).limit(1))
    return found if found is not None and found.is_open_at(now()) else None


def reviews_of(forum: Forum) -> list[DigestReview]:
    """Oldest first."""
    return list(db.session.scalars(
        select(DigestReview).where(DigestReview.forum_id == forum.id)
        .order_by(DigestReview.opened_at, DigestReview.id)))


def comments_of(forum: Forum, *, author: User | None = None) -> list[DigestComment]:
    """Every round's comments (or one author's), in the order they were made."""
    query = (select(DigestComment).join(DigestReview)
             .where(DigestReview.forum_id == forum.id)
             .options(selectinload(DigestComment.author))
             .order_by(DigestComment.created_at, DigestComment.id))
    if author is not None:
        query = query.where(DigestComment.author_id == author.id)
    return list(db.session.scalars(query))


@dataclass
class Placed:
    """Comments arranged for a page: by the key of the paragraph they now belong to, on the
    whole draft, and on paragraphs no longer in the draft."""

    by_key: dict[str, list] = field(default_factory=dict)
    general: list = field(default_factory=list)
    lost: list = field(default_factory=list)

    def on(self, key: str) -> list:
        return self.by_key.get(key, [])

    def open_count(self, key: str) -> int:
        return sum(1 for c in self.on(key) if c.addressed_at is None)


def place_comments(report: Report, comments: Iterable) -> Placed:
    """Where each comment belongs in `report` (objects with `key` and `sources`; pure)."""
    numbers = numbers_of(report)
    slots = [(place, p.key, set(cited(p, numbers))) for place, ps in places(report) for p in ps]
    keys = {key for _, key, _ in slots}
    out = Placed()
    for comment in comments:
        if comment.key is None:
            out.general.append(comment)
            continue
        home = comment.key if comment.key in keys else _nearest(comment, slots)
        if home is None:
            out.lost.append(comment)
        else:
            out.by_key.setdefault(home, []).append(comment)
    return out


def _nearest(comment, slots) -> str | None:
    mine = set(comment.sources or ())
    best = None
    for index, (place, key, theirs) in enumerate(slots):
        shared = mine & theirs
        if shared and place == place_of(comment.key):
            rank = (-len(shared), len(mine | theirs), index)
            if best is None or rank < best[0]:
                best = (rank, key)
    return best[1] if best else None
