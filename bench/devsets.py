"""The digest against the development sets' human references, next to extractive baselines.

    PYTHONPATH=. .venv/bin/python -m bench.devsets --sample 5          # a quick look
    PYTHONPATH=. .venv/bin/python -m bench.devsets --write              # every case, reported

Needs the bench extra (rouge-score, scikit-learn). The devset archives (see
/work/shared/devsets/README.md) are imported with `import_archive(..., trust_roles=True)`
into a scratch SQLite file of this bench's own (build/devsets/devsets.sqlite3, kept between
runs: a forum already there is not imported again), never the instance database.

What is scored: the digest's *content*, the sentences of the report that came from posts
(`Line.kind == "content"`, in reading order: the country, organization and general-remark
sentences with their "X noted that" wording), without the fixed frame (header, title,
introduction with its counts and outline, headings, list lead-ins, footnotes). Each system
is cut to the reference's word count (bench/devscore.py). The baselines read the same
replies, split into sentences by the digest's own splitter (quoted text left out).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import devscore
from bench.devreport import KINDS, markdown_table, write_section

ROOT = Path(__file__).resolve().parents[1]
DEVSETS = Path("/work/shared/devsets")
BUILD = ROOT / "build" / "devsets"
SYSTEMS = ("digest", "lead", "LexRank", "centroid-MMR")
DUMPS_PER_KIND = 6


@dataclass
class CaseResult:
    case: str
    scores: dict[str, dict[str, float]]  # system -> metric -> value
    coverage: dict[str, float] = field(default_factory=dict)  # system -> key-point coverage
    coverage_long: dict[str, float] = field(default_factory=dict)  # the same, digest's length
    content_lines: int = 0
    sourced_lines: int = 0
    digest_seconds: float = 0.0
    empty: bool = False


def _app(db_file: Path):
    from flask_migrate import upgrade

    from forum import create_app

    db_file.parent.mkdir(parents=True, exist_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def slug_of(case: str) -> str:
    """The archive slug of a case id (README: lower-cased, other runs of characters → '-')."""
    return re.sub(r"[^a-z0-9-]+", "-", case.lower())


def _cases(folder: str, sample: int | None) -> list[dict]:
    paths = sorted((DEVSETS / folder / "cases").glob("*.json"))
    if sample:
        step = max(1, len(paths) // sample)  # spread over the set, not its first N
        paths = paths[::step][:sample]
    return [json.loads(p.read_text("utf-8")) for p in paths]


def _import(case: dict, folder: str) -> float:
    from sqlalchemy import select

    from forum.archive.load import import_archive
    from forum.extensions import db
    from forum.models import Forum

    slug = slug_of(case["case"])
    if db.session.scalar(select(Forum.id).where(Forum.slug == slug)) is not None:
        return 0.0
    started = time.perf_counter()
    data = json.loads((DEVSETS / folder / "archives" / f"{slug}.json").read_text("utf-8"))
    import_archive(data, trust_roles=True)
    return time.perf_counter() - started


def post_sentences(posts) -> list[list[str]]:
    """Each reply's sentences, by the digest's own block and sentence splitter."""
    from synthesis.stages.segment import blocks, split_sentences

    out = []
    for post in sorted(posts, key=lambda p: (p.number or 0, p.id)):
        sentences = [s for _, texts in blocks(post.body) for text in texts
                     for s in split_sentences(text, "en")]
        out.append(sentences)
    return out


def evaluate(slug: str, reference: list[str], key_points: list[str]) -> tuple[CaseResult, str]:
    """Score one imported forum's digest and the baselines; return the digest's Markdown too."""
    from sqlalchemy import select

    from forum.digest.collect import collect
    from forum.digest.generate import report_for
    from forum.extensions import db
    from forum.models import Forum
    from synthesis.render.markdown import render_markdown
    from synthesis.stages.number import all_lines

    forum = db.session.scalar(select(Forum).where(Forum.slug == slug))
    _, posts = collect(forum)
    replies = [p for p in posts if p.kind == "reply" and not p.moderator]
    started = time.perf_counter()
    report = report_for(forum)
    seconds = time.perf_counter() - started
    lines = [x for x in all_lines(report) if x.kind == "content"]
    content = [x.text for x in lines]
    n = devscore.word_count(reference)
    per_post = post_sentences(replies)
    flat = [s for sentences in per_post for s in sentences]
    outputs = {
        "digest": devscore.cut(content, n),
        "lead": devscore.lead(per_post, n),
        "LexRank": devscore.lexrank(flat, n) if flat else [],
        "centroid-MMR": devscore.centroid_mmr(flat, n) if flat else [],
    }
    result = CaseResult(
        case=slug, scores={name: devscore.rouge(out, reference) for name, out in outputs.items()},
        content_lines=len(lines), sourced_lines=sum(1 for x in lines if x.sources),
        digest_seconds=seconds, empty=not content)
    if key_points:
        # Coverage at the reference's length (what the ROUGE row sees) and at the whole
        # digest's length (what it says at all; every baseline gets that many words).
        budget = max(devscore.word_count(content), n)
        longer = {"digest": content, "lead": devscore.lead(per_post, budget),
                  "LexRank": devscore.lexrank(flat, budget) if flat else [],
                  "centroid-MMR": devscore.centroid_mmr(flat, budget) if flat else []}
        result.coverage = {name: devscore.keypoint_coverage(out, key_points)
                           for name, out in outputs.items()}
        result.coverage_long = {name: devscore.keypoint_coverage(out, key_points)
                                for name, out in longer.items()}
    return result, render_markdown(report)


def _reference(case: dict) -> tuple[list[str], list[str]]:
    from synthesis.stages.segment import split_sentences

    ref = case["references"][0]
    if ref["kind"] == "key_points":
        return list(ref["items"]), list(ref["items"])
    return [s for para in ref["text"].split("\n") if para.strip()
            for s in split_sentences(para.strip(), "en")], []


def _dump(kind: str, case: dict, result: CaseResult, reference: list[str], md: str) -> None:
    folder = BUILD / kind
    folder.mkdir(parents=True, exist_ok=True)
    scores = "\n".join(f"- {name}: " + ", ".join(f"{m} {v:.3f}" for m, v in row.items())
                       for name, row in result.scores.items())
    (folder / f"{slug_of(case['case'])}.md").write_text(
        f"# {case['case']}: {case['title']}\n\n## Reference\n\n" + "\n".join(reference)
        + f"\n\n## Scores (at the reference's length)\n\n{scores}\n"
        + (f"\nKey-point coverage at the reference's length: {result.coverage}; at the "
           f"digest's length: {result.coverage_long}\n" if result.coverage else "")
        + f"\n## Digest ({result.content_lines} content sentences)\n\n{md}", "utf-8")


def run_kind(kind: str, sample: int | None, log) -> dict:
    """Import, digest and score every (or a sample of) case of one set."""
    folder = KINDS[kind]
    cases = _cases(folder, sample)
    import_seconds = sum(_import(case, folder) for case in cases)
    results = []
    started = time.perf_counter()
    for i, case in enumerate(cases):
        reference, key_points = _reference(case)
        result, md = evaluate(slug_of(case["case"]), reference, key_points)
        results.append(result)
        if i < DUMPS_PER_KIND:
            _dump(kind, case, result, reference, md)
        log(f"{kind} {i + 1}/{len(cases)} {case['case']}: digest R-2 "
            f"{result.scores['digest']['rouge2']:.3f} ({result.digest_seconds:.1f} s)")
    return {"results": results, "import_seconds": import_seconds,
            "seconds": time.perf_counter() - started, "total": len(list(
                (DEVSETS / folder / "cases").glob("*.json")))}


def run_seed() -> dict:
    """The seed forum cbforum2014 against the note's English rendering (as bench/rouge.py)."""
    from sqlalchemy import select

    from bench.rouge import _reference_text
    from forum.archive.seed import load_seed
    from forum.extensions import db
    from forum.models import Forum
    from synthesis.stages.segment import split_sentences

    if db.session.scalar(select(Forum.id).where(Forum.slug == "cbforum2014")) is None:
        load_seed()
    note = _reference_text(ROOT / "seed" / "reference" / "note-en.md")
    reference = [s for para in note.split("\n") if para.strip()
                 for s in split_sentences(para.strip(), "en")]
    started = time.perf_counter()
    result, md = evaluate("cbforum2014", reference, [])
    _dump("seed", {"case": "cbforum2014", "title": "the seed vs the note"}, result, reference,
          md)
    return {"results": [result], "import_seconds": 0.0,
            "seconds": time.perf_counter() - started, "total": 1}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=None,
                        help="cases per kind, spread over the set (default: every case)")
    parser.add_argument("--kinds", nargs="+", choices=[*KINDS, "seed"],
                        default=[*KINDS, "seed"])
    parser.add_argument("--db", type=Path, default=BUILD / "devsets.sqlite3")
    parser.add_argument("--write", action="store_true",
                        help="write the table into docs/digest-benchmarks.md")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    runs = {}
    # The seed keeps its own file: its public numbers would collide with the devsets'.
    with _app(args.db).app_context():
        for kind in args.kinds:
            if kind != "seed":
                runs[kind] = run_kind(kind, args.sample, log)
    if "seed" in args.kinds:
        with _app(args.db.with_name("seed.sqlite3")).app_context():
            runs["seed"] = run_seed()
    command = "python -m bench.devsets" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    table = markdown_table(runs, command)
    print(table)
    if args.write:
        write_section(ROOT / "docs" / "digest-benchmarks.md", table)


if __name__ == "__main__":
    main()
