"""The large-database sections of docs/benchmarks.md, written from the JSON results that
`bench.bigdb` and `bench.search_bench` leave in bench/results/.

`bench.report` (the whole document, `make bench`) includes them; `bench.bigdb --write` and
`bench.search_bench --write` replace only the text between their markers, so a long run
of one does not need the others again.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
SECTIONS = ("bigdb", "search")


def _load(name: str) -> list[dict]:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else []


def _ms(pair: list[float]) -> str:
    return f"{pair[0]:,.1f} / {pair[1]:,.1f}"


def bigdb_lines(results: list[dict]) -> list[str]:
    if not results:
        return []
    sizes = [f"{r['posts']:,}" for r in results]
    names = list(results[0]["pages"])
    lines = [
        "| page | " + " | ".join(f"{s} posts: p50 / p95 ms" for s in sizes) + " | "
        + " | ".join(f"statements at {s}" for s in sizes) + " |",
        "| --- |" + " ---: |" * (2 * len(results)),
    ]
    for name in names:
        cells = [_ms([r["pages"][name]["p50_ms"], r["pages"][name]["p95_ms"]])
                 if name in r["pages"] else "" for r in results]
        counts = [str(r["pages"][name]["statements"]) if name in r["pages"] else ""
                  for r in results]
        lines.append(f"| {name} | " + " | ".join(cells + counts) + " |")
    lines += ["", "| posts (approved) | forums (SQL copies) | people | import of the imported "
                  "forums | of which search index | index size | database size | load average "
                  "while measuring |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        load = f"{r['before']['load_average']} → {r['after']['load_average']}"
        lines.append(f"| {r['posts']:,} ({r['approved']:,}) | {r['forums']} "
                     f"({r.get('copied_forums', 0)}) | {r['people']:,} "
                     f"| {r['import_s']:,.0f} s | {r['index_s']:,.0f} s | "
                     f"{r['index_mib']:,.0f} MiB | {r['database_mib']:,.0f} MiB | {load} |")
    return lines


def search_lines(results: list[dict]) -> list[str]:
    if not results:
        return []
    lines = ["| database | approved posts | full-text p50 / p95 ms | LIKE p50 / p95 ms | "
             "words | phrases | with a country | Chinese | index build | index size |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sorted(results, key=lambda r: (r["database"], r.get("approved", r["posts"]))):
        s = r["search"]
        kinds = " | ".join(_ms(s[kind]) for kind in ("word", "phrase", "country", "chinese"))
        name = "SQLite FTS5" if r["database"] == "sqlite" else "PostgreSQL GIN"
        lines.append(f"| {name} | {r.get('approved', r['posts']):,} | {_ms(s['all'])} | "
                     f"{_ms(r['like']['all'])} | {kinds} | {r['index_s']:,.0f} s | "
                     f"{r['index_mib']:,.0f} MiB |")
    return lines


def _notes(name: str) -> list[str]:
    path = RESULTS / f"{name}.md"
    return path.read_text("utf-8").rstrip("\n").splitlines() if path.exists() else []


def section(name: str) -> list[str]:
    """A section with its markers: the notes in bench/results/NAME.md, then the tables."""
    if name == "bigdb":
        body = [*_notes("bigdb"), "", *bigdb_lines(_load("bigdb"))]
    else:
        rows = _load("search") + [r for r in _load("bigdb") if "search" in r]
        body = [*_notes("search"), "", *search_lines(rows), *_notes("search-after")]
    return [f"<!-- {name}:begin -->", *body, f"<!-- {name}:end -->"]


def document_sections() -> str:
    """Every section, for the whole document that `make bench` writes (bench/run.py)."""
    out: list[str] = []
    for name in SECTIONS:
        if (RESULTS / f"{name}.json").exists():
            out += ["", *section(name)]
    return "\n".join(out) + "\n" if out else ""


def write_sections(doc: Path = DOC) -> None:
    """Replace each section between its markers in `doc` (appended when missing)."""
    text = doc.read_text("utf-8")
    for name in SECTIONS:
        if not (RESULTS / f"{name}.json").exists():
            continue
        begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
        new = "\n".join(section(name))
        if begin in text and end in text:
            text = text[:text.index(begin)] + new + text[text.index(end) + len(end):]
        else:
            text = text.rstrip("\n") + "\n\n" + new + "\n"
    doc.write_text(text, "utf-8")
