"""How the large-database bench fills its site (bench/bigdb.py): forums imported through
`forum import`'s code, and SQL copies of them where importing would take hours."""

from __future__ import annotations

import json
import random
import time
from datetime import datetime, timedelta

from bench import search_bench

PEOPLE = 2000  # shared by every forum: participants take part in several
THREADS = 120


def archive(number: int, posts: int) -> dict:
    """Forum `number` of the site as an archive (the same bytes for the same arguments)."""
    rng = random.Random(number)
    start = datetime(2014, 3, 1) + timedelta(days=number)
    iso = lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    countries = search_bench.COUNTRIES
    people = [{"key": f"p{i}", "name": f"Person {i}", "country": countries[i % len(countries)],
               "organization": "Ministry of Environment"} for i in range(PEOPLE)]
    topics = [{"key": f"t{i}", "title": f"Topic {i}", "description": "Guiding *text*."}
              for i in range(6)]
    threads = [{"key": f"th{i}", "title": f"Thread {i} on {rng.choice(search_bench.WORDS)}",
                "author": "p0", "topic": f"t{i % 6}", "questions": ["What worked?"]}
               for i in range(THREADS)]
    items, audit = [], []
    for i in range(posts):
        at = start + timedelta(seconds=i * 30)
        # Each thread's opening (its first post) is approved, so every thread is public.
        state = "approved" if i < THREADS else rng.choices(
            ("approved", "pending", "rejected"), (95, 3, 2))[0]
        items.append({"key": f"post-{i}", "thread": f"th{i % THREADS}", "state": state,
                      "author": f"p{rng.randrange(PEOPLE)}", "body": search_bench._body(rng),
                      "created_at": iso(at)})
        if state != "pending":
            audit.append({"at": iso(at + timedelta(minutes=20)), "actor": "p0",
                          "action": f"post.{'approve' if state == 'approved' else 'reject'}",
                          "target_type": "post", "target": f"post-{i}"})
    return {"format": "forum-archive", "version": 1,
            "forum": {"slug": f"forum-{number}", "title": f"Forum {number}",
                      "objective": "To *measure*.", "opens_at": iso(start),
                      "closes_at": iso(start + timedelta(days=400))},
            "topics": topics, "threads": threads, "people": people, "posts": items,
            "audit": audit}


def grow(first_forum: int, forums: int, posts: int) -> tuple[float, float]:
    """Import forums `first_forum` .. `forums` - 1; seconds spent in all and in indexing."""
    from sqlalchemy import text

    from forum.archive.load import import_archive
    from forum.archive.validate import parse_text
    from forum.database import write_intent
    from forum.extensions import db
    from forum.search import actions as search_index

    spent = {"index": 0.0}
    index_posts = search_index.index_posts

    def timed(post_ids) -> None:  # noqa: ANN001
        began = time.perf_counter()
        index_posts(post_ids)
        spent["index"] += time.perf_counter() - began

    search_index.index_posts = timed
    began = time.perf_counter()
    try:
        for number in range(first_forum, forums):
            with write_intent():
                result = import_archive(parse_text(json.dumps(archive(number, posts))))
            assert result.changed, result.message
    finally:
        search_index.index_posts = index_posts
    # Planner statistics, as autovacuum would gather them after a bulk load.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return time.perf_counter() - began, spent["index"]


def _columns(table: str, **replace: str) -> tuple[str, str]:
    """The column list of `table` (its id left out) and the same list to SELECT, with some
    columns replaced by SQL expressions."""
    from forum.extensions import db

    names = [c.name for c in db.metadata.tables[table].columns if c.name != "id"]
    return (", ".join(names), ", ".join(replace.get(n, f"{table}.{n}") for n in names))


def copy_forums(first: int, forums: int, sources: int) -> float:
    """Forums `first` .. `forums` - 1 as copies, in SQL, of the imported forums 0 ..
    `sources` - 1: the forum, its topics, threads, posts (public numbers moved past every
    imported one) and search documents (their tsvectors copied, not computed again).
    Audit entries are not copied. Seconds spent."""
    from sqlalchemy import text

    from forum.extensions import db

    began = time.perf_counter()
    for number in range(first, forums):
        source = f"forum-{number % sources}"
        params = {"source": source, "slug": f"forum-{number}", "offset": 100_000 * number}
        names, values = _columns("forums", slug=":slug")
        new = db.session.scalar(text(f"INSERT INTO forums ({names}) SELECT {values} FROM forums "
                                     "WHERE slug = :source RETURNING id"), params)
        old = db.session.scalar(text("SELECT id FROM forums WHERE slug = :source"), params)
        ids = {"new": new, "old": old, "offset": params["offset"]}
        for table, replace, joins in (
            ("topics", {"forum_id": ":new"}, ""),
            ("threads", {"forum_id": ":new", "topic_id": "nt.id"},
             "LEFT JOIN topics ot ON ot.id = threads.topic_id "
             "LEFT JOIN topics nt ON nt.forum_id = :new AND nt.key = ot.key"),
            ("posts", {"forum_id": ":new", "thread_id": "nt.id", "idempotency_key": "NULL",
                       "number": "posts.number + :offset"},
             "JOIN threads ot ON ot.id = posts.thread_id "
             "JOIN threads nt ON nt.forum_id = :new AND nt.key = ot.key"),
        ):
            names, values = _columns(table, **replace)
            db.session.execute(text(f"INSERT INTO {table} ({names}) SELECT {values} "
                                    f"FROM {table} {joins} WHERE {table}.forum_id = :old"), ids)
        db.session.execute(text(
            "INSERT INTO search_documents (post_id, config, title, subject, body, document) "
            "SELECT np.id, d.config, d.title, d.subject, d.body, d.document "
            "FROM search_documents d JOIN posts op ON op.id = d.post_id "
            "JOIN posts np ON np.forum_id = :new AND np.key = op.key "
            "WHERE op.forum_id = :old"), ids)
        db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return time.perf_counter() - began
