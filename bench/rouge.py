"""ROUGE of the digest against the English rendering of the note, with two baselines.

    .venv/bin/python bench/rouge.py     (needs the bench extra: pip install -e ".[bench]")

ROUGE-1/2/L F1 (stemmed) of the digest's content paragraphs against seed/reference/note-en.md
(sections I, II and IV of UNEP/CBD/BS/COP-MOP/7/7), with the digest and two baselines cut to
the reference's length N. The baselines: the first sentence of every reply, and plain TextRank
over all replies' sentences. The digest is scored twice: its first N words, and the digest
generated with a word budget of N (which cuts the least central material of every section).
For ppforum2014, which has no published note, the reference is its moderator's summary and
closing message, and sources exclude them.
All figures come from one run on the same data; nothing here is a timed assertion.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _app():
    from flask_migrate import upgrade

    from forum import create_app

    db_file = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _cut(text: str, n: int) -> str:
    return " ".join(_words(text)[:n])


def _plain(markdown: str) -> str:
    text = re.sub(r"\[\^?\d+\]", "", markdown)
    text = re.sub(r"[*_#>`]", "", text)
    return text


def _reference_text(path: Path) -> str:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    return _plain("\n".join(ln for ln in lines if not ln.startswith("#")))


def _sentences(posts, lang: str = "en") -> list[tuple[int, str]]:
    from synthesis.stages.segment import blocks, split_sentences

    out = []
    for post in posts:
        for _, sentences in blocks(post.body):
            for sentence in sentences:
                out.extend((post.id, s) for s in split_sentences(sentence, lang))
    return out


def lead_baseline(posts) -> str:
    from synthesis.stages.segment import blocks, split_sentences

    firsts = []
    for post in sorted(posts, key=lambda p: (p.number or 0, p.id)):
        for _, sentences in blocks(post.body):
            parts = [s for sentence in sentences for s in split_sentences(sentence, "en")]
            if parts:
                firsts.append(parts[0])
                break
    return " ".join(firsts)


def textrank_baseline(posts, budget: int) -> str:
    from synthesis.stages.rank import Idf, similarity, textrank
    from synthesis.text import terms

    sentences = [s for _, s in _sentences(posts)]
    docs = [terms(s, "en") for s in sentences]
    matrix = Idf(docs).matrix(docs)
    scores = textrank(similarity(matrix))
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen, words = [], 0
    for i in order:
        if words >= budget:
            break
        chosen.append(i)
        words += len(_words(sentences[i]))
    return " ".join(sentences[i] for i in sorted(chosen))


def digest_content(report) -> str:
    from synthesis.stages.number import all_lines

    return " ".join(line.text for line in all_lines(report) if line.kind == "content")


def scores(candidate: str, reference: str) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    result = scorer.score(reference, candidate)
    return {name: round(value.fmeasure, 4) for name, value in result.items()}


def evaluate(slug: str, reference: str) -> dict[str, dict[str, float]]:
    from forum.archive.export import forum_for_export
    from forum.digest.collect import collect
    from forum.digest.generate import report_for
    from synthesis.stages.number import all_lines

    forum = forum_for_export(slug)
    _, posts = collect(forum)
    replies = [p for p in posts if p.kind == "reply" and not p.moderator]
    n = len(_words(reference))
    started = time.perf_counter()
    report = report_for(forum)
    seconds = time.perf_counter() - started
    # The product's own word budget cuts the least central material first, in every section;
    # the budget counts the introduction too, so it is added on top of the reference's length.
    framing = sum(len(_words(line.text)) for line in all_lines(report) if line.kind != "content")
    budgeted = report_for(forum, words=n + framing)
    rows = {
        "digest (first N words)": scores(_cut(digest_content(report), n), reference),
        "digest (word budget N)": scores(_cut(digest_content(budgeted), n), reference),
        "lead (first sentence of every reply)": scores(_cut(lead_baseline(replies), n),
                                                        reference),
        "TextRank over all replies": scores(_cut(textrank_baseline(replies, n), n), reference),
    }
    rows["digest (first N words)"]["seconds"] = round(seconds, 2)
    return rows


def main() -> None:
    from sqlalchemy import select

    from forum.archive.seed import load_seed
    from forum.extensions import db
    from forum.models import Forum, Post

    app = _app()
    with app.app_context():
        load_seed()
        note = _reference_text(ROOT / "seed" / "reference" / "note-en.md")
        results = {"cbforum2014 vs the note (sections I, II, IV)": evaluate("cbforum2014", note)}
        pp = db.session.scalar(select(Forum).where(Forum.slug == "ppforum2014"))
        frame = db.session.scalars(select(Post.body).where(
            Post.forum_id == pp.id, Post.kind.in_(("summary", "closing")))).all()
        results["ppforum2014 vs its moderator's summary and closing"] = evaluate(
            "ppforum2014", _plain("\n".join(frame)))
    for title, rows in results.items():
        print(f"\n{title}")
        print(f"  {'':40} {'R-1 F1':>8} {'R-2 F1':>8} {'R-L F1':>8}")
        for name, row in rows.items():
            print(f"  {name:40} {row['rouge1']:>8.4f} {row['rouge2']:>8.4f} {row['rougeL']:>8.4f}"
                  + (f"   ({row['seconds']} s)" if "seconds" in row else ""))


if __name__ == "__main__":
    main()
