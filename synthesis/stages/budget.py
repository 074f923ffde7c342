"""The word budget: cut the least central units first until the report's content fits, then
put back what still fits. Only content counts (sentences drawn from posts, with their "X
noted that" wording): the introduction, headings, list lead-ins, the Secretariat's free texts
and footnotes are the frame, counted apart, so a budget of 50 words buys 50 words of what
was said."""

from __future__ import annotations

from collections.abc import Sequence

from synthesis.languages.registry import language_for
from synthesis.stages import chatter
from synthesis.stages.compose import units
from synthesis.stages.discussion import DISCUSSION, report_sections
from synthesis.stages.plan import Plan, Unit, cluster_unit, quote_unit, sentence_unit
from synthesis.text import count_words
from synthesis.types import Paragraph, Section

FILL_TRIES = 40  # cut units tried again, most valuable first, once the cut fits


def paragraph_words(paragraphs: Sequence[Paragraph], lang: str, *,
                    content_only: bool = False) -> int:
    total = 0
    for p in paragraphs:
        for line in (*p.lines, *(x for item in p.items for x in item.lines), *p.tail):
            if not content_only or line.kind == "content":
                total += count_words(line.text, lang)
    return total


def section_words(sections: Sequence[Section], lang: str, *, content_only: bool = False) -> int:
    paragraphs: list[Paragraph] = []
    for section in sections:
        paragraphs.extend(section.paragraphs)
        for sub in section.subsections:
            paragraphs.extend(sub.paragraphs)
    return paragraph_words(paragraphs, lang, content_only=content_only)


def fit_budget(plan: Plan, budget: int | None) -> frozenset[Unit] | None:
    """The units to keep (None: all), cutting the least central per word first."""
    if budget is None:
        return None
    ordered = breadth_first(plan, [u for _, _, u in units(plan)])

    def fits(keep: frozenset[Unit]) -> bool:
        return section_words(report_sections(plan, keep), plan.lang,
                             content_only=True) <= budget

    if fits(frozenset(ordered)):
        return None
    # A binary search over how many to cut: the report is composed about log2(units) times.
    low, high = 1, len(ordered)
    while low < high:
        middle = (low + high) // 2
        if fits(frozenset(ordered[middle:])):
            high = middle
        else:
            low = middle + 1
    # The cut is a prefix of the order, so a long unit may have left room a shorter one, cut
    # before it, can fill: try the most valuable of them again (the budget is a knapsack).
    # Only a unit whose own words fit in what is left is tried (each try composes the report).
    keep = frozenset(ordered[low:])
    sizes = unit_words(plan)
    left = budget - section_words(report_sections(plan, keep), plan.lang, content_only=True)
    for unit in reversed(ordered[max(0, low - FILL_TRIES):low]):
        if sizes.get(unit, 0) > left:
            continue
        trial = section_words(report_sections(plan, keep | {unit}), plan.lang,
                              content_only=True)
        if trial <= budget:
            keep, left = keep | {unit}, budget - trial
    return keep


def unit_words(plan: Plan) -> dict[Unit, int]:
    """Each unit's own words (its sentence, statement or quotation, without lead-ins)."""
    lang = plan.lang
    sizes = {sentence_unit(r): count_words(r.placed.sentence.text, lang) for r in plan.ranked}
    sizes.update({cluster_unit(c, n): count_words(c.point or c.text, lang)
                  for n, c in enumerate(plan.clusters)})
    sizes.update({quote_unit(q): count_words(q.text, lang) for q in plan.quotes})
    return sizes


def voice_leads(plan: Plan) -> frozenset[Unit]:
    """Per place of the outline, each country's or organization's best sentence that can
    open its paragraph (`Language.opening`): what keeps that voice in the place."""
    language = language_for(plan.lang)
    best: dict[tuple[str, ...], tuple[float, tuple[int, int, int], Unit]] = {}
    for r in plan.ranked:
        if not r.group[2].startswith(("country:", "org:")):
            continue
        text = r.placed.sentence.text
        if language.opening(text) is None or not chatter.has_verb(text, plan.lang):
            continue
        candidate = (-r.score, r.placed.sentence.order, sentence_unit(r))
        if r.group not in best or candidate < best[r.group]:
            best[r.group] = candidate
    return frozenset(unit for _, _, unit in best.values())


def breadth_first(plan: Plan, ordered: list[Unit]) -> list[Unit]:
    """The note's order of cutting: a voice's further sentences in a place go before the one
    sentence that keeps it there and before shared statements. The note names every country
    that spoke to a subsection (two sentences of one country tell less than one sentence
    each of two). A general discussion keeps the plain order: its statements are ranked by
    support."""
    if plan.structure == DISCUSSION:
        return ordered
    # A shared statement speaks for several voices at once: it is kept with the leads.
    leads = voice_leads(plan) | {cluster_unit(c, n) for n, c in enumerate(plan.clusters)}
    return [u for u in ordered if u not in leads] + [u for u in ordered if u in leads]
