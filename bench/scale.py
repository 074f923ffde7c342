"""Throughput on PostgreSQL (issue 14 §2): the 150-post thread page signed in and
anonymous and the API's list of those posts, side by side with the naive page; then 1, 2
and 4 gunicorn instances behind one PostgreSQL and one Redis.

    python -m bench.scale --postgres postgresql://postgres@127.0.0.1:5432
                          [--redis redis://127.0.0.1:6379/9] [--seconds 5] [--rounds 3]
                          [--instances 1,2,4] [--no-write]

A scratch database is created on that server (migrations, the seed, bench/run.py's
forums) and dropped afterwards. `make bench BENCH_POSTGRES=…` runs this after bench.run.
Its section of docs/benchmarks.md is written by bench/report.py's `scale_lines`, between
markers, so bench.run (which rewrites the rest of the file) keeps it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import requests

from bench import report
from bench.load import scratch_database
from bench.measure import throughput
from bench.server import forum_command, gunicorn, server_env
from bench.wrkkit import POST_AND_APPROVE, DatabaseClock, wrk_many

PASSWORD = "bench-participant"


def build(url: str, tmp: Path) -> dict:
    """bench/run.py's forums, plus a signed-in reader and a thread to post into."""
    from bench.data import people, thread_of
    from bench.run import build as build_forums
    from forum import create_app
    from forum.auth.actions import create_api_token
    from forum.extensions import db
    from forum.models import Forum, User

    facts = build_forums(url, tmp)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True,
                      "MAIL_OUTBOX": str(tmp / "outbox"), "RATELIMIT_ENABLED": False})
    with app.app_context():
        reader, = people(1, password=PASSWORD)
        forum = db.session.query(Forum).filter_by(slug="bench").one()
        moderator = forum.moderators[0]
        facts["reader"] = reader.email
        facts["reader_token"] = create_api_token(reader, "bench")
        facts["post_thread"] = thread_of(forum, db.session.get(User, moderator.id),
                                         title="Posting").id
        db.engine.dispose()
    return facts


def sign_in(base: str, email: str) -> str:
    """The Cookie header of a participant signed in through the login form."""
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": email, "password": PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    answer = session.post(f"{base}/login", data=data, allow_redirects=False, timeout=30)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")
    # A first page makes the session's CSRF secret, as a browser's first page after signing
    # in does; the browser keeps the cookie that carries it, and so does this one.
    session.get(f"{base}/", timeout=30)
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def side_by_side(env: dict, tmp: Path, facts: dict, seconds: float, rounds: int) -> dict:
    """gunicorn -w2 for the app and the baseline, wrk -c8, every page once per round."""
    t150 = facts["threads"][150]
    with ExitStack() as stack:
        app = stack.enter_context(gunicorn("forum:create_app()", env, tmp, workers=2,
                                           name="app"))
        base = stack.enter_context(gunicorn("bench.baseline:create_app()", env, tmp,
                                            workers=2, name="baseline", ready_path="/minimal"))
        cookie = sign_in(app.base, facts["reader"])
        pages = {
            "naive page, 150 posts": (f"{base.base}/naive/{t150}", {}),
            "thread page, anonymous": (f"{app.base}/threads/{t150}", {}),
            "thread page, signed in": (f"{app.base}/threads/{t150}", {"Cookie": cookie}),
            "API list, no token": (f"{app.base}/api/v1/threads/{t150}/posts?per_page=150", {}),
            "API list, participant's token": (
                f"{app.base}/api/v1/threads/{t150}/posts?per_page=150",
                {"Authorization": f"Bearer {facts['reader_token']}"}),
        }
        for url, headers in pages.values():
            for _ in range(4):  # every worker has the page once before timing
                answer = requests.get(url, headers=headers, timeout=60)
                assert answer.status_code == 200 and "/login" not in answer.url, url
        runs: dict[str, list] = {name: [] for name in pages}
        for _ in range(rounds):
            for name, (url, headers) in pages.items():
                runs[name].append(throughput(url, seconds=seconds, headers=headers))
    naive = runs["naive page, 150 posts"]
    return {name: {"rps": [r.rps for r in results],
                   "latency": [r.latency_ms for r in results],
                   "errors": sum(r.errors for r in results),
                   "ratios": [r.rps / n.rps for r, n in zip(results, naive, strict=True)]}
            for name, results in runs.items()}


def scale_out(env: dict, tmp: Path, facts: dict, db_url: str, seconds: float, rounds: int,
              counts: list[int], only: str | None = None) -> dict:
    """N instances (gunicorn -w2 each) on N ports, one database, one Redis; wrk -c8 in all."""
    t150 = facts["threads"][150]
    script = tmp / "post_and_approve.lua"
    clock = DatabaseClock(db_url)
    figures: dict = {}
    try:
        for n in counts:
            with ExitStack() as stack:
                servers = [stack.enter_context(gunicorn("forum:create_app()", env, tmp,
                                                        workers=2, name=f"scale{n}-{i}"))
                           for i in range(n)]
                bases = [s.base for s in servers]
                cookie = sign_in(bases[0], facts["reader"])
                lua = POST_AND_APPROVE
                for name, value in (("__THREAD__", facts["post_thread"]),
                                    ("__PARTICIPANT__", facts["reader_token"]),
                                    ("__MODERATOR__", facts["token"]), ("__TAG__", n)):
                    lua = lua.replace(name, str(value))
                script.write_text(lua)
                loads = {
                    "thread page, anonymous": ([f"{b}/threads/{t150}" for b in bases], {}, None),
                    "thread page, signed in": ([f"{b}/threads/{t150}" for b in bases],
                                               {"Cookie": cookie}, None),
                    "API list (150 posts)": (
                        [f"{b}/api/v1/threads/{t150}/posts?per_page=150" for b in bases],
                        {}, None),
                    "post + approve (API)": ([b for b in bases], {}, script),
                }
                for urls, headers, lua in loads.values():  # warm every worker
                    if lua is None:
                        for url in urls * 4:
                            requests.get(url, headers=headers, timeout=60)
                for name, (urls, headers, lua) in loads.items():
                    if only and name != only:
                        continue
                    results = []
                    for _ in range(rounds):
                        before = clock.read()
                        load = wrk_many(urls, seconds=seconds, headers=headers, script=lua)
                        spent = clock.read() - before
                        results.append((load, spent / max(1, load.requests)))
                    results.sort(key=lambda r: r[0].rps)
                    load, db_ms = results[len(results) // 2]
                    figures[(n, name)] = {"rps": load.rps, "latency": load.latency_ms,
                                          "errors": load.errors, "db_ms": db_ms,
                                          "all": [r[0].rps for r in results]}
    finally:
        clock.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", required=True,
                        help="a PostgreSQL server, postgresql://user@host:port (a scratch "
                             "database is made there)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instances", default="1,2,4")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--only", help="one workload of the instances table (e.g. 'post + "
                        "approve (API)'), without the side-by-side part; nothing written")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="forum-scale-") as name, \
            scratch_database("postgresql", Path(name), args.postgres) as url:
        tmp = Path(name)
        env = server_env(url, tmp, FORUM_WTF_CSRF_ENABLED="true", FORUM_REDIS_URL=args.redis)
        forum_command("db", "upgrade", env=env)
        forum_command("seed", env=env)
        print("building the benchmark data ...", file=sys.stderr)
        facts = build(url, tmp)
        print("side by side with the naive page ...", file=sys.stderr)
        sides = {} if args.only else side_by_side(env, tmp, facts, args.seconds, args.rounds)
        print(report.scale_lines(sides, {}, [], seconds=args.seconds, rounds=args.rounds),
              file=sys.stderr)
        print("1, 2 and 4 instances ...", file=sys.stderr)
        counts = [int(n) for n in args.instances.split(",") if n]
        scale = scale_out(env, tmp, facts, url, args.seconds, args.rounds, counts, args.only)
    text = report.scale_lines(sides, scale, counts, seconds=args.seconds, rounds=args.rounds)
    print(text)
    if not args.no_write and not args.only:
        report.write_section(report.SCALE_MARK, text)
        print(f"written to {report.DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
