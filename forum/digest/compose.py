"""Stage 5: selected sentences become the note's paragraphs, in the third person.

Per place in the outline: the summary sentences ("A number of countries ..."), one paragraph
per country ("In Cameroon, ..."), the general remarks as a lettered list, then what each
organization said. Every sentence keeps the ids of the posts its words came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from forum.countries import country_name
from forum.digest import chatter, strings
from forum.digest.cluster import Cluster, name_key
from forum.digest.intro import free_paragraphs
from forum.digest.person import (
    Persona,
    country_aliases,
    country_persona,
    reported_persona,
    rewrite,
    speaks_of_self,
    strip_locative,
)
from forum.digest.text import Lexicon, is_chinese, strip_end
from forum.digest.types import (
    DigestSettings,
    Item,
    Line,
    Paragraph,
    Ranked,
    Section,
    SectionSpec,
    Subsection,
)
from forum.digest.verbs import declarative

Unit = tuple  # ("s", post_id, index) for a sentence, ("c", section, subsection, n) for a summary


@dataclass(frozen=True)
class Plan:
    """Everything the body of the report is built from; `compose_sections` prints a subset."""

    lang: str
    settings: DigestSettings
    outline: tuple[SectionSpec, ...]
    ranked: tuple[Ranked, ...]
    clusters: tuple[Cluster, ...]
    lexicon: Lexicon


def sentence_unit(r: Ranked) -> Unit:
    return ("s", r.placed.sentence.post_id, r.placed.sentence.index)


def cluster_unit(c: Cluster, n: int) -> Unit:
    return ("c", c.section, c.subsection, n)


@lru_cache(maxsize=65536)
def _turn(text: str, persona: Persona, lang: str, code: str | None) -> str | None:
    turned = rewrite(text, persona, lang, code)
    return None if turned is None else declarative(turned)


def _lead(text: str, code: str, plan: Plan, *, located: bool) -> str | None:
    """A country paragraph's first sentence: "Cameroon has ...", "In Cameroon, ..." or "noted"."""
    # "Cameroon noted that ..." is for an opening remark that is not about the country.
    lang = plan.lang
    name = country_name(code, lang)
    start = country_name(code, lang, start=True)
    aliases = "|".join(re.escape(a) for a in country_aliases(code, lang))
    text = chatter.drop_connective(text)
    if not (located or speaks_of_self(text, lang, code)):
        if not chatter.has_verb(text):
            return None
        turned = _turn(text, country_persona(code, lang), lang, code)
        return turned and strings.t(lang, "country_noted", country=start,
                                    clause=plan.lexicon.decapitalize(strip_end(turned)))
    lead = _turn(text, country_persona(code, lang, lead=True), lang, code)
    if lead and lead.startswith(start):
        return lead  # "We have ..." -> "Cameroon has ..."
    turned = _turn(text, country_persona(code, lang), lang, code)
    if turned is None:
        return None
    opening = re.match(rf"(?:the\s+)?(?:{aliases})(?!\w)", turned, re.IGNORECASE)
    if opening:  # "Moldova has ..." -> "The Republic of Moldova has ..."
        return start + turned[opening.end():]
    early = re.search(rf"(?<!\w)(?:{aliases})(?!\w)", turned[:40])
    if early and not re.match(rf"{re.escape(strings.t(lang, 'country_subject'))}\b", turned,
                              re.IGNORECASE):
        return turned  # "When Cambodia prepared its first plan, ..." names it already
    if is_chinese(lang):
        turned = re.sub(r"^其", "", turned)  # "在泰国，其预算" reads "在泰国，预算"
    return strings.t(lang, "in_country", country=name) + plan.lexicon.decapitalize(turned)


def _country_paragraph(code: str, members: list[Ranked], plan: Plan) -> Paragraph | None:
    lang = plan.lang
    lines: list[Line] = []
    for r in members:
        s = r.placed.sentence
        text, located = strip_locative(s.text, code, lang)
        if not lines:
            if chatter.anaphoric(text):
                continue  # "It works both ways." cannot open a paragraph
            turned = _lead(text, code, plan, located=located)
        else:
            turned = _turn(text, country_persona(code, lang), lang, code)
        if turned:
            lines.append(Line(turned, (s.post_id,)))
    return Paragraph(tuple(lines)) if lines else None


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
        while run and (chatter.anaphoric(run[0].placed.sentence.text)
                       or not chatter.has_verb(run[0].placed.sentence.text)):
            run = run[1:]  # its antecedent was not kept: "It sends a signal ..." alone is empty
        lines = []
        for r in run:
            s = r.placed.sentence
            text = chatter.drop_connective(s.text) if not lines else s.text
            turned = _turn(text, country_persona(s.country, plan.lang), plan.lang, s.country)
            if turned:
                text = plan.lexicon.decapitalize(turned) if not lines else turned
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
        text = strings.t(plan.lang, "participants_noted_that", clause=strip_end(first.text))
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
    lines: list[Line] = []
    for r in sorted(members, key=lambda r: r.placed.sentence.order):
        s = r.placed.sentence
        if not lines:
            if chatter.anaphoric(s.text) or not chatter.has_verb(s.text):
                continue
            noun = strings.t(lang, "organization_subject") if is_chinese(lang) else "it"
            turned = _turn(chatter.drop_connective(s.text), reported_persona(lang, noun=noun),
                           lang, None)
            if not turned:
                continue
            clause = plan.lexicon.decapitalize(strip_end(turned))
            org = s.organization.strip()
            if plan.settings.name_organizations and org:
                if is_chinese(lang):
                    text = strings.t(lang, "organization_noted", organization=org, clause=clause)
                else:
                    org = org[4:] if org.lower().startswith("the ") else org
                    org = f"{org}," if "," in org else org  # "The Centre ..., University, noted"
                    text = strings.t(lang, "organization_noted", organization=org, clause=clause)
            else:
                text = strings.t(lang, "one_organization_noted", clause=clause)
        else:
            noun = strings.t(lang, "organization_subject")
            text = _turn(s.text, reported_persona(lang, noun=noun), lang, None)
        if text:
            lines.append(Line(text, (s.post_id,)))
    return Paragraph(tuple(lines)) if lines else None


def target_paragraphs(section: str, subsection: str, kind: str, plan: Plan,
                      keep: frozenset[Unit] | None) -> list[Paragraph]:
    """The paragraphs fed by one place of the outline."""
    kept = [r for r in plan.ranked if r.group[:2] == (section, subsection)
            and (keep is None or sentence_unit(r) in keep)]
    summaries: list[Cluster] = []
    absorbed: set[Unit] = set()
    for n, c in enumerate(plan.clusters):
        if (c.section, c.subsection) != (section, subsection):
            continue
        absorbed.update(sentence_unit(m) for m in c.members)
        if keep is None or cluster_unit(c, n) in keep:
            summaries.append(c)
    kept = [r for r in kept if sentence_unit(r) not in absorbed]
    paragraphs: list[Paragraph] = []
    if summaries:
        ordered = sorted(summaries, key=lambda c: (-c.score, c.members[0].placed.sentence.order))
        paragraphs.append(Paragraph(tuple(Line(c.text, c.sources) for c in ordered)))
    by_group: dict[str, list[Ranked]] = defaultdict(list)
    for r in kept:
        by_group[r.group[2]].append(r)
    countries = sorted((g[len("country:"):] for g in by_group if g.startswith("country:")),
                       key=name_key)
    for code in countries:
        members = sorted(by_group[f"country:{code}"], key=lambda r: r.placed.sentence.order)
        paragraph = _country_paragraph(code, members, plan)
        if paragraph:
            paragraphs.append(paragraph)
    lead = "conclusions_lead" if kind == "conclusions" else "participants_noted"
    general = observations(by_group.get("general", []), plan, lead)
    if general:
        paragraphs.append(general)
    orgs = sorted((g for g in by_group if g.startswith("org:")), key=lambda g: g.lower())
    for group in orgs:
        paragraph = _organization_paragraph(by_group[group], plan)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def compose_sections(plan: Plan, keep: frozenset[Unit] | None = None) -> tuple[Section, ...]:
    """The report's sections (unnumbered) from the units in `keep` (all when None)."""
    sections = []
    for spec in plan.outline:
        free = free_paragraphs(spec.free_text, plan.lang)
        if spec.kind == "free":
            sections.append(Section(spec.key, spec.numeral, spec.title, spec.kind, tuple(free)))
            continue
        if spec.subsections:
            subs = tuple(Subsection(sub.key, sub.letter, sub.title, tuple(paragraphs))
                         for sub in spec.subsections
                         if (paragraphs := target_paragraphs(spec.key, sub.key, spec.kind, plan,
                                                             keep)))
            body: list[Paragraph] = []
        else:
            subs = ()
            body = target_paragraphs(spec.key, "", spec.kind, plan, keep)
        paragraphs = body + free if spec.kind == "conclusions" else free + body
        if not paragraphs and not subs:
            continue  # nothing was said (or kept) here: no empty heading
        sections.append(Section(spec.key, spec.numeral, spec.title, spec.kind,
                                tuple(paragraphs), subs))
    return tuple(sections)


def units(plan: Plan) -> list[tuple[float, tuple[int, int, int], Unit]]:
    """Every unit the budget may cut, least central first (later posts first on a tie)."""
    out = [(r.score, r.placed.sentence.order, sentence_unit(r)) for r in plan.ranked]
    out += [(c.score, c.members[0].placed.sentence.order, cluster_unit(c, n))
            for n, c in enumerate(plan.clusters)]
    out.sort(key=lambda u: (u[0], tuple(-x for x in u[1])))
    return out
