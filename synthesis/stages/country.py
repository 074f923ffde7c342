"""One paragraph per country and place: "In Cameroon, ...", "Cameroon has ...", or "Cameroon
noted that ..." when the opening remark is not about the country."""

from __future__ import annotations

import re
import weakref

from synthesis.countries import country_name
from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages import chatter, discourse
from synthesis.stages.person import (
    country_aliases,
    country_persona,
    reported_persona,
    speaks_of_self,
    strip_locative,
)
from synthesis.stages.plan import Plan, turn
from synthesis.text import NAME_END, NAME_START, facts, strip_end, words
from synthesis.types import Line, Paragraph, Ranked

SLIGHT = 7  # words: a paragraph of one such sentence, naming no fact, is left out

_PROPOSAL = re.compile(r"^(?:My|Our) (proposal|suggestion|recommendation|advice|hope|request)"
                       r"(?: [^,:]{0,40}?)? (?:is|would be)(?: that|:)\s+(?P<rest>.+)$")
_PROPOSED = {"proposal": "proposed", "suggestion": "suggested", "recommendation": "recommended",
             "advice": "advised", "hope": "hoped", "request": "requested"}


def _proposal(text: str, code: str, plan: Plan) -> str | None:
    """"My proposal is that X" -> "Belarus proposed that X" (the note: "it was suggested")."""
    match = _PROPOSAL.match(text) if rules(plan.lang).reports_proposals else None
    if not match:
        return None
    rest = turn(match.group("rest"), country_persona(code, plan.lang), plan.lang, code)
    if rest is None:
        return None
    advisable = re.match(r"It is advisable (not )?to ", rest)
    if advisable:  # "My advice is: keep pushing" -> "Malaysia advised to keep pushing", never
        # "advised that it is advisable to"
        return (f"{country_name(code, plan.lang, start=True)} {_PROPOSED[match.group(1)]} "
                f"{advisable.group(1) or ''}to {rest[advisable.end():]}")
    return (f"{country_name(code, plan.lang, start=True)} {_PROPOSED[match.group(1)]} that "
            f"{discourse.lower_first(rest, plan.lexicon)}")


def _lead(text: str, code: str, plan: Plan, *, located: bool) -> str | None:
    """A country paragraph's first sentence: "Cameroon has ...", "In Cameroon, ..." or "noted"."""
    # "Cameroon noted that ..." is for an opening remark that is not about the country.
    lang = plan.lang
    name = country_name(code, lang)
    start = country_name(code, lang, start=True)
    aliases = "|".join(re.escape(a) for a in country_aliases(code, lang))
    text = discourse.drop_connective(text)
    if not (located or speaks_of_self(text, lang, code)):
        if not chatter.has_verb(text, lang):
            return None
        turned = turn(text, country_persona(code, lang), lang, code)
        return turned and strings.t(lang, "country_noted", country=start,
                                    clause=discourse.lower_first(strip_end(turned), plan.lexicon))
    named = turn(text, country_persona(code, lang, lead=True), lang, code)
    lead = named if not _names_itself(text, code, lang) else turn(
        text, country_persona(code, lang), lang, code)
    if lead and lead.startswith(start) and not re.match(r"['’]", lead[len(start):]):
        return lead  # "We have ..." -> "Cameroon has ..."
    # "Our NBSAP was ..." keeps the note's form, "In Nigeria, the NBSAP was ...", unless turning
    # it would leave "the country" acting (below).
    turned = turn(text, country_persona(code, lang), lang, code)
    if turned is None:
        return None
    if named and rules(lang).names_acting_country and _says_the_country(turned, text, lang) and len(
            re.findall(rf"{NAME_START}(?:{aliases}){NAME_END}", named)) > len(
            re.findall(rf"{NAME_START}(?:{aliases}){NAME_END}", text)):
        # "In Malaysia, the country is making sure ..." names the place, then hides who acts:
        # the sentence names the country where it first speaks of itself, and no "In X," goes
        # before it ("Malaysia is making sure ...", "... will help Cambodia to explain").
        return named
    opening = re.match(rf"(?:the\s+)?(?:{aliases}){NAME_END}", turned, re.IGNORECASE)
    if opening:  # "Moldova has ..." -> "The Republic of Moldova has ..."
        return start + turned[opening.end():]
    early = re.search(rf"{NAME_START}(?:{aliases}){NAME_END}", turned[:40])
    if early and not re.match(rf"{re.escape(strings.t(lang, 'country_subject'))}\b", turned,
                              re.IGNORECASE):
        return turned  # "When Cambodia prepared its first plan, ..." names it already
    if rules(lang).leading_possessive:  # "在泰国，其预算" reads "在泰国，预算"
        turned = re.sub(rules(lang).leading_possessive, "", turned)
    elif code == "EU" and not located:
        # The European Union speaks as an institution ("our cooperation"), not as a place.
        turned = turn(text, reported_persona(lang), lang, code)
        return turned and strings.t(lang, "country_noted", country=start,
                                    clause=discourse.lower_first(strip_end(turned), plan.lexicon))
    return strings.t(lang, "in_country", country=name) + discourse.lower_first(turned, plan.lexicon)


def _says_the_country(turned: str, source: str, lang: str) -> bool:
    """Did turning the sentence make "the country" of a first-person word?"""
    phrase = rf"\b{re.escape(strings.t(lang, 'country_subject'))}\b"
    return len(re.findall(phrase, turned, re.IGNORECASE)) > len(
        re.findall(phrase, source, re.IGNORECASE))


def _names_itself(text: str, code: str, lang: str) -> bool:
    aliases = "|".join(re.escape(a) for a in country_aliases(code, lang))
    return bool(aliases) and re.search(rf"{NAME_START}(?:{aliases}){NAME_END}", text) is not None


# The word budget composes the report about log2(units) times, and most countries keep the
# same sentences from one try to the next: their paragraph is made once per plan. What it
# depends on is the country, the plan and the members' sentences (post id and index name a
# sentence within a plan); the memo goes when the plan does.
_PARAGRAPHS: dict[int, dict[tuple, Paragraph | None]] = {}


def _memo(plan: Plan) -> dict[tuple, Paragraph | None]:
    found = _PARAGRAPHS.get(id(plan))
    if found is None:
        found = _PARAGRAPHS[id(plan)] = {}
        weakref.finalize(plan, _PARAGRAPHS.pop, id(plan), None)
    return found


def country_paragraph(code: str, members: list[Ranked], plan: Plan) -> Paragraph | None:
    memo = _memo(plan)
    key = (code, tuple((r.placed.sentence.post_id, r.placed.sentence.index) for r in members))
    if key not in memo:
        memo[key] = _country_paragraph(code, members, plan)
    return memo[key]


def _country_paragraph(code: str, members: list[Ranked], plan: Plan) -> Paragraph | None:
    lang = plan.lang
    language = rules(lang)
    if not language.staged:  # its own module writes the paragraph (synthesis/languages/)
        return language.country_paragraph(code, [r.placed.sentence for r in members])
    lines: list[Line] = []
    printed: set[tuple[int, int]] = set()
    for r in members:
        s = r.placed.sentence
        text, located = strip_locative(s.text, code, lang)
        # "It works both ways." or "... are then done only when ..." cannot open a paragraph,
        # nor follow a sentence other than the one it points back to (that one may have been
        # cut); "Mexico also has ..." opens as "Mexico has ..." (`Language.opening`).
        if not lines:
            opened = language.opening(text)
            if opened is None:
                continue
            text = opened
        elif discourse.leans_back(text) and (s.post_id, s.index - 1) not in printed:
            continue
        proposed = _proposal(text, code, plan)
        if proposed:
            turned = proposed
        elif not lines:
            turned = _lead(text, code, plan, located=located)
        else:
            # "the country" in every sentence reads badly: the note names the country, unless
            # the sentence names it already ("... on LMOs in Fiji").
            turned = turn(text, country_persona(code, lang, lead=not _names_itself(
                text, code, lang)), lang, code)
        if turned:
            lines.append(Line(turned, (s.post_id,)))
            printed.add((s.post_id, s.index))
    if len(lines) == 1 and len(printed) == 1 and rules(lang).drops_slight_paragraphs:
        source = next(r.placed.sentence.text for r in members
                      if (r.placed.sentence.post_id, r.placed.sentence.index) in printed)
        if len(words(source)) <= SLIGHT and not facts(source):
            return None  # "For us the hard part is political." alone says nothing of Uganda
    return Paragraph(tuple(lines)) if lines else None
