"""One paragraph per person: "Ann Smith noted that ...", "One participant has tested ...",
or, where the grammar is not understood, what they said as a quotation."""

from __future__ import annotations

import re

from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages import chatter, discourse
from synthesis.stages.attribution import ROLE
from synthesis.stages.plan import Plan
from synthesis.stages.speech import as_person, quoted
from synthesis.stages.verbs import advice
from synthesis.text import capitalize_first, strip_end
from synthesis.types import Line, Paragraph, Ranked


def labels(members: list[Ranked], plan: Plan) -> tuple[str, str]:
    """How the person is called first and afterwards ("Ann Smith" twice; in `role` mode
    "One participant", then "The participant"; a moderator is "The moderator")."""
    s = members[0].placed.sentence
    lang = plan.lang
    if plan.attribution == ROLE or not s.author_name:
        if s.moderator:
            moderator = capitalize_first(strings.t(lang, "the_moderator"))
            return moderator, moderator
        return (strings.t(lang, "one_participant"),
                capitalize_first(strings.t(lang, "the_participant")))
    return s.author_name, s.author_name


def sort_key(members: list[Ranked], plan: Plan) -> tuple:
    """By name in `name` mode; in `role` mode by who spoke first (the order reveals no name)."""
    first = min(r.placed.sentence.order for r in members)
    if plan.attribution == ROLE:
        return (first,)
    return (labels(members, plan)[0].casefold(), first)


def _possessive(label: str) -> str:
    # "Jane Doe (Lib.)'s view" reads badly: such a sentence is quoted instead.
    return "" if label.endswith(")") else f"{label}'s"


def _turn(text: str, subject: str, lang: str) -> str | None:
    language = rules(lang)
    if not language.staged:
        # A person's gender is unknown, so a language with its own module does not rewrite a
        # person's first person: such a sentence is quoted ("X a déclaré : « ... »").
        return None if language.first_person(text) else text
    turned = as_person(text, subject, _possessive(subject))
    if turned is None or not rules(lang).punctuates_person_lines:
        return turned
    if not re.search(r"[.!?…][\"”’)]*$", turned.rstrip()):
        turned = turned.rstrip(" ,;:") + "."  # a message's last line often has no stop
    return advice(capitalize_first(turned))


def person_paragraph(members: list[Ranked], plan: Plan) -> Paragraph | None:
    """Everything one person said in one place, in their order, as one paragraph."""
    lang = plan.lang
    first, later = labels(members, plan)
    lines: list[Line] = []
    printed: set[tuple[int, int]] = set()
    for r in sorted(members, key=lambda r: r.placed.sentence.order):
        s = r.placed.sentence
        text = s.text if lines else discourse.drop_connective(s.text)
        if discourse.dangling(text) if not lines else (
                discourse.anaphoric(text) and (s.post_id, s.index - 1) not in printed):
            continue
        if not lines and not chatter.has_verb(text):
            continue
        subject = later if lines else first
        turned = _turn(text, subject, lang)
        if turned is None:
            out = strings.t(lang, "person_said", name=subject, quote=quoted(s.text))
        elif lines or turned.startswith(subject):
            out = turned  # "Ann Smith has tested ...", or a later sentence as it stands
        else:
            clause = discourse.lower_first(strip_end(turned), plan.lexicon)
            out = strings.t(lang, "person_noted", name=first, clause=clause)
        lines.append(Line(out, (s.post_id,)))
        printed.add((s.post_id, s.index))
    if not lines:
        # Every sentence points back to something left out ("I have done this with ..."):
        # quoted, the first one still says what the person said, instead of nothing at all.
        opener = next((r.placed.sentence for r in sorted(
            members, key=lambda r: r.placed.sentence.order)
            if chatter.has_verb(r.placed.sentence.text)), None)
        if opener is not None:
            lines.append(Line(strings.t(lang, "person_said", name=first,
                                        quote=quoted(opener.text)), (opener.post_id,)))
    return Paragraph(tuple(lines)) if lines else None
