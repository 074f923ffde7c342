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

# "Lee, Ann", "LEE,ANN M (Acme,ex1)": how mail programs show a name, surname first.
_SURNAME_FIRST = re.compile(r"([A-Za-z][\w'.-]*(?:[ -][A-Za-z][\w'.-]*){0,2})\s*,\s*"
                            r"([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'.-]*){0,2})\s*(?:\([^)]*\))?")
# "ann.lee@example.org", "ann_van_lee@...": an address that spells a name.
_ADDRESS = re.compile(r"([A-Za-z]{2,}(?:[._][A-Za-z]{2,}){1,2})@[\w.-]+\.[A-Za-z]{2,}")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "la", "le", "du"})


def _cased(word: str) -> str:
    """A word of a name as written, or capitalised when the mail program shouted it."""
    return word.capitalize() if word.isupper() or word.islower() else word


# What says "Rome FAO", "Ministry of Environment, Kenya" or "Dr. Lee, Ann" is no surname and
# given name: an organization, a place, a title.
_NOT_A_NAME = re.compile(r"\b(?:of|de|Ministry|Department|University|Institute)\b|\d"
                         r"|(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|H\.E)\.?(?:\s|$)", re.IGNORECASE)
_GIVEN = re.compile(r"[A-Z][\w'-]*\.?(?:\s+[A-Z][\w'-]*\.?)?")
_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,}\b")


def _person_parts(surname: str, given: str) -> bool:
    """Is "surname, given" a person's name written surname first? The given part is one or
    two capitalised words; an acronym in the surname part is an organization ("FAO, Rome"),
    unless the whole name is shouted ("LEE,ANN")."""
    if _NOT_A_NAME.search(surname) or _NOT_A_NAME.search(given):
        return False
    if not _GIVEN.fullmatch(given.title() if given.isupper() or given.islower() else given):
        return False
    shouted = surname.isupper() and given.isupper()
    return shouted or not _ACRONYM_WORD.search(surname)


def display_name(name: str) -> str:
    """A participant's name as a reader calls them: "Lee, Ann" → "Ann Lee", "LEE,ANN
    (Acme)" → "Ann Lee", "ann.lee@example.org" → "Ann Lee". Anything else (a name in the
    usual order, "Jane Doe (Lib.)", an address that spells no name) stays as it is."""
    text = " ".join(name.split())
    match = _SURNAME_FIRST.fullmatch(text)
    if match and _person_parts(*match.groups()):
        surname, given = match.groups()
        bare = text.split("(")[0]
        fix = bare.isupper() or bare.islower()
        return " ".join(_cased(w) if fix else w for w in f"{given} {surname}".split())
    match = _ADDRESS.fullmatch(text)
    if match:
        parts = re.split(r"[._]", match.group(1))
        if all(len(p) >= 3 or p.lower() in _PARTICLES for p in parts):
            return " ".join(p.lower() if n and p.lower() in _PARTICLES else _cased(p)
                            for n, p in enumerate(parts))
    return text


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


def person_paragraph(members: list[Ranked], plan: Plan, *, reply: bool = False,
                     most: int | None = None, fallback: bool = True,
                     printed: set[tuple[int, int]] | None = None) -> Paragraph | None:
    """Everything one person said in one place, in their order, as one paragraph. A
    message answering earlier ones in a thread (`reply`) opens "Ann Smith replied that
    ...", so the exchange reads as one: asked, replied. With `most`, only that many
    sentences; `printed` collects the (post, index) of the sentences printed. Without
    `fallback`, nothing is quoted when every sentence points back (the rest of a message
    whose first point was already told)."""
    lang = plan.lang
    language = rules(lang)
    noted, said = ("person_replied", "person_replied_said") if reply else (
        "person_noted", "person_said")
    first, later = labels(members, plan)
    lines: list[Line] = []
    printed = set() if printed is None else printed
    for r in sorted(members, key=lambda r: r.placed.sentence.order):
        if most is not None and len(lines) >= most:
            break
        s = r.placed.sentence
        if lines:
            text = s.text
            if discourse.anaphoric(text) and (s.post_id, s.index - 1) not in printed:
                continue
        elif language.staged:
            text = discourse.drop_connective(s.text)
            if discourse.dangling(text):
                continue
        else:
            opened = language.opening(s.text)
            if opened is None:
                continue
            text = opened
        if not lines and not chatter.has_verb(text, lang):
            continue
        subject = later if lines else first
        turned = _turn(text, subject, lang)
        if turned is None or not lines and not language.staged and \
                not language.rewrites_first_person and not turned.startswith(subject):
            # A language that does not rewrite its speakers ("وردّ X بأن ...") quotes them.
            out = strings.t(lang, said if not lines else "person_said", name=subject,
                            quote=quoted(s.text))
        elif lines or turned.startswith(subject):
            out = turned  # "Ann Smith has tested ...", or a later sentence as it stands
        else:
            clause = (discourse.lower_first(strip_end(turned), plan.lexicon) if language.staged
                      else language.lower_first(strip_end(turned)))
            out = strings.t(lang, noted, name=first, clause=clause)
        lines.append(Line(out, (s.post_id,)))
        printed.add((s.post_id, s.index))
    if not lines and fallback:
        # Every sentence points back to something left out ("I have done this with ..."):
        # quoted, the first one still says what the person said, instead of nothing at all.
        opener = next((r.placed.sentence for r in sorted(
            members, key=lambda r: r.placed.sentence.order)
            if chatter.has_verb(r.placed.sentence.text, lang)), None)
        if opener is not None:
            printed.add((opener.post_id, opener.index))
            lines.append(Line(strings.t(lang, said, name=first, quote=quoted(opener.text)),
                              (opener.post_id,)))
    return Paragraph(tuple(lines)) if lines else None
