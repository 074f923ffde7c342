"""The forum page, search and the archive export send as many SQL statements for a forum of
500 posts as for one of 50 (issue 14: pages constant in the data size; bench/bigdb.py
measures them at 10,000 to 1,000,000 posts). Counts are asserted, never timings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bench.data import add_posts, open_forum, people, thread_of
from bench.measure import statements
from forum.archive.export import export_forum, forum_for_export
from forum.extensions import db
from forum.models import Post
from forum.search.actions import index_posts
from tests.helpers import PASSWORD, login

pytestmark = pytest.mark.db

MOST_STATEMENTS = 20  # a page that needs more has probably grown a loop


def _forum_of(posts: int, moderator, authors):  # noqa: ANN001, ANN202
    """A forum of `posts` approved replies in threads of ten, indexed for search, with a
    pending reply in each thread (the queue) and authors spread over the replies."""
    forum = open_forum([moderator])
    for _ in range(posts // 10):
        thread = thread_of(forum, moderator, title="Lessons on biosafety")
        add_posts(thread, authors, 10, state="approved")
        add_posts(thread, authors[:1], 1, state="pending")
    index_posts(db.session.scalars(select(Post.id).where(Post.forum_id == forum.id)))
    db.session.commit()
    return forum


def _count(client, path: str) -> int:  # noqa: ANN001
    with statements(db.engine) as seen:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return seen.count


def test_forum_page_search_and_export_statements_do_not_grow(app, client):
    moderator, = people(1, "moderator", password=PASSWORD)
    few, many = people(5, password=PASSWORD), people(50, password=PASSWORD)
    forums = {50: _forum_of(50, moderator, few), 500: _forum_of(500, moderator, many)}
    slugs = {n: f.slug for n, f in forums.items()}

    anonymous = {n: _count(client, f"/forums/{f.slug}") for n, f in forums.items()}
    login(client, few[0])  # signed in: anonymous searches are rate-limited
    searches = {n: _count(client, f"/search?q=biosafety&forum={f.slug}")
                for n, f in forums.items()}
    api = {n: _count(client, f"/api/v1/search?q=biosafety&forum={f.slug}&per_page=50")
           for n, f in forums.items()}
    client.post("/logout")
    login(client, moderator)
    moderating = {n: _count(client, f"/forums/{f.slug}") for n, f in forums.items()}
    queue = {n: _count(client, f"/moderation/{f.slug}") for n, f in forums.items()}

    exports = {}
    for n, slug in slugs.items():
        db.session.expunge_all()
        with statements(db.engine) as seen:
            archive = export_forum(forum_for_export(slug))
        # The openings too; every author, the moderator who opened them, read in bulk.
        assert len(archive["posts"]) == n + n // 10 + n // 10
        exports[n] = seen.count

    pages = {"forum page": anonymous, "search page": searches, "search API": api,
             "forum page (moderator)": moderating, "queue": queue}
    for name, counts in pages.items():
        assert len(set(counts.values())) == 1, (name, counts)
        assert max(counts.values()) <= MOST_STATEMENTS, (name, counts)
    # The export reads posts' tags and revisions 500 posts at a time (selectinload), so
    # it grows by two statements per 500 posts; before, it read each person on their own.
    assert exports[500] <= exports[50] + 2 * (600 // 500), exports
