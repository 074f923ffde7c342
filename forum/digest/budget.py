"""The word budget: cut the least central units first until the report fits; never the
introduction. Words are counted over every printed paragraph (not headings or footnotes)."""

from __future__ import annotations

from collections.abc import Sequence

from forum.digest.compose import compose_sections, units
from forum.digest.plan import Plan, Unit
from forum.digest.text import count_words
from forum.digest.types import Paragraph, Section


def paragraph_words(paragraphs: Sequence[Paragraph], lang: str) -> int:
    total = 0
    for p in paragraphs:
        for line in (*p.lines, *(x for item in p.items for x in item.lines), *p.tail):
            total += count_words(line.text, lang)
    return total


def section_words(sections: Sequence[Section], lang: str) -> int:
    paragraphs: list[Paragraph] = []
    for section in sections:
        paragraphs.extend(section.paragraphs)
        for sub in section.subsections:
            paragraphs.extend(sub.paragraphs)
    return paragraph_words(paragraphs, lang)


def fit_budget(plan: Plan, intro: Sequence[Paragraph],
               budget: int | None) -> frozenset[Unit] | None:
    """The units to keep (None: all), cutting the least central first."""
    # A binary search over how many to cut: the report is composed about log2(units) times.
    if budget is None:
        return None
    ordered = [u for _, _, u in units(plan)]
    fixed = paragraph_words(intro, plan.lang)

    def fits(cut: int) -> bool:
        keep = frozenset(ordered[cut:])
        return fixed + section_words(compose_sections(plan, keep), plan.lang) <= budget

    if fits(0):
        return None
    low, high = 1, len(ordered)
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return frozenset(ordered[low:])
