"""One claim told in different words: "X is part of our Y", "we put X into our Y", "Y ..., and
X is built into it". Sentences that cosine similarity keeps apart ("Biosafety has been written
into our draft plan" / "We adopted the plan in 2012, and biosafety is clearly in it") make the
same claim when both say that the same X is included in the same Y.

English only, and deliberately narrow: only inclusion, only in the indicative, never under a
negation or a condition, so that every country a summary names has said that very thing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from synthesis.languages.registry import rules_code
from synthesis.text import outside_quotes, terms

Relation = tuple[str, str]  # (stemmed term that is included, stemmed term it is included in)

_BE = r"(?:is|are|was|were|has\s+been|have\s+been|had\s+been|remains|remained|stays|stayed)"
_ADVERBS = (r"(?:\s+(?:already|also|now|clearly|again|still|firmly|fully|explicitly|well|"
            r"always|indeed|very\s+much|duly|properly))*")
_INTO = (r"(?:(?:an?\s+)?(?:integral\s+|important\s+|explicit\s+|key\s+)?(?:part|element|"
         r"component|chapter|theme|section)\s+of|in|inside|within|into|(?:included|integrated|"
         r"incorporated|mainstreamed|embedded|reflected|covered|addressed|built|written|placed|"
         r"put|inserted|anchored|enshrined)\s+(?:in|into|within))")
_PUT = (r"(?:put|puts|integrated|integrate|integrates|included|include|includes|incorporated|"
        r"incorporate|incorporates|built|build|builds|wrote|written|write|writes|brought|"
        r"inserted|embedded|mainstreamed|placed|anchored|has|have|had|kept|keep|keeps)")
# "X is part of our Y": the included term just before the verb, its container just after.
_PASSIVE = re.compile(rf"\b(?P<x>(?:\w[\w-]*\s+){{0,2}}\w[\w-]*)\s+{_BE}{_ADVERBS}\s+{_INTO}\s+"
                      rf"(?P<y>[^,;:.()]{{1,60}})", re.IGNORECASE)
# "we put X into our Y", "Guyana has X in its Y".
_ACTIVE = re.compile(rf"\b{_PUT}{_ADVERBS}\s+(?P<x>(?:the\s+)?(?:\w[\w-]*\s+){{0,2}}?\w[\w-]*)"
                     rf"\s+(?:in|into|within)\s+"
                     rf"(?P<y>[^,;:.()]{{1,60}})", re.IGNORECASE)
# "We adopted the Y in 2012, and X is clearly in it" / "..., X was already there".
_BACK = re.compile(rf"\b(?P<x>\w[\w-]*)\s+{_BE}{_ADVERBS}\s+(?:{_INTO}\s+(?:it|them)|there)\b",
                   re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no|nor|without|missing|absent|lacks?|lacked|lacking|"
                       r"yet\s+to|hardly|neither|cannot|n[o']t)\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(?:if|unless|whether|once|when|until|should|would|could|might|may|"
                        r"must|ought)\b", re.IGNORECASE)
# A noun phrase ends before these: "its NBSAP as well", "our strategy from the start".
_PHRASE_END = re.compile(r"[,;:.()\[\]]|\b(?:and|but|or|as|from|since|with|for|in|into|on|at|"
                         r"by|to|that|which|who|where|when|because|so|while|although|of|too|"
                         r"also|now|again|is|are|was|were|has|have|had)\b", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: from the last boundary before it to its end."""
    boundary = max(text.rfind(mark, 0, start) for mark in (",", ";", ":", " and ", " but "))
    return text[boundary + 1:end]


def _affirmed(text: str, match: re.Match) -> bool:
    clause = _clause(text, match.start(), match.end())
    clause = re.sub(r"\bnot\s+only\b", " ", clause, flags=re.IGNORECASE)
    return not (_NEGATION.search(clause) or _CONDITION.search(clause))


def _head(phrase: str, lang: str) -> str | None:
    """The last content word of the noun phrase that opens `phrase` ("strategy" in "our
    second development strategy from the start")."""
    found = terms(_PHRASE_END.split(phrase, maxsplit=1)[0], lang)
    return found[-1] if found else None


def _heads(text: str, lang: str) -> set[str]:
    """The head of every noun phrase in `text` (what "it" or "there" may point back to)."""
    heads = {_head(chunk, lang) for chunk in _PHRASE_END.split(text)}
    heads.discard(None)
    return heads  # type: ignore[return-value]


def recognized(lang: str) -> bool:
    """Are inclusion claims recognized in this language? (English only, for now.)"""
    return rules_code(lang) == "en"


@lru_cache(maxsize=8192)
def relations(text: str, lang: str) -> frozenset[Relation]:
    """What the sentence says is included in what (empty when it says no such thing)."""
    if not recognized(lang):
        return frozenset()
    plain = outside_quotes(text)
    found: set[Relation] = set()
    for pattern in (_PASSIVE, _ACTIVE):
        for match in pattern.finditer(plain):
            if not _affirmed(plain, match):
                continue
            included = terms(match.group("x"), lang)
            container = _head(match.group("y"), lang)
            if included and container and container != included[-1]:
                found.add((included[-1], container))
    for match in _BACK.finditer(plain):
        if not _affirmed(plain, match):
            continue
        included = terms(match.group("x"), lang)
        if included:
            found.update((included[-1], y) for y in _heads(plain[:match.start()], lang)
                         if y != included[-1])
    return frozenset(found)


def same_claim(center: str, other: str, lang: str) -> bool:
    """Does `other` say that the same thing is included in the same place as `center`?"""
    return bool(relations(center, lang) & relations(other, lang))


def negated(text: str) -> bool:
    """Does the sentence deny something ("is not yet in", "was missing from")? A summary of
    what several countries have never stands for one that says it has not."""
    plain = re.sub(r"\bnot\s+only\b", " ", outside_quotes(text), flags=re.IGNORECASE)
    return bool(_NEGATION.search(plain))
