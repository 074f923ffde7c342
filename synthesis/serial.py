"""A report that means the same in any database: sources as public numbers, and as JSON.

Database ids differ between a forum and its imported copy; public numbers survive import
(CONTRACTS.md). Drafts, overrides and published versions therefore cite posts by number.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import Any

from synthesis.types import (
    Annex,
    Figure,
    Footnote,
    Item,
    Line,
    Paragraph,
    Report,
    ReportHeader,
    Section,
    Subsection,
)


def by_public_number(report: Report) -> Report:
    """Every source id replaced by the post's public number (ids without one are kept)."""
    numbers = {i: n for i, n in report.post_numbers if n is not None}

    def line(x: Line) -> Line:
        return replace(x, sources=tuple(sorted({numbers.get(s, s) for s in x.sources})))

    def paragraph(p: Paragraph) -> Paragraph:
        return replace(p, lines=tuple(map(line, p.lines)), tail=tuple(map(line, p.tail)),
                       items=tuple(replace(i, lines=tuple(map(line, i.lines)))
                                   for i in p.items))

    sections = tuple(
        replace(s, paragraphs=tuple(map(paragraph, s.paragraphs)),
                subsections=tuple(replace(sub, paragraphs=tuple(map(paragraph, sub.paragraphs)))
                                  for sub in s.subsections))
        for s in report.sections)
    pairs = tuple(sorted({(numbers.get(i, i), n) for i, n in report.post_numbers},
                         key=lambda pair: pair[0]))
    return replace(report, introduction=tuple(map(paragraph, report.introduction)),
                   sections=sections, post_numbers=pairs)


def report_to_dict(report: Report) -> dict[str, Any]:
    """Plain JSON data (lists, not tuples)."""
    return json.loads(json.dumps(asdict(report)))


def _line(d: dict) -> Line:
    return Line(d["text"], tuple(d.get("sources", ())), d.get("kind", "content"),
                tuple(d.get("notes", ())), tuple(d.get("note_numbers", ())))


def _paragraph(d: dict) -> Paragraph:
    return Paragraph(tuple(map(_line, d["lines"])),
                     tuple(Item(tuple(map(_line, i["lines"])), i.get("letter", ""))
                           for i in d.get("items", ())),
                     d.get("number", 0), tuple(map(_line, d.get("tail", ()))),
                     d.get("key", ""), d.get("edited", False), d.get("changed", False))


def report_from_dict(d: dict[str, Any]) -> Report:
    """The inverse of `report_to_dict` (unknown keys are ignored)."""
    sections = tuple(
        Section(s["key"], s["numeral"], s["title"], s["kind"],
                tuple(map(_paragraph, s["paragraphs"])),
                tuple(Subsection(sub["key"], sub["letter"], sub["title"],
                                 tuple(map(_paragraph, sub["paragraphs"])))
                      for sub in s.get("subsections", ())))
        for s in d["sections"])
    header = ReportHeader(**{k: v for k, v in d.get("header", {}).items()
                             if k in ReportHeader.__dataclass_fields__})
    return Report(
        language=d["language"], header=header, title=d["title"], note_by=d["note_by"],
        draft=d["draft"], draft_label=d["draft_label"],
        reconstruction_note=d.get("reconstruction_note", ""),
        intro_heading=d["intro_heading"],
        introduction=tuple(map(_paragraph, d["introduction"])), sections=sections,
        footnotes=tuple(Footnote(f["number"], f["text"]) for f in d.get("footnotes", ())),
        post_numbers=tuple((a, b) for a, b in d.get("post_numbers", ())),
        sources_label=d.get("sources_label", "Sources"),
        sentence_joiner=d.get("sentence_joiner", " "),
        document_language=d.get("document_language", ""), annex=_annex(d.get("annex")))


def _annex(d: dict | None) -> Annex | None:
    if not d:
        return None
    return Annex(d["title"], tuple(
        Figure(f["key"], f["title"], f["description"], f["svg"], f["width"], f["height"],
               tuple(f["headers"]), tuple(tuple(str(c) for c in r) for r in f["rows"]))
        for f in d.get("figures", ())))
