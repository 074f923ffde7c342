"""The digest of a large forum through the job path (issue 14 §2): a forum of N replies in a
scratch database, the draft's digest requested as the draft page requests it
(`forum.jobs.actions.request_digest`), and `forum worker --burst` run in a child process
that builds it, as a deployment's worker would. Reported: the worker's wall clock, its CPU
time and its peak resident memory (from `wait4`, the child's own), the job's outcome, and
then the draft found where the draft page looks for it (the shared memo the job filled) —
the reader's side of the same path.

    python -m bench.digest_job --postgres postgresql://postgres@127.0.0.1:5432 \
        [--redis redis://127.0.0.1:6379/5] [--replies 100000]

The replies are the seed forum's own sentences in random order (as bench/digest_bench.py
builds them in memory), written in bulk with SQLAlchemy Core into the seed forum's threads,
approved and numbered through the product's number reservation; authors are synthetic
participants spread over countries, about one per 20 replies. Nothing of the search index
is built (the digest does not read it). CPU time is given beside the wall clock because the
machine may be shared: a loaded machine stretches the wall clock, not the work.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.server import ROOT, forum_command, server_env

SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")
SCRATCH = "forum_bench_digest_job"


def _scratch(server: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{SCRATCH}"'))
        connection.execute(text(f'CREATE DATABASE "{SCRATCH}"'))
    admin.dispose()
    return f"{server}/{SCRATCH}"


def grow(app, replies: int, rng_seed: int = 7) -> int:  # noqa: ANN001
    """Add `replies` approved replies to the seed forum; its id."""
    from sqlalchemy import func, insert, select, text

    from bench.data import people
    from forum.extensions import db
    from forum.markdown import render_markdown
    from forum.models import Forum, Post, Thread
    from forum.numbering import reserve_post_numbers

    with app.app_context():
        forum = db.session.scalar(select(Forum).where(Forum.slug == "cbforum2014"))
        threads = list(db.session.scalars(select(Thread.id).where(
            Thread.forum_id == forum.id).order_by(Thread.id)))
        bodies = list(db.session.scalars(select(Post.body).where(
            Post.forum_id == forum.id, Post.kind == "reply", Post.state == "approved")
            .order_by(Post.id)))
        sentences = [s for b in bodies for s in SENTENCE_END.split(b) if len(s.split()) > 4]
        authors = [u.id for u in people(max(28, replies // 20))]
        start = db.session.scalar(select(func.min(Post.created_at)).where(
            Post.forum_id == forum.id))
        highest = db.session.scalar(select(func.max(Post.number))) or 0
        numbers = iter(reserve_post_numbers(replies, above=highest))
        rng = random.Random(rng_seed)
        for first in range(0, replies, 5000):
            rows = []
            for n in range(first, min(first + 5000, replies)):
                body = " ".join(rng.sample(sentences, rng.randint(3, 6)))
                moment = start + timedelta(seconds=20 * n)
                rows.append({
                    "forum_id": forum.id, "thread_id": threads[n % len(threads)],
                    "author_id": authors[rng.randrange(len(authors))], "kind": "reply",
                    "state": "approved", "subject": "", "body": body,
                    "body_html": render_markdown(body), "number": next(numbers),
                    "created_at": moment, "updated_at": moment, "approved_at": moment})
            db.session.execute(insert(Post), rows)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return forum.id


def request(app, forum_id: int) -> int:  # noqa: ANN001
    from forum.extensions import db
    from forum.jobs.actions import request_digest
    from forum.models import Forum

    with app.app_context():
        return request_digest(db.session.get(Forum, forum_id)).id


def run_worker(env: dict[str, str], backend: str) -> dict:
    """`forum worker --burst` in a child; its wall clock, CPU time and peak RSS."""
    exe = Path(sys.executable).with_name("forum")
    began = time.perf_counter()
    child = subprocess.Popen([str(exe), "worker", "--burst", "--backend", backend],
                             env=env, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    out, err = child.stdout.read(), child.stderr.read()
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status),
            "output": (out.strip() or err.strip()[-300:])}


def draft_ready(app, forum_id: int, job_id: int) -> dict:  # noqa: ANN001
    """The job's state, and the draft as the draft page looks it up after the job (from the
    shared memo the job filled: Redis, or the files under CACHE_DIR), timed."""
    from forum.digest.queries import ready_draft_or_problem
    from forum.extensions import db
    from forum.models import Forum, Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        began = time.perf_counter()
        found, problem = ready_draft_or_problem(db.session.get(Forum, forum_id))
        return {"job_state": str(job.state), "job_error": job.last_error,
                "lookup_seconds": time.perf_counter() - began, "ready": found is not None,
                "problem": problem}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", required=True, help="postgresql://user@host:port")
    parser.add_argument("--redis", default=None, help="use RQ and the Redis memo")
    parser.add_argument("--replies", type=int, default=100_000)
    args = parser.parse_args(argv)
    from forum import create_app

    url = _scratch(args.postgres.rstrip("/"))
    with tempfile.TemporaryDirectory(prefix="forum-digest-job-") as name:
        cache = str(Path(name) / "cache")
        extra = {"FORUM_REDIS_URL": args.redis} if args.redis else {}
        env = server_env(url, Path(name), FORUM_CACHE_DIR=cache, **extra)
        forum_command("db", "upgrade", env=env)
        forum_command("seed", env=env)
        # This process reads the same environment as the worker: the memo key covers
        # everything the report shows (the public address in its links included).
        os.environ.clear()
        os.environ.update(env)
        app = create_app()
        began = time.perf_counter()
        forum_id = grow(app, args.replies)
        print(f"{args.replies:,} replies written in {time.perf_counter() - began:.0f} s",
              file=sys.stderr)
        job_id = request(app, forum_id)
        worker = run_worker(env, "rq" if args.redis else "database")
        page = draft_ready(app, forum_id, job_id)
    print(f"digest job, {args.replies:,} replies, {'RQ' if args.redis else 'database'} backend:"
          f" wall {worker['seconds']:.1f} s, CPU {worker['cpu_seconds']:.1f} s,"
          f" peak RSS {worker['maxrss_mb']:.0f} MiB, worker exit {worker['exit']}"
          f" ({worker['output']}); job {page['job_state']} {page['job_error'] or ''};"
          f" the draft page's lookup {'found the draft' if page['ready'] else 'found nothing'}"
          f" in {page['lookup_seconds'] * 1000:.0f} ms {page['problem']}")
    return 0 if worker["exit"] == 0 and page["ready"] else 1


if __name__ == "__main__":
    sys.exit(main())
