"""Pages of a large PostgreSQL forum site: latency and SQL statements at growing sizes.

    PYTHONPATH=$PWD python -m bench.bigdb --db postgresql://postgres@127.0.0.1/bench_x \
        --sizes 10000,100000,1000000 --json bench/results/bigdb.json --write

The database given is emptied (its `public` schema dropped): never point it at one that
matters. It is filled the way real data arrives in bulk: synthetic archives of
`--forum-posts` posts each (people shared between forums, 120 threads, about 95 % approved,
3 % pending, 2 % rejected, a tenth of the posts with a Chinese sentence) go through
`forum.archive.load.import_archive`, the code behind `forum import`: checked against the
schema, Markdown rendered, rows inserted a table at a time, public numbers reserved, search
index written by `forum.search.actions.index_posts`. One database grows through the sizes,
and at each size the same pages of the first forum are measured in process with Flask's
test client (no HTTP server: the figures are the app's own time, not the network's), and
the 200 mixed searches of bench/search_bench.py next to a LIKE scan of the same rows.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench import search_bench
from bench.measure import reset_postgres, statements

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 2000  # shared by every forum: participants take part in several
THREADS = 120
PASSWORD = "bench-moderator"


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


def _percentiles(samples: list[float]) -> list[float]:
    ordered = sorted(samples)
    return [ordered[len(ordered) // 2], ordered[max(0, int(len(ordered) * 0.95) - 1)]]


def _time(engine, call, repeat: int) -> dict:  # noqa: ANN001
    """p50/p95 milliseconds of `call` (after one warm-up) and the statements of one call."""
    call()
    with statements(engine) as seen:
        call()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    p50, p95 = _percentiles(samples)
    return {"p50_ms": p50, "p95_ms": p95, "statements": seen.count,
            "writes": len(seen.writes)}


def _get(client, path: str):  # noqa: ANN001, ANN202
    def call() -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    return call


def pages(app, moderator_id: int, repeat: int) -> dict:  # noqa: ANN001
    """The pages of forum 0, measured the same way at every size.

    Requests are made outside any application context, as a server makes them: inside
    one, Flask would reuse it and the signed-in user would stay loaded between requests.
    """
    from sqlalchemy import func, select

    from bench.run import _sign_in_moderator
    from forum.archive.export import dumps, export_forum, forum_for_export
    from forum.extensions import db
    from forum.models import Forum, Post, Thread, User

    with app.app_context():
        engine = db.engine
        forum = db.session.scalar(select(Forum).where(Forum.slug == "forum-0"))
        slug = forum.slug
        thread = db.session.scalar(select(Thread.id).where(Thread.forum_id == forum.id)
                                   .order_by(Thread.id).limit(1))
        replies = db.session.scalar(select(func.count()).select_from(Post).where(
            Post.thread_id == thread, Post.state == "approved"))
        anonymous, moderating = app.test_client(), app.test_client()
        moderator = db.session.get(User, moderator_id)
    with app.app_context():
        _sign_in_moderator(moderating, db.session.get(User, moderator.id))
    measured = {
        f"thread page, anonymous ({replies} posts)": (anonymous, f"/threads/{thread}"),
        f"thread page, moderator ({replies} posts)": (moderating, f"/threads/{thread}"),
        "forum page, anonymous": (anonymous, f"/forums/{slug}"),
        "queue page, moderator": (moderating, f"/moderation/{slug}"),
        "search page, one word, anonymous": (anonymous, "/search?q=lex300"),
        "API post list, 20 posts": (anonymous, f"/api/v1/threads/{thread}/posts"),
        "API post list, 200 posts": (anonymous, f"/api/v1/threads/{thread}/posts?per_page=200"),
    }
    figures = {name: _time(engine, _get(client, path), repeat)
               for name, (client, path) in measured.items()}

    def export() -> None:  # as `forum export` runs it: one app context, one transaction
        with app.app_context():
            dumps(export_forum(forum_for_export(slug)))
            db.session.rollback()

    figures["archive export of the forum (CLI)"] = _time(engine, export, max(3, repeat // 10))
    return figures


def _searches(app, queries: list[dict], like_queries: int) -> dict:  # noqa: ANN001
    with app.app_context():
        search = search_bench._measure(search_bench._search, queries, 1)
        like = search_bench._measure(search_bench._like, queries[:like_queries], 1)
    return {"search": {k: search_bench._percentiles(v) for k, v in search.items()},
            "like": {k: search_bench._percentiles(v) for k, v in like.items()}}


def run(url: str, sizes: list[int], forum_posts: int, repeat: int, keep=None,  # noqa: ANN001
        import_forums: int | None = None, earlier: list[dict] | None = None,
        like_queries: int = 200) -> list[dict]:
    """Grow the site through `sizes`, measuring at each. Forums beyond the first
    `import_forums` are SQL copies of the imported ones (copy_forums). With `earlier`
    results, the database is not emptied: growth resumes where they stopped."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from bench.data import people
    from forum import create_app
    from forum.admin import actions as admin
    from forum.extensions import db
    from forum.models import Forum, User

    if not earlier:
        reset_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False, "PUBLIC_URL": "http://forum.bench",
                      "WTF_CSRF_ENABLED": False})
    queries = search_bench.mixed_queries()
    results, forums, seconds, indexing, moderator_id = list(earlier or []), 0, 0.0, 0.0, 0
    copied, copying = 0, 0.0
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        if earlier:
            last = earlier[-1]
            seconds, indexing = last["import_s"], last["index_s"]
            copied, copying = last.get("copied_forums", 0), last.get("copy_s", 0.0)
            # The database may have grown past the last results (a run stopped while
            # measuring): go on from the forums it holds.
            forums = db.session.scalar(select(func.count()).select_from(Forum).where(
                Forum.slug.like("forum-%")))
            copied += forums - last["forums"]
            moderator_id = db.session.scalar(select(User.id).where(User.role == "moderator"))
    for size in sizes:
        wanted = max(1, size // forum_posts)
        imported = min(wanted, import_forums or wanted)
        search_bench.priority(search_bench.GENERATING)
        with app.app_context():
            if forums < imported:
                took, indexed = grow(forums, imported, forum_posts)
                seconds, indexing = seconds + took, indexing + indexed
            if max(forums, imported) < wanted:
                copying += copy_forums(max(forums, imported), wanted, imported)
                copied += wanted - max(forums, imported)
            if forums == 0:
                moderator, = people(1, "moderator", password=PASSWORD)
                staff = people(1, "secretariat")[0]
                admin.assign_moderator(db.session.scalar(select(Forum).where(
                    Forum.slug == "forum-0")), moderator, acting_user=staff)
                moderator_id = moderator.id
            forums = wanted
            counts = db.session.execute(text(
                "SELECT count(*), count(*) FILTER (WHERE state = 'approved') FROM posts")).one()
            row = {"database": "postgresql", "posts": counts[0], "approved": counts[1],
                   "forums": forums,
                   "people": db.session.scalar(select(func.count()).select_from(User)),
                   "import_s": seconds, "index_s": indexing, "copied_forums": copied,
                   "copy_s": copying,
                   "index_mib": search_bench.index_size(),
                   "database_mib": db.session.scalar(text(
                       "SELECT pg_database_size(current_database())")) / 2**20}
        search_bench.priority(search_bench.MEASURING)
        row["before"] = search_bench.conditions()
        row["pages"] = pages(app, moderator_id, repeat)
        if like_queries >= 0:  # -1: pages only
            row |= _searches(app, queries, like_queries)
            row["like_queries"] = min(like_queries, len(queries))
        row["after"] = search_bench.conditions()
        results.append(row)
        print(json.dumps(row), flush=True)
        if keep:
            keep(results)
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    from bench import bigdb_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL whose schema may go")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--forum-posts", type=int, default=10_000)
    parser.add_argument("--import-forums", type=int,
                        help="import this many forums, make the rest by SQL copies of them")
    parser.add_argument("--like-queries", type=int, default=200,
                        help="how many of the 200 searches the LIKE scan repeats "
                             "(-1: no searches, pages only)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the database and the --json results, grow from there")
    parser.add_argument("--repeat", type=int, default=50, help="requests per page and size")
    parser.add_argument("--json", type=Path, help="write the results to this JSON file "
                        "(bench/results/bigdb.json for docs/benchmarks.md)")
    parser.add_argument("--write", action="store_true",
                        help="rewrite the sections of docs/benchmarks.md from --json")
    args = parser.parse_args()
    url = args.db.replace("postgresql://", "postgresql+psycopg://", 1)

    def keep(results: list[dict]) -> None:  # after each size: a long run keeps what it has
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n")
        if args.write:
            bigdb_report.write_sections()

    earlier = json.loads(args.json.read_text()) if args.resume else None
    results = run(url, sorted(int(s) for s in args.sizes.split(",")), args.forum_posts,
                  args.repeat, keep if args.json else None, args.import_forums, earlier,
                  args.like_queries)
    print("\n".join(bigdb_report.bigdb_lines(results)))


if __name__ == "__main__":
    main()
