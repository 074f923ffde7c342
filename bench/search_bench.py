"""Search latency next to a LIKE scan of the same rows, in the same run (prints a table).

    PYTHONPATH=$PWD python -m bench.search_bench --db sqlite --sizes 10000,100000
    PYTHONPATH=$PWD python -m bench.search_bench --db postgresql://postgres@127.0.0.1/DB

The database is emptied and rebuilt by the migrations: never point it at real data.
Timings are ratios on a shared machine; compare the columns of one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bench.measure import reset_postgres

# The forum's words among 5,000 made-up ones, drawn with a Zipf-like skew (as in real
# text, a few words are everywhere and most are rare).
WORDS = ["biosafety", "risk", "assessment", "integration", "capacity", "building",
         "labelling", "liability", "redress", "detection", "transgenic", "monitoring",
         "socioeconomic", "considerations", "national", "framework", "regulation", "shipment",
         "import", "export", "public", "awareness", "participation", "experience", "guidance",
         "laboratory", "training", "customs", "officer", "decision", "ministry"]
VOCABULARY = [w for pair in zip(WORDS, [f"lex{i}" for i in range(len(WORDS))], strict=True)
              for w in pair] + [f"lex{i}" for i in range(len(WORDS), 5000)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
CHINESE = ["我们国家加强了生物安全能力建设。", "风险评估的经验。", "公众意识和参与。"]
# Words found in a large share of the posts, and selective queries (rarer words, several
# words, Chinese, no match at all).
COMMON = ["biosafety", "risk assessment", "integrating", "redress"]
SELECTIVE = ["customs officer training", "生物安全", "nothingmatchesthis",
             "public awareness participation", "lex900", "lex2500 lex40"]
QUERIES = COMMON + SELECTIVE


def _body(rng: random.Random) -> str:
    words = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(30, 120)))
    return words + (" " + rng.choice(CHINESE) if rng.random() < 0.1 else "")


def _fill(size: int) -> None:
    from forum.extensions import db
    from forum.models import Forum, Post, Thread, User
    from forum.search.actions import index_posts

    rng = random.Random(size)
    start = datetime(2020, 1, 1)
    users = [{"key": f"u{i}", "name": f"Person {i}", "country": "MY", "email": None}
             for i in range(50)]
    db.session.execute(insert(User), users)
    forum = Forum(slug="bench", title="Bench", opens_at=start, closes_at=start + timedelta(
        days=3650), language="en")
    db.session.add(forum)
    db.session.flush()
    db.session.execute(insert(Thread), [{"key": f"t{i}", "forum_id": forum.id, "author_id": 1,
                                         "title": f"Thread {i} on {rng.choice(WORDS)}",
                                         "questions": []} for i in range(size // 100 + 1)])
    for first in range(0, size, 5000):
        rows = []
        for i in range(first, min(size, first + 5000)):
            body = _body(rng)
            rows.append({"key": f"p{i}", "forum_id": forum.id, "thread_id": i // 100 + 1,
                         "author_id": rng.randint(1, 50), "kind": "opening" if i % 100 == 0
                         else "reply", "state": "approved", "subject": "", "body": body,
                         "body_html": f"<p>{body}</p>", "number": i + 1,
                         "created_at": start + timedelta(minutes=i)})
        db.session.execute(insert(Post), rows)
        db.session.flush()
        index_posts(range(first + 1, first + len(rows) + 1))
    db.session.commit()
    # Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would gather them:
    # without them PostgreSQL walks every thread instead of the GIN index.
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _like(words: list[str]) -> None:
    from forum.extensions import db

    where = " AND ".join(f"lower(body) LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}
    db.session.execute(text(f"SELECT count(*) FROM posts WHERE state = 'approved' AND {where}"),
                       params).scalar()
    db.session.execute(text(f"SELECT id FROM posts WHERE state = 'approved' AND {where} "
                            "ORDER BY created_at DESC LIMIT 20"), params).all()


def _search(q: str) -> None:
    from forum.search.criteria import read_criteria
    from forum.search.queries import search_posts

    search_posts(read_criteria({"q": q}))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _measure(fn, queries: list[str], rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        for q in queries:
            began = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - began) * 1000)
    return _percentiles(samples)


def run(url: str, size: int, rounds: int) -> list[tuple]:
    from flask_migrate import upgrade

    from forum import create_app
    from forum.extensions import db

    reset_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        began = time.perf_counter()
        _fill(size)
        filled = time.perf_counter() - began
        _search("warm up 生物安全")
        rows = []
        name = db.engine.dialect.name
        for group, queries in (("common", COMMON), ("selective", SELECTIVE)):
            search = _measure(_search, queries, rounds)
            like = _measure(lambda q: _like(q.split()), queries, rounds)
            rows += [(name, size, group, "full-text", *search, filled),
                     (name, size, group, "LIKE scan", *like, filled)]
        db.session.remove()
        db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        if args.db == "sqlite":
            tmp = tempfile.mkdtemp()
            url = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            url = args.db.replace("postgresql://", "postgresql+psycopg://", 1)
        rows.extend(run(url, size, args.rounds))
    print(f"{'database':<11}{'posts':>8}  {'queries':<10}{'method':<10}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'fill+index s':>14}")
    for name, size, group, method, p50, p95, filled in rows:
        print(f"{name:<11}{size:>8}  {group:<10}{method:<10}{p50:>9.1f}{p95:>9.1f}"
              f"{filled:>14.1f}")


if __name__ == "__main__":
    main()
