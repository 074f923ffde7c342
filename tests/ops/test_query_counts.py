"""SQL statements per page do not grow with the number of posts (no N+1), and reading
never writes. Counts are asserted, never timings (bench/ measures those)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench.data import add_posts, open_forum, people, thread_of
from bench.measure import statements
from forum.clock import now
from forum.extensions import db
from forum.models import Post
from tests.helpers import PASSWORD, enrol_mfa, login, token_for

pytestmark = pytest.mark.db

SIZES = (1, 50, 500)
MOST_STATEMENTS = 15  # a page that needs more than this has probably grown a loop


def _count(client, path: str, **kwargs) -> int:
    with statements(db.engine) as seen:
        response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return seen.count


def _threads_of_sizes(moderator, authors) -> tuple:
    forum = open_forum([moderator])
    threads = {}
    for size in SIZES:
        threads[size] = thread_of(forum, moderator, title=f"{size} replies")
        add_posts(threads[size], authors, size, state="approved")
    return forum, threads


def test_thread_page_statements_do_not_grow_with_posts(app, client):
    moderator, = people(1, "moderator", password=PASSWORD)
    authors = people(12, password=PASSWORD)
    forum, threads = _threads_of_sizes(moderator, authors)
    reader = authors[0]
    for thread in threads.values():  # the reader also sees her own pending post, on page 1
        add_posts(thread, [reader], 1, state="pending", start=now() - timedelta(days=20))

    anonymous = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}
    login(client, reader)
    participant = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}
    api = {n: _count(client, f"/api/v1/threads/{t.id}/posts?per_page=200")
           for n, t in threads.items()}
    client.post("/logout")
    login(client, moderator)
    moderating = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}

    for counts in (anonymous, participant, api, moderating):
        assert len(set(counts.values())) == 1, counts
        assert max(counts.values()) <= MOST_STATEMENTS, counts


def test_thread_page_statements_do_not_grow_with_replies_and_participants(app, client):
    """Issue 13, part 2: every reply answers an earlier post (some of them hidden since),
    the participants' table of contents and the jump to the latest message are on the
    page; still the same statements whatever the thread's length, for every reader."""
    moderator, = people(1, "moderator", password=PASSWORD)
    authors = people(12, password=PASSWORD)
    forum, threads = _threads_of_sizes(moderator, authors)
    reader = authors[0]
    for thread in threads.values():
        posts = db.session.scalars(select(Post).where(Post.thread_id == thread.id)
                                   .order_by(Post.created_at, Post.id)).all()
        for earlier, later in zip(posts, posts[1:], strict=False):
            later.reply_to_id = earlier.id
        for hidden in posts[2::7]:  # (the one-reply thread keeps two visible posts)
            hidden.state = "hidden"
        own = add_posts(thread, [reader], 1, state="pending", start=now() - timedelta(days=20))
        own[0].reply_to_id = posts[-1].id
        db.session.commit()

    anonymous = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}
    paged = {n: _count(client, f"/threads/{t.id}?per_page=20&page=1")
             for n, t in threads.items()}
    login(client, reader)
    participant = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}
    api = {n: _count(client, f"/api/v1/threads/{t.id}/posts?per_page=200")
           for n, t in threads.items()}
    client.post("/logout")
    login(client, moderator)
    moderating = {n: _count(client, f"/threads/{t.id}") for n, t in threads.items()}

    for counts in (anonymous, paged, participant, api, moderating):
        assert len(set(counts.values())) == 1, counts
        assert max(counts.values()) <= MOST_STATEMENTS, counts


def test_queue_page_statements_do_not_grow_with_pending_posts(app, client):
    moderator, = people(1, "moderator", password=PASSWORD)
    authors = people(12, password=PASSWORD)
    forums = {}
    for size in SIZES:
        forums[size] = open_forum([moderator])
        add_posts(thread_of(forums[size], moderator), authors, size, state="pending")
    login(client, moderator)
    pages = {n: _count(client, f"/moderation/{f.slug}") for n, f in forums.items()}
    headers = token_for(moderator)
    api = {n: _count(client, f"/api/v1/forums/{f.slug}/queue?per_page=200", headers=headers)
           for n, f in forums.items()}
    for counts in (pages, api):
        assert len(set(counts.values())) == 1, counts
        assert max(counts.values()) <= MOST_STATEMENTS, counts


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_reading_never_writes(app, client):
    moderator, = people(1, "moderator", password=PASSWORD)
    authors = people(4, password=PASSWORD)
    forum, threads = _threads_of_sizes(moderator, authors)
    add_posts(threads[50], authors[:1], 3, state="pending")
    thread = threads[50]
    pages = ["/", f"/forums/{forum.slug}", f"/threads/{thread.id}",
             f"/threads/{thread.id}/print", f"/threads/{thread.id}?page=2&per_page=20",
             "/api/v1/forums", f"/api/v1/forums/{forum.slug}",
             f"/api/v1/forums/{forum.slug}/threads", f"/api/v1/threads/{thread.id}/posts"]
    enrol_mfa(moderator)  # before counting: enrolling writes (its key, backup codes, audit)
    before = _row_counts()
    db.session.commit()

    writes = []
    for who in (None, authors[0], moderator):
        if who is not None:
            client.post("/logout")
            login(client, who)
        extra = [f"/moderation/{forum.slug}"] if who is moderator else []
        headers = token_for(who) if who else {}
        db.session.commit()
        for path in pages + extra:
            with statements(db.engine) as seen:
                response = client.get(path, headers=headers if "/api/" in path else {})
            assert response.status_code == 200, path
            writes += [(path, sql) for sql in seen.writes]
    assert writes == []
    after = _row_counts()
    # Only sign-ins (sessions) and the test's own tokens were added meanwhile.
    assert {k: v for k, v in after.items() if k not in ("user_sessions", "api_tokens")} == \
           {k: v for k, v in before.items() if k not in ("user_sessions", "api_tokens")}
