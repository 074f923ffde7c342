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
With `--import-forums N`, forums past the first N are SQL copies of them (hours of import
saved; bench/bigdb_data.py); `--resume` grows a database a stopped run left.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench import search_bench
from bench.bigdb_data import copy_forums, grow
from bench.measure import reset_postgres, statements

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-moderator"


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
