"""How long `forum import` takes for a large archive, on SQLite and PostgreSQL.

    PYTHONPATH=$PWD python -m bench.import_speed                    # 5k and 50k, SQLite
    PYTHONPATH=$PWD python -m bench.import_speed --pg postgresql://postgres@127.0.0.1/bench_x
    PYTHONPATH=$PWD python -m bench.import_speed --posts 5000 --profile

Prints seconds and posts per second for each size and database: reading and checking the
file, rendering, and the write transaction, as `forum import` runs them (in-process, so
`--profile` can show where the time goes); and how long the write transaction was open,
which is what people posting meanwhile wait for (SQLite lets them wait 15 s).

The PostgreSQL database given is emptied (its `public` schema dropped): never point it at
one that matters. The archive is synthetic but shaped like a real forum: 400 people, 120
threads in 6 topics, posts of 10 to 210 words in one to three paragraphs with some
emphasis and links, tags, revisions, pending and rejected posts, an audit entry per
moderation decision.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event

from bench.measure import reset_postgres

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("biosafety", "capacity", "national", "framework", "public", "awareness",
         "participation", "living", "modified", "organisms", "risk", "assessment", "decision",
         "labelling", "border", "customs", "officers", "laboratory", "detection", "training",
         "workshop", "ministry", "committee", "regulation", "guidelines", "consultation",
         "stakeholders", "farmers", "radio", "languages", "information", "access", "portal",
         "clearing-house", "experience", "challenge", "funding", "project", "implementation",
         "monitoring", "socio-economic", "considerations", "liability", "redress",
         "transboundary", "movement", "the", "of", "and", "in", "to", "we", "our", "a", "for",
         "with", "on", "has", "have", "is", "are", "was", "were", "this", "that")
COUNTRIES = ("KE", "UG", "MD", "MY", "ZA", "GY", "CM", "BR", "IN", "CN", "MX", "CU", "GD",
             "JP", "NO", "PE", "PH", "TG", "EU", None)


def _body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 70))]
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = f"*{rng.choice(WORDS)}*"
        if rng.random() < 0.1:
            words.append(f"[source](https://bch.example.org/{rng.randint(1, 9999)})")
        paragraphs.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(paragraphs) + "\n"


def synthetic_archive(posts: int, seed: int = 2014) -> dict:
    """A valid archive of `posts` posts (the same bytes for the same arguments)."""
    rng = random.Random(seed)
    start = datetime(2014, 3, 1)
    iso = lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    people = [{"key": f"p{i}", "name": f"Person {i}", "country": rng.choice(COUNTRIES),
               "organization": "Ministry of Environment"} for i in range(400)]
    topics = [{"key": f"t{i}", "title": f"Topic {i}", "description": "Guiding *text*."}
              for i in range(6)]
    threads = [{"key": f"th{i}", "title": f"Thread {i}", "author": "p0",
                "topic": f"t{i % 6}", "questions": ["What worked?", "What did not?"]}
               for i in range(120)]
    items, audit = [], []
    for i in range(posts):
        at = start + timedelta(seconds=i * 50)
        state = rng.choices(("approved", "pending", "rejected"), (90, 6, 4))[0]
        post = {"key": f"post-{i}", "thread": f"th{i % 120}", "author": f"p{rng.randrange(400)}",
                "body": _body(rng), "created_at": iso(at), "state": state}
        if rng.random() < 0.1:
            post["tags"] = rng.sample(("labelling", "capacity", "awareness", "customs"), 2)
        if rng.random() < 0.05:
            post["version"] = 2
            post["revisions"] = [{"version": 1, "body": _body(rng), "edited_at": iso(at)}]
        if state != "pending":
            audit.append({"at": iso(at + timedelta(minutes=20)), "actor": "p0",
                          "action": f"post.{'approve' if state == 'approved' else 'reject'}",
                          "target_type": "post", "target": post["key"]})
        items.append(post)
    return {"format": "forum-archive", "version": 1,
            "forum": {"slug": "bench-forum", "title": "A large forum",
                      "objective": "To *measure*.", "opens_at": iso(start),
                      "closes_at": iso(start + timedelta(days=400))},
            "topics": topics, "threads": threads, "people": people, "posts": items,
            "audit": audit}


def _app(url: str):
    from flask_migrate import upgrade

    from forum import create_app

    reset_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PUBLIC_URL": "http://forum.bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def run_once(url: str, file: Path, profile: bool) -> tuple[float, float]:
    """Seconds for one import of `file` into a fresh database at `url`, and the seconds
    its write transaction was open (what concurrent writers wait for)."""
    from forum.archive.load import import_archive
    from forum.archive.validate import parse_text
    from forum.database import write_intent
    from forum.extensions import db

    app = _app(url)
    with app.app_context():
        marks: dict[str, float] = {}
        event.listen(db.engine, "begin", lambda _: marks.setdefault("begin", time.perf_counter()))
        event.listen(db.engine, "commit", lambda _: marks.__setitem__("commit",
                                                                      time.perf_counter()))
        profiler = cProfile.Profile() if profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        data = parse_text(file.read_text("utf-8"))
        with write_intent():
            result = import_archive(data)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - began
        assert result.changed, result.message
        db.engine.dispose()
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return seconds, marks["commit"] - marks["begin"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--pg", help="a PostgreSQL URL whose public schema may be dropped")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        databases = [] if args.no_sqlite else [("sqlite", None)]
        if args.pg:
            databases.append(("postgresql", args.pg.replace("postgresql://",
                                                            "postgresql+psycopg://", 1)))
        print(f"{'database':<11} {'posts':>7} {'MB':>6} {'seconds':>8} {'posts/s':>8} "
              f"{'write lock s':>12}")
        for posts in args.posts:
            file = Path(tmp) / f"archive-{posts}.json"
            file.write_text(json.dumps(synthetic_archive(posts)), "utf-8")
            size = file.stat().st_size / 1e6
            for name, url in databases:
                url = url or f"sqlite:///{Path(tmp) / f'{posts}.sqlite3'}"
                seconds, locked = run_once(url, file, args.profile)
                print(f"{name:<11} {posts:>7} {size:>6.1f} {seconds:>8.1f} "
                      f"{posts / seconds:>8.0f} {locked:>12.1f}", flush=True)


if __name__ == "__main__":
    main()
