"""Digest times: the seed's Markdown digest, and synthetic forums of many replies built in
memory from the seed's own sentences (forum.digest.build_report called directly).

Each size runs in a child process (`python -m bench.digest_bench --child URL SIZE`) so
that a size that takes too long can be stopped at its time limit and reported as such, and so
that peak memory is the child's own: one run timed without tracemalloc (wall clock and the
process's CPU time, its max RSS, and the max RSS once the inputs were built, before the
digest), then (when the timed run was short enough) one with tracemalloc for the peak of
Python allocations. CPU time is reported beside the wall clock because the machine may be
shared: a loaded machine stretches the wall clock, not the work.

The digest part alone, without the load run and the web benchmarks of `make bench`:

    python -m bench.digest_bench [--sizes 1000,10000,100000] [--limit 900] [--write]

seeds a temporary SQLite database, prints the "Digest" section of docs/benchmarks.md and,
with --write, replaces that section in the file.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bench.server import ROOT, forum_command, server_env

SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")


def _seed_app(database_url: str):
    from forum import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})


def seed_digest(database_url: str) -> dict:
    """The seed's digest as `forum digest cbforum2014 --format md` builds it."""
    from sqlalchemy import select

    from forum.digest.generate import render, report_for
    from forum.extensions import db
    from forum.models import Forum

    with _seed_app(database_url).app_context():
        forum = db.session.scalar(select(Forum).where(Forum.slug == "cbforum2014"))
        started, cpu = time.perf_counter(), time.process_time()
        text = render(report_for(forum), "md")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        tracemalloc.start()
        render(report_for(forum), "md")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak / 2**20,
            "words": len(text.split())}


def synthetic_forum(database_url: str, replies: int, rng_seed: int = 7):
    """(info, posts, settings) of a forum with `replies` replies made of seed sentences."""
    from sqlalchemy import select

    from forum.countries import codes
    from forum.digest.collect import collect
    from forum.extensions import db
    from forum.models import Forum
    from synthesis.types import DigestSettings, SourcePost

    with _seed_app(database_url).app_context():
        forum = db.session.scalar(select(Forum).where(Forum.slug == "cbforum2014"))
        info, posts = collect(forum)
        settings = DigestSettings.from_dict(forum.digest_settings or {})
    rng = random.Random(rng_seed)
    sources = [p for p in posts if p.kind == "reply"]
    sentences = [s for p in sources for s in SENTENCE_END.split(p.body) if len(s.split()) > 4]
    # About one author per 20 replies, spread over the seed's and the world's countries.
    countries = sorted({p.country for p in sources if p.country}) + codes()
    authors = [(f"synthetic-{i}", f"Person {i}", countries[i % len(countries)])
               for i in range(max(28, replies // 20))]
    start = min(p.created_at for p in sources)
    synthetic = []
    for n in range(replies):
        base = sources[n % len(sources)]
        key, name, country = authors[rng.randrange(len(authors))]
        body = " ".join(rng.sample(sentences, rng.randint(3, 6)))
        synthetic.append(SourcePost(
            id=100_000_000 + n, number=100_000 + n, author_key=key, author_name=name,
            author_title=base.author_title, organization=base.organization, country=country,
            affiliation="party", topic_key=base.topic_key, tags=base.tags, kind="reply",
            body=body, created_at=start + timedelta(minutes=n)))
    frame = [p for p in posts if p.kind != "reply"]
    info = replace(info, figures=replace(info.figures, messages=replies + len(frame)))
    return info, frame + synthetic, settings


def _child(database_url: str, replies: int, traced: bool) -> dict:
    from synthesis import build_report, render_markdown

    info, posts, settings = synthetic_forum(database_url, replies)
    inputs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    text = render_markdown(build_report(info, posts, settings))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    return {"replies": replies, "seconds": seconds, "cpu_seconds": cpu,
            "traced_peak_mb": peak / 2**20,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "inputs_maxrss_mb": inputs, "words": len(text.split())}


def synthetic_digest(database_url: str, replies: int, time_limit: float) -> dict:
    """Time (untraced) and peak memory (traced) of one size, each bounded by `time_limit`."""
    timed = _run_child(database_url, replies, False, time_limit)
    if "error" in timed:
        return timed
    traced = (_run_child(database_url, replies, True, time_limit)
              if timed["seconds"] * 3 < time_limit else {})
    return {**timed, "traced_peak_mb": traced.get("traced_peak_mb"),
            "traced_seconds": traced.get("seconds"), "traced_maxrss_mb": traced.get("maxrss_mb")}


def _run_child(database_url: str, replies: int, traced: bool, time_limit: float) -> dict:
    command = [sys.executable, "-m", "bench.digest_bench", "--child", database_url, str(replies)]
    try:
        done = subprocess.run(command + (["--traced"] if traced else []), cwd=ROOT,
                              capture_output=True, text=True, timeout=time_limit, check=False)
    except subprocess.TimeoutExpired:
        return {"replies": replies, "error": f"stopped after {time_limit:.0f} s"}
    if done.returncode != 0:
        return {"replies": replies, "error": done.stderr.strip().splitlines()[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(database_url: str, sizes: list[int], time_limit: float) -> dict:
    """The seed's digest and each synthetic size, as `bench.report.digest_lines` reads them."""
    digests: dict = {"seed": seed_digest(database_url)}
    for size in sizes:
        print(f"  {size:,} replies ...", file=sys.stderr)
        digests[size] = synthetic_digest(database_url, size, time_limit)
    return digests


def main(argv: list[str] | None = None) -> int:
    from bench import report

    parser = argparse.ArgumentParser(description="The digest benchmarks alone.")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--limit", type=float, default=900, help="seconds allowed to one size")
    parser.add_argument("--write", action="store_true",
                        help="replace the Digest section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="forum-digest-bench-") as name:
        url = f"sqlite:///{name}/bench.sqlite3"
        env = server_env(url, Path(name))
        forum_command("db", "upgrade", env=env)
        forum_command("seed", env=env)
        digests = measure(url, [int(s) for s in args.sizes.split(",") if s], args.limit)
    section = "\n".join(report.digest_lines(digests)) + "\n"
    print(section)
    if args.write:
        text = report.DOC.read_text("utf-8")
        start = text.index("## Digest\n")
        end = text.find("\n## ", start + 1)
        report.DOC.write_text(text[:start] + section + (text[end:] if end >= 0 else ""), "utf-8")
        print(f"written to {report.DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]), "--traced" in sys.argv)))
    else:
        sys.exit(main())
