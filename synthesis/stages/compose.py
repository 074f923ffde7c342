"""Stage 5: selected sentences become the note's paragraphs, in the third person.

Per place in the outline: the summary sentences ("A number of countries ..."), one paragraph
per country ("In Cameroon, ..."), the general remarks as a lettered list, then what each
organization said. Every sentence keeps the ids of the posts its words came from.
"""

from __future__ import annotations

from collections import defaultdict

from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages import chatter, discourse
from synthesis.stages.cluster import Cluster, name_key
from synthesis.stages.country import country_paragraph
from synthesis.stages.intro import free_paragraphs
from synthesis.stages.people import person_paragraph
from synthesis.stages.people import sort_key as person_order
from synthesis.stages.person import country_persona, reported_persona
from synthesis.stages.plan import Plan, Unit, cluster_unit, quote_unit, sentence_unit, turn
from synthesis.text import count_words, strip_end
from synthesis.types import (
    Item,
    Line,
    Paragraph,
    Ranked,
    Section,
    Subsection,
)

TYPICAL_SENTENCE = 20  # words: a sentence this long keeps its score when the budget compares


def _items(members: list[Ranked], plan: Plan) -> list[list[Line]]:
    """Lettered entries: a remark and the sentences that follow it in the same paragraph."""
    runs: list[list[Ranked]] = []
    for r in sorted(members, key=lambda r: r.placed.sentence.order):
        s = r.placed.sentence
        last = runs[-1][-1].placed.sentence if runs else None
        if last and (last.post_id, last.block, last.index + 1) == (s.post_id, s.block, s.index):
            runs[-1].append(r)
        else:
            runs.append([r])
    runs.sort(key=lambda run: (-max(r.score for r in run), run[0].placed.sentence.order))
    items = []
    for run in runs:
        language = rules(plan.lang)
        while run and (language.opening(run[0].placed.sentence.text) is None
                       or not chatter.has_verb(run[0].placed.sentence.text, plan.lang)):
            run = run[1:]  # its antecedent was not kept: "It sends a signal ..." alone is empty
        lines = []
        for r in run:
            s = r.placed.sentence
            text = (language.opening(s.text) or s.text) if not lines else s.text
            turned = turn(text, country_persona(s.country, plan.lang), plan.lang, s.country)
            if turned:
                text = discourse.lower_first(turned, plan.lexicon) if not lines else turned
                lines.append(Line(text, (s.post_id,)))
        if lines:
            items.append(lines)
    return items


def _end(line: Line, ending: str) -> Line:
    return Line(strip_end(line.text) + ending, line.sources, line.kind, line.notes)


def observations(members: list[Ranked], plan: Plan, lead_key: str) -> Paragraph | None:
    """"Participants noted, among other things, that: (a) ...; (b) ...; and (c) ..."."""
    items = _items(members, plan)
    if not items:
        return None
    table = strings.table(plan.lang)
    if len(items) == 1:
        first, *rest = items[0]
        clause = strip_end(first.text)
        language = rules(plan.lang)
        if not language.staged:
            clause = language.lower_first(clause)  # Arabic: no "أن إن ..."
        text = strings.t(plan.lang, "participants_noted_that", clause=clause)
        return Paragraph((Line(text, first.sources), *rest))
    built = []
    for n, lines in enumerate(items):
        if n == len(items) - 1:
            ending = table["item_final"]
        elif n == len(items) - 2:
            ending = table["item_last_joiner"]
        else:
            ending = table["item_end"]
        built.append(Item((*lines[:-1], _end(lines[-1], ending))))
    return Paragraph((Line(table[lead_key], kind="frame"),), items=tuple(built))


def _organization_paragraph(members: list[Ranked], plan: Plan) -> Paragraph | None:
    lang = plan.lang
    language = rules(lang)
    if not language.staged:  # its own module writes the paragraph (synthesis/languages/)
        ordered = sorted(members, key=lambda r: r.placed.sentence.order)
        org = ordered[0].placed.sentence.organization.strip()
        speaker = (language.organization_speaker(org) if plan.settings.name_organizations and org
                   else language.organization_speaker(None))
        return language.paragraph(speaker, [r.placed.sentence for r in ordered])
    lines: list[Line] = []
    for r in sorted(members, key=lambda r: r.placed.sentence.order):
        s = r.placed.sentence
        if not lines:
            opened = rules(lang).opening(s.text)
            if opened is None or not chatter.has_verb(s.text, lang):
                continue
            noun = rules(lang).organization_pronoun or strings.t(lang, "organization_subject")
            turned = turn(opened, reported_persona(lang, noun=noun), lang, None)
            if not turned:
                continue
            clause = discourse.lower_first(strip_end(turned), plan.lexicon)
            org = s.organization.strip()
            if plan.settings.name_organizations and org:
                article = rules(lang).title_article
                if not article:
                    text = strings.t(lang, "organization_noted", organization=org, clause=clause)
                else:
                    org = org[len(article):] if org.lower().startswith(article) else org
                    org = f"{org}," if "," in org else org  # "The Centre ..., University, noted"
                    text = strings.t(lang, "organization_noted", organization=org, clause=clause)
            else:
                text = strings.t(lang, "one_organization_noted", clause=clause)
        else:
            noun = strings.t(lang, "organization_subject")
            text = turn(s.text, reported_persona(lang, noun=noun), lang, None)
        if text:
            lines.append(Line(text, (s.post_id,)))
    return Paragraph(tuple(lines)) if lines else None


def _speakers(plan: Plan) -> dict[str, frozenset[str]]:
    return discourse.acronym_speakers([(_speaker(r), r.placed.sentence.text)
                                       for r in plan.ranked])


def _speaker(r: Ranked) -> str:
    s = r.placed.sentence
    return s.speaker or (f"country:{s.country}" if s.country else f"org:{s.organization}")


def summary_lines(c: Cluster) -> tuple[Line, ...]:
    """A shared statement, and beside it whoever said the opposite on the same point."""
    lines = (Line(c.text, c.sources),)
    if c.contrast_text:
        lines += (Line(c.contrast_text, c.contrast_sources),)
    return lines


def place_parts(section: str, subsection: str, kind: str, plan: Plan,
                keep: frozenset[Unit] | None,
                speakers: dict[str, frozenset[str]] | None = None
                ) -> tuple[list[Cluster], dict[str, list[Ranked]]]:
    """What one place of the outline has to print: its shared statements (most supported
    first) and its remaining sentences by speaker group ("general", "country:KE", ...)."""
    kept = [r for r in plan.ranked if r.group[:2] == (section, subsection)
            and (keep is None or sentence_unit(r) in keep)]
    summaries: list[Cluster] = []
    absorbed: set[Unit] = set()
    for n, c in enumerate(plan.clusters):
        if (c.section, c.subsection) != (section, subsection):
            continue
        absorbed.update(sentence_unit(m) for m in c.members + c.contrast)
        if keep is None or cluster_unit(c, n) in keep:
            summaries.append(c)
    kept = [r for r in kept if sentence_unit(r) not in absorbed]
    if plan.attribution == "country":
        summaries.sort(key=lambda c: (-c.score, c.members[0].placed.sentence.order))
    else:  # people: the statement most people support first
        summaries.sort(key=lambda c: (-c.support, -c.score, c.members[0].placed.sentence.order))
    speakers = _speakers(plan) if speakers is None else speakers
    by_group: dict[str, list[Ranked]] = defaultdict(list)
    for r in kept:
        group = r.group[2]
        # "Each ministry in CIBIOGEM ...": an acronym only its author's country uses makes the
        # remark that country's story (the conclusions keep general remarks only, as before).
        if group == "general" and kind != "conclusions" and r.placed.sentence.country \
                and discourse.own_acronym(r.placed.sentence.text, _speaker(r), speakers):
            group = _speaker(r)
        by_group[group].append(r)
    return summaries, by_group


def target_paragraphs(section: str, subsection: str, kind: str, plan: Plan,
                      keep: frozenset[Unit] | None,
                      speakers: dict[str, frozenset[str]] | None = None) -> list[Paragraph]:
    """The paragraphs fed by one place of the outline."""
    summaries, by_group = place_parts(section, subsection, kind, plan, keep, speakers)
    paragraphs: list[Paragraph] = []
    if summaries:
        paragraphs.append(Paragraph(tuple(line for c in summaries for line in summary_lines(c))))
    countries = sorted((g[len("country:"):] for g in by_group if g.startswith("country:")),
                       key=name_key)
    national = []
    for code in countries:
        members = sorted(by_group[f"country:{code}"], key=lambda r: r.placed.sentence.order)
        paragraph = country_paragraph(code, members, plan)
        if paragraph:
            national.append(paragraph)
    lead = "conclusions_lead" if kind == "conclusions" else "participants_noted"
    general = observations(by_group.get("general", []), plan, lead)
    orgs = sorted((g for g in by_group if g.startswith("org:")), key=lambda g: g.lower())
    bodies = [p for p in (_organization_paragraph(by_group[g], plan) for g in orgs) if p]
    persons = sorted((by_group[g] for g in by_group if g.startswith("person:")),
                     key=lambda members: person_order(members, plan))
    people = [p for p in (person_paragraph(m, plan) for m in persons) if p]
    # From the common to the particular, as the note does: what several countries said
    # alike, what participants observed in general, then each country, then organizations,
    # then people speaking for themselves (one paragraph each).
    return paragraphs + ([general] if general else []) + national + bodies + people


def compose_sections(plan: Plan, keep: frozenset[Unit] | None = None) -> tuple[Section, ...]:
    """The report's sections (unnumbered) from the units in `keep` (all when None)."""
    sections = []
    speakers = _speakers(plan)
    for spec in plan.outline:
        free = free_paragraphs(spec.free_text, plan.lang)
        if spec.kind == "free":
            sections.append(Section(spec.key, spec.numeral, spec.title, spec.kind, tuple(free)))
            continue
        if spec.subsections:
            subs = tuple(Subsection(sub.key, sub.letter, sub.title, tuple(paragraphs))
                         for sub in spec.subsections
                         if (paragraphs := target_paragraphs(spec.key, sub.key, spec.kind, plan,
                                                             keep, speakers)))
            body: list[Paragraph] = []
        else:
            subs = ()
            body = target_paragraphs(spec.key, "", spec.kind, plan, keep, speakers)
        paragraphs = body + free if spec.kind == "conclusions" else free + body
        if not paragraphs and not subs:
            continue  # nothing was said (or kept) here: no empty heading
        sections.append(Section(spec.key, spec.numeral, spec.title, spec.kind,
                                tuple(paragraphs), subs))
    return tuple(sections)


def _per_word(score: float, text: str, lang: str) -> float:
    return round(score * TYPICAL_SENTENCE / max(count_words(text, lang), 1), 12)


def units(plan: Plan) -> list[tuple[float, tuple[int, int, int], Unit]]:
    """Every unit the budget may cut, least central first (later posts first on a tie)."""
    # The budget is counted in words, so it is filled like a knapsack: what gives the least
    # centrality per word goes first (a long sentence must be worth more to stay).
    out = [(_per_word(r.score, r.placed.sentence.text, plan.lang), r.placed.sentence.order,
            sentence_unit(r)) for r in plan.ranked]
    out += [(_per_word(c.score, c.text, plan.lang), c.members[0].placed.sentence.order,
             cluster_unit(c, n)) for n, c in enumerate(plan.clusters)]
    # Quotations (`discussion`): the first message's question is worth the most central
    # sentence, a question later in the thread a typical one (1), a fallback nothing.
    top = max((r.score for r in plan.ranked), default=1.0)
    worth = {"opening": top, "open": 1.0, "asked": 1.0, "wrote": 0.0}
    out += [(_per_word(worth[q.role], q.text, plan.lang), (0, q.order), quote_unit(q))
            for q in plan.quotes]
    out.sort(key=lambda u: (u[0], tuple(-x for x in u[1])))
    return out
