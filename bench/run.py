"""`make bench`: the forum's figures as ratios to baselines measured in the same run, on
the same server settings (gunicorn, 2 workers, SQLite in WAL mode), written to
docs/benchmarks.md.

    python -m bench.run [--seconds 5] [--rounds 3] [--digest-limit 900]
                        [--sizes 1000,10000,100000] [--no-write] [--no-load]
                        [--postgres postgresql://user@host:port] (and bench.load's options)
    python -m bench.run --pages-only [--compare-with DIR] [--rounds 5]

First the load run (bench/load.py: 50 participants, 3 moderators, gunicorn with 4 workers;
also on PostgreSQL with --postgres), then the benchmarks. --pages-only measures only the
thread pages' throughput and prints it; --compare-with serves another tree of the forum
(e.g. `git archive <commit> | tar -x -C DIR`) alongside, each of its pages measured right
after the same page of this tree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import requests
from sqlalchemy import func, select

from bench import bigdb_report, digest_bench, load, report
from bench.data import add_posts, open_forum, people, sample_bodies, thread_of
from bench.measure import sequential_latency, statements, throughput, wrk_available
from bench.report import BEFORE
from bench.server import forum_command, gunicorn, server_env

SIZES = (1, 50, 500)


def build(url: str, tmp: Path) -> dict:
    """The benchmark's forums and threads, in the database at `url` (seed already loaded)."""
    from forum import create_app
    from forum.auth.actions import create_api_token
    from forum.extensions import db
    from forum.models import Forum, Post

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True,
                      "MAIL_OUTBOX": str(tmp / "outbox"), "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    facts: dict = {}
    with app.app_context():
        moderator, = people(1, "moderator", password="bench-moderator")
        authors = people(30)
        bodies = sample_bodies()
        forum = open_forum([moderator], slug="bench")
        threads = {}
        for size in (1, 50, 150, 500):
            threads[size] = thread_of(forum, moderator, title=f"{size} replies")
            add_posts(threads[size], authors, size, state="approved", bodies=bodies)
        queues = {}
        for size in SIZES:
            queues[size] = open_forum([moderator])
            add_posts(thread_of(queues[size], moderator), authors, size, state="pending",
                      bodies=bodies)
        approvals = open_forum([moderator])
        facts["to_approve"] = [p.id for p in add_posts(
            thread_of(approvals, moderator), authors, 100, state="pending", bodies=bodies)]
        seed = db.session.scalar(select(Forum.id).where(Forum.slug == "cbforum2014"))
        facts["longest"], facts["longest_posts"] = db.session.execute(
            select(Post.thread_id, func.count()).where(Post.forum_id == seed,
                                                       Post.state == "approved")
            .group_by(Post.thread_id).order_by(func.count().desc()).limit(1)).one()
        facts["threads"] = {size: t.id for size, t in threads.items()}
        facts["token"] = create_api_token(moderator, "bench")
        facts["words_per_post"] = sum(len(b.split()) for b in bodies) / len(bodies)
        facts["queries"] = _query_counts(app, db, moderator, threads, queues)
        facts["get_writes"] = _writes_on_get(app, db, moderator, forum, threads[50])
        db.engine.dispose()
    return facts


def _count(db, client, path: str) -> int:
    with statements(db.engine) as seen:
        assert client.get(path).status_code == 200, path
    return seen.count


def _sign_in_moderator(client, moderator) -> None:
    """Moderators sign in with a second factor (docs/security.md): set it up once with a
    fresh key, then give the password and a code the account has not used yet."""
    import pyotp

    from forum.extensions import db
    from forum.mfa import actions as mfa

    if not mfa.has_mfa(moderator):
        secret = mfa.start_enrolment(moderator)
        mfa.enrol(moderator, code=pyotp.TOTP(secret).generate_otp(mfa.time_step()),
                  password="bench-moderator")
    # Bench setup, not a rule being measured: let the current step's code be used again.
    moderator.totp_last_step = None
    db.session.commit()
    client.post("/login", data={"email": moderator.email, "password": "bench-moderator"})
    response = client.post("/mfa/verify", data={
        "code": pyotp.TOTP(moderator.totp_secret).generate_otp(mfa.time_step())})
    assert response.status_code == 302, response.status_code


def _query_counts(app, db, moderator, threads, queues) -> dict:
    def replies(n: int) -> str:
        return f"{n} {'reply' if n == 1 else 'replies'}"

    client = app.test_client()
    client.get("/")  # the first request of a process loads what later ones reuse
    counts = {f"thread page, anonymous ({replies(n)})": _count(db, client,
                                                               f"/threads/{threads[n].id}")
              for n in SIZES}
    _sign_in_moderator(client, moderator)
    counts |= {f"thread page, moderator ({replies(n)})": _count(db, client,
                                                                f"/threads/{threads[n].id}")
               for n in SIZES}
    counts |= {f"queue page ({n} pending)": _count(db, client, f"/moderation/{queues[n].slug}")
               for n in SIZES}
    return counts


def _writes_on_get(app, db, moderator, forum, thread) -> tuple[int, int]:
    """(GET requests made, write statements seen) as anonymous and as a moderator."""
    pages = ["/", f"/forums/{forum.slug}", f"/threads/{thread.id}", "/api/v1/forums",
             f"/api/v1/threads/{thread.id}/posts", f"/moderation/{forum.slug}"]
    client, made, writes = app.test_client(), 0, 0
    for signed_in in (False, True):
        if signed_in:
            _sign_in_moderator(client, moderator)
        for path in pages:
            with statements(db.engine) as seen:
                client.get(path)
            made, writes = made + 1, writes + len(seen.writes)
    return made, writes


def serve_and_measure(url: str, tmp: Path, facts: dict, seconds: float,
                      rounds: int, before: Path | None = None,
                      pages_only: bool = False) -> dict:
    env = server_env(url, tmp)
    t = facts["threads"]
    figures: dict = {}
    with ExitStack() as stack:
        app = stack.enter_context(gunicorn("forum:create_app()", env, tmp, workers=2,
                                           name="app"))
        base = stack.enter_context(gunicorn("bench.baseline:create_app()", env, tmp,
                                            workers=2, name="baseline",
                                            ready_path="/minimal"))
        pages = {
            "minimal Flask page": base.base + "/minimal",
            "naive page, 150 posts": f"{base.base}/naive/{t[150]}",
            "thread page, 150 posts": f"{app.base}/threads/{t[150]}",
            "naive page, seed's longest thread": f"{base.base}/naive/{facts['longest']}",
            "thread page, seed's longest thread": f"{app.base}/threads/{facts['longest']}",
            "500-post thread, page 1 (200 posts)": f"{app.base}/threads/{t[500]}",
            "500-post thread, page 3 (100 posts)": f"{app.base}/threads/{t[500]}?page=3",
            "naive page, 1 reply": f"{base.base}/naive/{t[1]}",
            "thread page, 1 reply": f"{app.base}/threads/{t[1]}",
            "forum home (cbforum2014)": f"{app.base}/forums/cbforum2014",
        }
        if before is not None:
            # The same pages served by another tree, each measured right after its
            # counterpart, so that both meet the same moment of the machine's load.
            old = stack.enter_context(gunicorn("forum:create_app()", env, tmp, workers=2,
                                               name="before", cwd=before))
            extra = {"thread page, 150 posts": f"{old.base}/threads/{t[150]}",
                     "thread page, 1 reply": f"{old.base}/threads/{t[1]}"}
            pages = {key: value for name, page in pages.items() for key, value in
                     [(name, page)] + ([(f"{BEFORE} {name}", extra[name])]
                                       if name in extra else [])}
        for page in pages.values():
            for _ in range(4):  # every worker renders (and caches) the page once
                assert requests.get(page, timeout=60).status_code == 200, page
        # Rounds, each measuring every page once: the machine's other load drifts, and
        # interleaving lets a drift weigh on the app and its baselines alike.
        runs: dict[str, list] = {name: [] for name in pages}
        for _ in range(rounds):
            for name, page in pages.items():
                runs[name].append(throughput(page, seconds=seconds))
        for name, results in runs.items():
            figures[name] = sorted(results, key=lambda r: r.rps)[len(results) // 2]
        for key, name in (("rounds", "thread page, 150 posts"),
                          ("rounds before", f"{BEFORE} thread page, 150 posts")):
            if name in runs:
                figures[key] = [a.rps / n.rps for a, n in zip(
                    runs[name], runs["naive page, 150 posts"], strict=True)]
        if pages_only:
            return figures
        session = requests.Session()
        figures["home latency"] = sequential_latency(
            session, "GET", [f"{app.base}/forums/cbforum2014"] * 50)
        session.headers["Authorization"] = f"Bearer {facts['token']}"
        figures["approve latency"] = sequential_latency(
            session, "POST", [f"{app.base}/api/v1/posts/{i}/approve" for i in facts["to_approve"]],
            json={})
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The load run, then benchmarks as ratios to baselines measured in the same "
                    "run; written to docs/benchmarks.md.")
    parser.add_argument("--seconds", type=float, default=5, help="per throughput run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--digest-limit", type=float, default=900,
                        help="seconds allowed to one digest size")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/")
    parser.add_argument("--no-load", action="store_true", help="skip the load run")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the thread pages' throughput: no load run, no latency, "
                             "no digests; nothing written to docs/")
    parser.add_argument("--compare-with", type=Path, metavar="DIR",
                        help="another tree of the forum (e.g. `git archive` of an older "
                             "commit) whose thread pages are measured in the same rounds")
    load.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.pages_only:
        args.no_load = args.no_write = True
    loads = {} if args.no_load else {
        kind: load.run(kind, args) for kind in ["sqlite"] + (["postgresql"] if args.postgres
                                                            else [])}
    with tempfile.TemporaryDirectory(prefix="forum-bench-") as name:
        tmp = Path(name)
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        env = server_env(url, tmp)
        forum_command("db", "upgrade", env=env)
        forum_command("seed", env=env)
        print("building the benchmark data ...", file=sys.stderr)
        facts = build(url, tmp)
        print("measuring throughput and latency ...", file=sys.stderr)
        figures = serve_and_measure(url, tmp, facts, args.seconds, args.rounds,
                                    args.compare_with, args.pages_only)
        if args.pages_only:
            print(report.pages(facts, figures, wrk=wrk_available(), seconds=args.seconds,
                               rounds=args.rounds))
            return 0
        print("measuring digests ...", file=sys.stderr)
        digests = digest_bench.measure(url, [int(s) for s in args.sizes.split(",") if s],
                                       args.digest_limit)
    text = report.markdown(facts, figures, digests, wrk=wrk_available(), seconds=args.seconds,
                           rounds=args.rounds) + report.load_lines(loads, args)
    text += bigdb_report.document_sections()  # from bench/results/*.json, not run here
    print(text)
    if not args.no_write:
        old = report.DOC.read_text("utf-8") if report.DOC.exists() else ""
        report.DOC.write_text(text + report.kept_sections(old), "utf-8")
        print(f"written to {report.DOC}", file=sys.stderr)
    return 1 if any(problems for _, problems in loads.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
