"""Stage 7a: the report as Markdown (CommonMark with footnotes), byte for byte reproducible."""

from __future__ import annotations

import re

from synthesis.languages import strings
from synthesis.render.annex import markdown_table
from synthesis.text import URL as _URL
from synthesis.types import Line, Paragraph, Report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """Text as Markdown that shows it literally (addresses become autolinks)."""
    out, pos = [], 0
    for match in _URL.finditer(text):
        out.append(_SPECIAL.sub(r"\\\1", text[pos:match.start()]))
        out.append(f"<{match.group(0)}>")
        pos = match.end()
    out.append(_SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def _line(line: Line) -> str:
    return escape(line.text) + "".join(f"[^{n}]" for n in line.note_numbers)


def _sentences(lines: tuple[Line, ...], joiner: str = " ") -> str:
    return joiner.join(_line(x) for x in lines)


def _paragraph(p: Paragraph, joiner: str, lang: str) -> list[str]:
    blocks = [f"{p.number}. {_sentences(p.lines, joiner)}".rstrip()]
    blocks += [f"{escape(strings.t(lang, 'item_label', letter=item.letter))} "
               f"{_sentences(item.lines, joiner)}" for item in p.items]
    if p.tail:
        blocks.append(_sentences(p.tail, joiner))
    return blocks


def render_markdown(report: Report) -> str:
    """The whole report: header block, title, numbered paragraphs, footnotes at the end."""
    blocks: list[str] = []
    if report.draft:
        blocks.append(f"**{escape(report.draft_label)}**")
    h = report.header
    top = [x for x in (h.body, h.meeting, h.place_and_dates, h.agenda_item) if x]
    if top:
        blocks.append("  \n".join(escape(x) for x in top))
    ids = [x for x in (h.symbol, h.date) if x]
    if ids:
        blocks.append("  \n".join(escape(x) for x in ids))
    blocks.append(f"# {escape(report.title)}")
    if report.note_by:  # a general discussion's summary is nobody's note
        blocks.append(f"**{escape(report.note_by)}**")
    if report.reconstruction_note:
        blocks.append(f"*{escape(report.reconstruction_note)}*")
    if report.introduction:
        blocks.append(f"## {escape(report.intro_heading)}")
        for p in report.introduction:
            blocks.extend(_paragraph(p, report.sentence_joiner, report.language))
    for section in report.sections:
        blocks.append(f"## {escape(section.numeral)}. {escape(section.title)}")
        for p in section.paragraphs:
            blocks.extend(_paragraph(p, report.sentence_joiner, report.language))
        for sub in section.subsections:
            blocks.append(f"### {escape(sub.letter)}. {escape(sub.title)}")
            for p in sub.paragraphs:
                blocks.extend(_paragraph(p, report.sentence_joiner, report.language))
    for note in report.footnotes:
        blocks.append(f"[^{note.number}]: {escape(note.text)}")
    if report.annex is not None:  # Markdown has no pictures: the figures they show
        blocks.append(f"## {escape(report.annex.title)}")
        for figure in report.annex.figures:
            blocks.append(f"### {escape(figure.title)}")
            blocks.append(f"*{escape(figure.description)}*")
            blocks.append(markdown_table(figure, escape))
    return "\n\n".join(blocks) + "\n"
