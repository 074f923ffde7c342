"""Searching the public record: matching posts, filtered, ranked, one page of hits.

Whoever asks, only the public record is searched (forum.visibility.public_posts_clause):
moderators find pending posts in their queue, authors theirs on their pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, Post, Thread, User
from forum.search import engine
from forum.search.criteria import Criteria, SearchError
from forum.search.text import has_chinese, plain_text, snippet_html
from forum.visibility import public_posts_clause


@dataclass(frozen=True)
class Hit:
    post_id: int
    number: int | None
    kind: str
    created_at: datetime
    thread_id: int
    thread_title: str
    forum_slug: str
    forum_title: str
    author_id: int
    author_name: str
    country: str | None
    affiliation: str
    snippet: str  # HTML: escaped text, matched words in <mark>


# Matches are counted exactly up to this many; beyond it the total says "more than 1,000".
# Counting every match of a word found in half the posts cost as much as ranking them
# (docs/search.md, "Cost"); a count that stops early costs a fraction of it.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Results:
    criteria: Criteria
    hits: list[Hit]
    total: int  # at most COUNT_CAP
    capped: bool = False  # more matches than `total`

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.criteria.per_page))


def _filters(criteria: Criteria) -> list:
    where = [public_posts_clause()]
    if criteria.forum is not None:
        forum_id = db.session.scalar(select(Forum.id).where(Forum.slug == criteria.forum))
        if forum_id is None:
            raise SearchError(_l("No such forum."), status=404, field="forum")
        where.append(Post.forum_id == forum_id)
    pairs = ((criteria.topic, Thread.topic_id), (criteria.thread, Post.thread_id),
             (criteria.author, Post.author_id), (criteria.country, User.country),
             (criteria.affiliation, User.affiliation), (criteria.kind, Post.kind))
    where.extend(column == value for value, column in pairs if value is not None)
    if criteria.starts is not None:
        where.append(Post.created_at >= criteria.starts)
    if criteria.ends is not None:
        where.append(Post.created_at < criteria.ends)
    return where


def search_posts(criteria: Criteria) -> Results:
    """One page of public posts matching every word of the query, with their snippets."""
    if not criteria.terms:
        return Results(criteria, [], 0)
    found = engine.current().matches(list(criteria.terms))
    matching = (select(Post.id, found.c.score)
                .join(found, found.c.post_id == Post.id)
                .join(Thread, Thread.id == Post.thread_id)
                .join(User, User.id == Post.author_id)
                .where(*_filters(criteria)))
    counted = matching.with_only_columns(Post.id).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    # Ties break by post number (CONTRACTS.md); the id keeps unnumbered imports in order.
    order = ((found.c.score.desc(), Post.number, Post.id) if criteria.sort == "relevance"
             else (Post.created_at.desc(), Post.number.desc(), Post.id.desc()))
    ids = list(db.session.scalars(
        matching.with_only_columns(Post.id).order_by(*order)
        .limit(criteria.per_page).offset((criteria.page - 1) * criteria.per_page)))
    return Results(criteria, _hits(ids, list(criteria.terms)), min(total, COUNT_CAP),
                   capped=total > COUNT_CAP)


def _hits(ids: list[int], terms: list[str]) -> list[Hit]:
    if not ids:
        return []
    marked = engine.current().snippets(db.session, terms, ids)
    rows = {row.id: row for row in db.session.execute(
        select(Post.id, Post.number, Post.kind, Post.created_at, Post.thread_id,
               Thread.title.label("thread_title"), Forum.slug, Forum.title.label("forum_title"),
               Post.author_id, User.name, User.country, User.affiliation, Post.body_html)
        .join(Thread, Thread.id == Post.thread_id).join(Forum, Forum.id == Post.forum_id)
        .join(User, User.id == Post.author_id).where(Post.id.in_(ids)))}
    return [Hit(post_id=i, number=rows[i].number, kind=rows[i].kind,
                created_at=rows[i].created_at, thread_id=rows[i].thread_id,
                thread_title=rows[i].thread_title, forum_slug=rows[i].slug,
                forum_title=rows[i].forum_title, author_id=rows[i].author_id,
                author_name=rows[i].name, country=rows[i].country,
                affiliation=rows[i].affiliation,
                snippet=_snippet(marked.get(i, ""), rows[i].body_html))
            for i in ids]


def _snippet(marked: str, body_html: str) -> str:
    # Segmentation put spaces between Chinese words in the indexed text; the post's own
    # text tells which spaces to take out again (forum.search.text.original_spacing).
    return snippet_html(marked, plain_text(body_html) if has_chinese(marked) else None)
