"""Does a sentence speak of the speaker's own country, in the first person or by its name?
And its opening "In our country," / "Here in Cameroon," that a paragraph about that country
does not need. (Split from `person.py`, which re-exports these names.)

Segmenting, clustering and composing ask the same questions of the same sentences, and a
large forum asks them hundreds of thousands of times: each country's patterns are compiled
once, and the answers for a sentence are remembered (bounded caches; the functions are pure,
so a cached answer is the answer)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from synthesis.countries import country_name
from synthesis.languages.registry import rules
from synthesis.stages.speech import NOT_PRONOUN_I
from synthesis.text import NAME_END, NAME_START, capitalize_first, outside_quotes

SENTENCE_CACHE = 1 << 15  # answers kept per function: a large forum's recent sentences

_FIRST_EN = re.compile(r"\b(?:I|me|Me|my|My|mine|Mine|myself|Myself|we|We|WE|us|Us|our|Our|"
                       r"ours|Ours|ourselves|Ourselves)\b")
_FIRST_ZH = re.compile(r"(?<!自)[我咱]")
# "Many of us", "our governments", "we all": the speaker talks for every participant, not for
# the country; such a sentence is no national story.
_INCLUSIVE = re.compile(r"\b(?:many|most|all|some|several|few|each|both|none|a number|those|"
                        r"any|one|two|three) of (?-i:us)\b|\bwe all\b|\b(?-i:us) all\b|"
                        r"\bour (?:countries|"
                        r"governments|nations|regions|parties|societies)\b", re.IGNORECASE)
# "In the EU system, ..." is not "In the EU, system ...": a name followed by one of these
# words is part of a longer noun phrase.

_COMPOUND_HEADS = (r"(?:system|context|case|experience|region|approach|model|framework|"
                   r"legislation|law|laws|government|delegation|report|programme|program|"
                   r"member|members|states|institutions|policy|policies|rules)\b")

@cache
def country_aliases(code: str | None, lang: str = "en") -> tuple[str, ...]:
    """Names a participant may use for their own country, longest first."""
    if not code:
        return ()
    names = {country_name(code, "en"), country_name(code, lang)}
    for name in list(names):
        bare = name[4:] if name.startswith("the ") else name
        names.add(bare)
        if " of " in bare:
            names.add(bare.rsplit(" of ", 1)[1])
        caps = [w for w in bare.split() if w[:1].isupper()]
        if len(caps) > 1:
            names.add("".join(w[0] for w in caps))
        names.add(bare.replace(" ", ""))
    names.discard("")
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _alias_pattern(code: str | None, lang: str) -> str:
    aliases = country_aliases(code, lang)
    return "|".join(re.escape(a) for a in aliases) if aliases else r"(?!x)x"


@cache
def _own_name(country: str, lang: str) -> re.Pattern:
    return re.compile(rf"{NAME_START}(?:{_alias_pattern(country, lang)}){NAME_END}")


@cache
def _locative(chinese: bool, code: str | None, lang: str) -> re.Pattern:
    if chinese:
        return re.compile(rf"^(?:在)?(?:我国|本国|我们国家|{_alias_pattern(code, lang)})[，,]",
                          re.IGNORECASE)
    return re.compile(rf"^(?:(?:(?:here\s+)?in\s+(?:our|my)\s+(?:country|case)|(?:for|in|at)\s+"
                      rf"(?:us|home))\b\s*,?|here\s*,"
                      rf"|(?:(?:here\s+)?in|for)\s+(?:the\s+)?(?:{_alias_pattern(code, lang)})"
                      rf"(?:[’']s\s+case)?\b(?!\s+{_COMPOUND_HEADS})\s*,?)\s*", re.IGNORECASE)


_CJK_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=SENTENCE_CACHE)
def speaks_of_self(text: str, lang: str, country: str | None) -> bool:
    """Does the sentence report on the speaker's own country (first person or its name)?"""
    language = rules(lang)
    if not language.staged:
        return language.speaks_of_self(text, country)
    plain = outside_quotes(text)
    if _FIRST_ZH.search(plain) or "本国" in plain:
        return True
    plain = _INCLUSIVE.sub(" ", plain)
    if first_person(plain, "en"):
        return True
    return bool(country and _own_name(country, lang).search(plain))


def first_person(text: str, lang: str = "en") -> list[str]:
    """First-person words left outside quotation marks (the report must have none)."""
    language = rules(lang)
    if not language.staged:
        return language.first_person(text)
    plain = outside_quotes(text)
    found = _FIRST_ZH.findall(plain)
    plain = NOT_PRONOUN_I.sub(" ", plain)
    found += [w for w in _FIRST_EN.findall(plain)]
    return found


@lru_cache(maxsize=SENTENCE_CACHE)
def strip_locative(text: str, code: str | None, lang: str) -> tuple[str, bool]:
    """Drop an opening "In our country," / "Here in Cameroon," (the paragraph says where)."""
    chinese = bool(rules(lang).ideographic or _CJK_HAN.search(text[:6]))
    stripped = _locative(chinese, code, lang).sub("", text, count=1)
    return capitalize_first(stripped), stripped != text
