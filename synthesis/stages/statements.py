"""What a person's sentence states, in words it already has, so that several people saying the
same thing can be counted as one statement (`agree`).

A sentence without a first person states itself. An argument put as a stance and its reason
("We should keep the rule because inspections find real faults.") states its reason: the
clause after "because" is the speaker's own words and the point others make too, while the
stance ("we should ...") is the motion every participant answers. Nothing is rewritten: a
statement is the sentence or one of its clauses, so a shared sentence says only what its
sources say.
"""

from __future__ import annotations

import re

from synthesis.languages.registry import rules, rules_code
from synthesis.stages import chatter, discourse
from synthesis.stages.speech import as_person
from synthesis.text import capitalize_first, strip_end, words

# A stance: a modal of obligation (or its negation) before the reason.
_STANCE = re.compile(r"\b(?:should|shouldn['’]t|must|mustn['’]t|ought to|need to|needs to|"
                     r"has to|have to|cannot|can['’]t)\b", re.IGNORECASE)
_REASON = re.compile(r"\s(?:because|since|as)\s+(?!well\b|a result\b|long as\b|soon as\b|"
                     r"much as\b|far as\b|such\b|to\b)", re.IGNORECASE)
# A reason opening on a pointer needs the stance it points back to: not a statement alone.
_POINTER = re.compile(r"(?:it|its|they|them|their|this|that|these|those|he|she|we|i|you|"
                      r"there|which|so|and|or|but|of|in)\b", re.IGNORECASE)
# A denial is a negated verb ("do not", "is never", "cannot", "has no"), not a contrast inside
# the sentence ("not only ... but also", "on learning, not on fashion", "rather than").
_NEGATION = re.compile(r"\b(?:do|does|did|is|are|was|were|will|would|can|could|should|must|"
                       r"may|might|has|have|had|need)\s+(?:not|never|no)\b(?!\s+(?:only|just|"
                       r"merely)\b)|\b(?:cannot|never|nothing|nobody|neither|nor)\b|n['’]t\b",
                       re.IGNORECASE)
MIN_REASON_WORDS = 4  # "because it is" says nothing alone


def _plain(text: str) -> bool:
    """No first person and nothing pointing back: the sentence can be shared as it stands."""
    return as_person(text, "", "") == text and not discourse.dangling(text)


# Addressing the chair opens many a spoken sentence; it is not part of what is stated.
_VOCATIVE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Madam|Madame|Mister)\.?\s*)?(?:Chair|Chairman|"
                       r"Chairperson|Chairwoman|Speaker|President)\s*[,:]\s*(?=\w)")


def statement(text: str, lang: str) -> str | None:
    """The sentence itself, or the reason of a stance ("X should ... because <reason>"), or
    None when neither stands alone."""
    if rules_code(lang) != "en":
        language = rules(lang)
        if not language.staged and (language.first_person(text)
                                    or language.opening(text) != text):
            return None  # "nous avons publié ...": its own first person, or pointing back
        return text if _plain(text) else None
    text = capitalize_first(_VOCATIVE.sub("", text))
    if _plain(text) and not _STANCE.search(text.split(" because ")[0]):
        return text
    found = _REASON.search(text)
    if not found or not _STANCE.search(text[:found.start()]):
        return text if _plain(text) else None
    reason = strip_end(text[found.end():].strip())
    if len(words(reason)) < MIN_REASON_WORDS or _POINTER.match(reason):
        return text if _plain(text) else None
    reason = capitalize_first(reason) + "."
    if not _plain(reason) or not chatter.has_verb(reason):
        return text if _plain(text) else None
    return reason


# Where a sentence's first clause ends: the rest adds a reason, a condition or a second point.
_CLAUSE_END = re.compile(r",\s*(?:and|but|while|which|so|although|though|whereas|because|as|"
                         r"since|otherwise)\b|;|:|\s[-–—]\s|\s(?:because|since|although|"
                         r"whereas|so that)\s")
# A first clause that announces its second half cannot be cut from it.
_PAIRED = re.compile(r"\b(?:not only|both|either|neither|whether|between|rather|more|less|"
                     r"such)\b", re.IGNORECASE)
MIN_CLAUSE_WORDS = 4


def first_clause(text: str) -> str:
    """The statement's first clause, when it stands alone ("uniforms are expensive, and some
    families cannot pay" -> "uniforms are expensive."): a key point is short, and a clause
    of a source sentence says nothing its source does not."""
    head = _CLAUSE_END.split(text, maxsplit=1)[0]
    if head == text or len(words(head)) < MIN_CLAUSE_WORDS or _PAIRED.search(head) \
            or not chatter.has_verb(head) or discourse.dangling(head):
        return text
    return strip_end(head) + "."


def negative(text: str) -> bool:
    """Does the statement deny (not, never, no ...) in its first clause? Two statements on one
    point that differ in this disagree; they are never members of one shared statement."""
    return bool(_NEGATION.search(_CLAUSE_END.split(text, maxsplit=1)[0]))
