"""Stage 6: paragraphs 1..N straight through, (a), (b) inside them, footnotes in order of use."""

from __future__ import annotations

from dataclasses import replace

from synthesis.languages import strings
from synthesis.types import Footnote, Item, Line, Paragraph, Report, Section, Subsection


class _Counter:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.paragraph = 0
        self.notes: dict[str, int] = {}

    def line(self, line: Line) -> Line:
        numbers = []
        for text in line.notes:
            if text not in self.notes:
                self.notes[text] = len(self.notes) + 1
            numbers.append(self.notes[text])
        return replace(line, note_numbers=tuple(numbers))

    def paragraph_(self, p: Paragraph) -> Paragraph:
        self.paragraph += 1
        number = self.paragraph
        lines = tuple(self.line(x) for x in p.lines)
        items = tuple(Item(tuple(self.line(x) for x in item.lines),
                           strings.sequence(self.lang, "item_letters", i))
                      for i, item in enumerate(p.items))
        tail = tuple(self.line(x) for x in p.tail)
        return Paragraph(lines, items, number, tail)


def number(report: Report) -> Report:
    """Number paragraphs, letter list items and footnotes; everything else is unchanged."""
    counter = _Counter(report.language)
    intro = tuple(counter.paragraph_(p) for p in report.introduction)
    sections = []
    for section in report.sections:
        paragraphs = tuple(counter.paragraph_(p) for p in section.paragraphs)
        subsections = tuple(Subsection(s.key, s.letter, s.title,
                                       tuple(counter.paragraph_(p) for p in s.paragraphs))
                            for s in section.subsections)
        sections.append(Section(section.key, section.numeral, section.title, section.kind,
                                paragraphs, subsections))
    footnotes = tuple(Footnote(n, text) for text, n in counter.notes.items())
    return replace(report, introduction=intro, sections=tuple(sections), footnotes=footnotes)


def all_paragraphs(report: Report) -> list[Paragraph]:
    """Every paragraph of the report, in reading order (numbered 1..N once numbered)."""
    paragraphs = list(report.introduction)
    for section in report.sections:
        paragraphs.extend(section.paragraphs)
        for sub in section.subsections:
            paragraphs.extend(sub.paragraphs)
    return paragraphs


def paragraph_lines(p: Paragraph) -> list[Line]:
    """A paragraph's sentences in reading order: its lines, its items', its tail."""
    return [*p.lines, *(x for item in p.items for x in item.lines), *p.tail]


def all_lines(report: Report) -> list[Line]:
    """Every sentence of the report's body, in reading order (for checks and counts)."""
    return [x for p in all_paragraphs(report) for x in paragraph_lines(p)]
