"""Search latency next to a LIKE scan of the same rows, in the same run (prints a table).

    PYTHONPATH=$PWD python -m bench.search_bench --db sqlite --sizes 10000,100000
    PYTHONPATH=$PWD python -m bench.search_bench --db postgresql://postgres@127.0.0.1/DB

The database is emptied and rebuilt by the migrations: never point it at real data.
Timings are ratios on a shared machine; compare the columns of one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
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
GENERATING, MEASURING = 10, 0  # process priorities (nice): see priority()
COUNTRIES = ("MY", "BR", "NO", "KE", "MX", "ZA", "IN", "PE", "FJ", "MD", "GD", "JP")
CHINESE_QUERIES = ["生物安全", "风险评估", "公众意识", "能力建设", "经验", "参与"]


def _body(rng: random.Random) -> str:
    words = " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(30, 120)))
    return words + (" " + rng.choice(CHINESE) if rng.random() < 0.1 else "")


def priority(niceness: int) -> None:
    """Generate data at a low priority, so that a long run does not starve other work on a
    shared machine, and measure at the normal one (a niced process's latencies would be
    mostly time spent waiting for the CPU). Lowering it again needs root; without, the
    measurement stays niced and the figures say so (`nice` in the results)."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, niceness)


def conditions() -> dict:
    """What the machine was doing while measuring: the figures depend on it."""
    return {"nice": os.getpriority(os.PRIO_PROCESS, 0),
            "load_average": round(os.getloadavg()[0], 1)}


def mixed_queries(count: int = 200, seed: int = 11) -> list[dict]:
    """`count` searches as readers type them, the same for every size and database: single
    words drawn with the text's own skew (so a few are in most posts, most are rare),
    two- and three-word phrases, a word with a country filter, and Chinese words."""
    rng = random.Random(seed)
    kinds = ["word"] * 8 + ["phrase"] * 5 + ["country"] * 4 + ["chinese"] * 3
    queries = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "chinese":
            queries.append({"kind": kind, "q": rng.choice(CHINESE_QUERIES)})
        elif kind == "phrase":
            queries.append({"kind": kind, "q": " ".join(
                rng.choices(VOCABULARY, WEIGHTS, k=rng.choice((2, 3))))})
        else:
            query = {"kind": kind, "q": rng.choices(VOCABULARY, WEIGHTS)[0]}
            if kind == "country":
                query["country"] = rng.choice(COUNTRIES)
            queries.append(query)
    return queries


def _fill(first: int, size: int) -> tuple[float, float]:
    """Posts `first` .. `size` - 1 (approved), then their index entries; returns the
    seconds spent inserting and indexing."""
    from forum.extensions import db
    from forum.models import Forum, Post, Thread, User
    from forum.search.actions import index_posts

    rng = random.Random(size)
    start = datetime(2020, 1, 1)
    began = time.perf_counter()
    if first == 0:
        db.session.execute(insert(User), [
            {"key": f"u{i}", "name": f"Person {i}", "country": COUNTRIES[i % len(COUNTRIES)],
             "email": None} for i in range(50)])
        db.session.add(Forum(slug="bench", title="Bench", opens_at=start,
                             closes_at=start + timedelta(days=3650), language="en"))
        db.session.flush()
    forum_id = db.session.scalar(text("SELECT id FROM forums WHERE slug = 'bench'"))
    db.session.execute(insert(Thread), [
        {"key": f"t{i}", "forum_id": forum_id, "author_id": 1,
         "title": f"Thread {i} on {rng.choice(WORDS)}", "questions": []}
        for i in range(-(-first // 100), -(-size // 100))])
    for low in range(first, size, 5000):
        rows = []
        for i in range(low, min(size, low + 5000)):
            body = _body(rng)
            rows.append({"key": f"p{i}", "forum_id": forum_id, "thread_id": i // 100 + 1,
                         "author_id": rng.randint(1, 50), "kind": "opening" if i % 100 == 0
                         else "reply", "state": "approved", "subject": "", "body": body,
                         "body_html": f"<p>{body}</p>", "number": i + 1,
                         "created_at": start + timedelta(minutes=i)})
        db.session.execute(insert(Post), rows)
    db.session.commit()
    inserted = time.perf_counter() - began
    began = time.perf_counter()
    # What the actions and the importer call, in batches of 5,000 posts.
    for low in range(first, size, 5000):
        index_posts(range(low + 1, min(size, low + 5000) + 1))
        db.session.commit()
    indexed = time.perf_counter() - began
    # Planner statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` would gather them:
    # without them PostgreSQL walks every thread instead of the GIN index.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return inserted, indexed


def index_size() -> float:
    """MiB taken by the search index (tables and indexes)."""
    from forum.extensions import db

    if db.engine.dialect.name == "sqlite":
        size = db.session.scalar(text(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_posts%'"))
    else:
        size = db.session.scalar(text("SELECT pg_total_relation_size('search_documents')"))
    return (size or 0) / 2**20


def _like(query: dict) -> None:
    from forum.extensions import db
    from forum.search.text import query_terms

    words = query_terms(query["q"]) if query["kind"] != "chinese" else [query["q"]]
    where = " AND ".join(f"lower(body) LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}
    if "country" in query:
        where += " AND author_id IN (SELECT id FROM users WHERE country = :country)"
        params["country"] = query["country"]
    db.session.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM posts WHERE state = "
                            f"'approved' AND {where} LIMIT 1001) AS capped"), params).scalar()
    db.session.execute(text(f"SELECT id FROM posts WHERE state = 'approved' AND {where} "
                            "ORDER BY created_at DESC LIMIT 20"), params).all()


def _search(query: dict) -> None:
    from forum.search.criteria import read_criteria
    from forum.search.queries import search_posts

    search_posts(read_criteria({k: v for k, v in query.items() if k != "kind"}))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _measure(fn, queries: list[dict], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per query, by kind ("all" for every query), over `rounds` rounds."""
    samples: dict[str, list[float]] = {"all": []}
    for _ in range(rounds):
        for query in queries:
            began = time.perf_counter()
            fn(query)
            took = (time.perf_counter() - began) * 1000
            samples["all"].append(took)
            samples.setdefault(query["kind"], []).append(took)
    return samples


def run(url: str, sizes: list[int], rounds: int, queries: list[dict],
        keep=None) -> list[dict]:  # noqa: ANN001
    """Grow one database through `sizes` (posts added, then indexed), measuring at each."""
    from flask_migrate import upgrade

    from forum import create_app
    from forum.extensions import db

    reset_postgres(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "bench"})
    results = []
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        name = db.engine.dialect.name
        done = inserted = indexed = 0.0
        for size in sizes:
            priority(GENERATING)
            more_inserted, more_indexed = _fill(int(done), size)
            inserted, indexed, done = inserted + more_inserted, indexed + more_indexed, size
            priority(MEASURING)
            _search({"kind": "word", "q": "warm up 生物安全"})
            before = conditions()
            search = _measure(_search, queries, rounds)
            like = _measure(_like, queries, rounds)
            row = {"database": name, "posts": size, "queries": len(queries),
                   "rounds": rounds, "insert_s": inserted, "index_s": indexed,
                   "index_mib": index_size(), "before": before, "after": conditions()}
            for method, samples in (("search", search), ("like", like)):
                row[method] = {kind: _percentiles(values) for kind, values in samples.items()}
            results.append(row)
            print(json.dumps(row), flush=True)
            if keep:
                keep(results)
        db.session.remove()
        db.engine.dispose()
    return results


def table(results: list[dict]) -> list[str]:
    """The figures as a Markdown table."""
    lines = ["| database | posts | index build | index size | full-text p50 / p95 ms | "
             "LIKE p50 / p95 ms | words p95 | phrases p95 | country p95 | Chinese p95 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        s, k = r["search"], r["like"]
        kinds = " | ".join(f"{s[kind][1]:,.1f}" for kind in ("word", "phrase", "country",
                                                              "chinese"))
        lines.append(
            f"| {'SQLite' if r['database'] == 'sqlite' else 'PostgreSQL'} | {r['posts']:,} | "
            f"{r['index_s']:,.0f} s | {r['index_mib']:,.0f} MiB | {s['all'][0]:,.1f} / "
            f"{s['all'][1]:,.1f} | {k['all'][0]:,.1f} / {k['all'][1]:,.1f} | {kinds} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path, help="add the results to this JSON file "
                        "(bench/results/search.json for docs/benchmarks.md)")
    parser.add_argument("--write", action="store_true",
                        help="rewrite the search section of docs/benchmarks.md after each size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args.db == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        url = args.db.replace("postgresql://", "postgresql+psycopg://", 1)
    earlier = json.loads(args.json.read_text()) if args.json and args.json.exists() else []

    def keep(results: list[dict]) -> None:  # after each size: a long run keeps what it has
        measured = {(n["database"], n["posts"]) for n in results}
        kept = [r for r in earlier if (r["database"], r["posts"]) not in measured]
        args.json.write_text(json.dumps(kept + results, indent=1) + "\n")
        if args.write:
            from bench import bigdb_report

            bigdb_report.write_sections()

    results = run(url, sizes, args.rounds, mixed_queries(args.queries),
                  keep if args.json else None)
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
