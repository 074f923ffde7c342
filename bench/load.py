"""The big load run: 50 participants posting (API + reply forms) while 3 moderators settle
the queue, against gunicorn with 4 workers, on SQLite and on PostgreSQL; then the
invariants (no 5xx, nothing lost or doubled, one audit entry per decision, unique numbers).

    python -m bench.load [--participants 50] [--posts 6] [--moderators 3]
                         [--max-requests 6000] [--max-seconds 300]
                         [--postgres postgresql://postgres@127.0.0.1:5432]

With --postgres, a scratch database is created on that server and dropped afterwards.
Exit status 1 if an invariant fails.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.loadkit import LoadResult, check_invariants, make_cast, run_load
from bench.server import forum_command, gunicorn, server_env, sqlalchemy_url


@contextmanager
def scratch_database(kind: str, tmp: Path, server: str | None) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'load.sqlite3'}"
        return
    base = sqlalchemy_url(server.rstrip("/") + "/postgres")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"forum_bench_load_{tmp.name[-8:].lower().replace('-', '_')}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def report(kind: str, result: LoadResult, problems: list[str]) -> None:
    print(f"\n== {kind}: {result.summary()}")
    print(f"   finished within bounds: {result.finished}")
    for what, values in sorted(result.latencies.items()):
        print(f"   {what:<12} {len(values):>5} requests, {percentiles(values)}")
    statuses = ", ".join(f"{w} {s}: {n}" for (w, s), n in sorted(result.statuses.items()))
    print(f"   statuses: {statuses}")
    print("   invariants: " + ("all hold" if not problems else f"{len(problems)} FAILED"))
    for problem in problems[:20]:
        print(f"     - {problem}")


def run(kind: str, args: argparse.Namespace) -> tuple[LoadResult, list[str]]:
    """One load run on a scratch database of `kind`; (result, invariant failures)."""
    with tempfile.TemporaryDirectory(prefix="forum-load-") as name:
        tmp = Path(name)
        with scratch_database(kind, tmp, args.postgres) as url:
            env = server_env(url, tmp)
            forum_command("db", "upgrade", env=env)
            cast = make_cast(sqlalchemy_url(url), participants=args.participants,
                             moderators=args.moderators, outbox=str(tmp / "outbox"))
            with gunicorn("forum:create_app()", env, tmp, workers=4) as server:
                result = run_load(server.base, cast, posts_each=args.posts,
                                  max_requests=args.max_requests, max_seconds=args.max_seconds)
                log = server.log_text()
            problems = check_invariants(result, sqlalchemy_url(url), cast.forum)
            if "Traceback" in log:
                problems.append("the server log has a traceback: " + log[-500:])
            report(kind, result, problems)
            return result, problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--posts", type=int, default=6, help="posts per participant")
    parser.add_argument("--moderators", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=6000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--postgres", help="server URL; also run on PostgreSQL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    failed = [problems for _, problems in (run(kind, args) for kind in kinds) if problems]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
