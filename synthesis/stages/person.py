"""First person to third: "we have included" becomes "the country has included"; a sentence
that cannot be turned safely (an "I" or "me" left over) is refused, never half-turned."""

from __future__ import annotations

import re
from dataclasses import dataclass

from synthesis.countries import country_name
from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages.selfref import (  # noqa: F401 (re-exported for the stages and tests)
    _FIRST_ZH,
    country_aliases,
    first_person,
    speaks_of_self,
    strip_locative,
)
from synthesis.stages.speech import drop_asides, expand_contractions, understood
from synthesis.stages.verbs import agree_coordinated, conjugate_after
from synthesis.text import (
    capitalize_first,
    mask_quotes,
    outside_quotes,
    unmask_quotes,
    wordset,
)

_QUANTIFIED = re.compile(r"\b(many|some|most|several|few|all|both|a number|each|none|one|"
                         r"two|three|those|any) of (?-i:us)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:[Ww]e|[Uu]s|[Oo]ur|[Oo]urs|[Oo]urselves|I|[Mm]e|[Mm]y|[Mm]ine|"
                      r"[Mm]yself)\b")
_MODAL_WORDS = "will|would|can|could|shall|should|may|might|must|did"
_NATIONAL_NOUNS = wordset("""
biodiversity country people economy government citizens farmers ecosystems species
environment region society population territory island islands forests agriculture
institutions nation experience
""")


@dataclass(frozen=True)
class Persona:
    """Who "we" becomes: the first mention, then pronouns for the rest of the sentence."""

    first: str  # "the country", "Cameroon", "it", "the organization", "they"
    owner: str = "the"  # "our" before anyone is named ("our Ministry" -> "the Ministry")
    owner_named: str = "the country's"  # "our biodiversity" -> "the country's biodiversity"
    singular: bool = True
    # After "Nigeria's bill ...", a later "we" is "the country", not an "it" that could be the
    # bill; empty: "it" as usual.
    again: str = ""

    @property
    def later(self) -> str:
        return "it" if self.singular else "they"

    @property
    def possessive(self) -> str:
        return "its" if self.singular else "their"

    @property
    def object(self) -> str:
        return "it" if self.singular else "them"


def country_persona(code: str | None, lang: str, *, lead: bool = False) -> Persona:
    """A country speaking: "we" is the country (by name when it opens a paragraph)."""
    subject = strings.t(lang, "country_subject")
    named = country_name(code, lang) if code else subject
    if code == "EU":  # the European Union is no "country"
        subject = named
    named_owner = _genitive(named)
    # Once the country is named, "our officials" are "Cameroon's officials", not "the"; the
    # European Union, speaking as an institution, is "noted that its ..." (see `country`).
    owner = (named_owner if lead and code and code != "EU" and rules(lang).genitive_owner
             else "the")
    return Persona(first=named if lead else subject, owner=owner,
                   owner_named=named_owner if code == "EU" or lead else f"{subject}'s",
                   again=subject if owner != "the" else "")


def _genitive(name: str) -> str:
    """"Cameroon's", "Belarus's", but "the Philippines'" (a plural name: the apostrophe)."""
    return f"{name}'" if name.startswith("the ") and name.endswith("s") else f"{name}'s"


def reported_persona(lang: str, *, noun: str = "it") -> Persona:
    """An organization (or anyone) reported in "X noted that ...": "we" is "it"."""
    return Persona(first=noun, owner="its" if noun == "it" else "the",
                   owner_named="its" if noun == "it" else f"{noun}'s")


def plural_persona() -> Persona:
    """Several countries at once (the "A number of countries ... have" sentences)."""
    return Persona(first="they", owner="their", owner_named="their", singular=False)


def _english(text: str, persona: Persona) -> str | None:
    text = drop_asides(expand_contractions(text))
    if not understood(text):
        return None
    # "the us market" is the United States written in lower case, and "we all" speaks for
    # everyone: neither can be turned into the speaker safely.
    if re.search(r"\b(?:[Tt]he|[Aa]n?|[Tt]his)\s+us\b", text) or re.search(
            r"\bwe all\b", text, re.IGNORECASE):
        return None
    text = re.sub(r"\b(?:here\s+)?in (?:our|my) country\b", "in the country", text)
    text = re.sub(r"\b([Ww]e)\s+ourselves\b", r"\1", text)
    text = re.sub(r"\b(?:our|my) country\b", "the country", text, flags=re.IGNORECASE)
    plural_rest = False

    def quantified(match: re.Match) -> str:
        nonlocal plural_rest
        plural_rest = True
        word = match.group(1)
        noun = "country" if word.lower() in ("each", "one", "any") else "countries"
        if word.lower() == "none":
            return "no country"
        if word.lower() == "a number":
            return f"{word} of countries"
        return f"{word} {noun}"

    if re.match(r"(?:the )?[A-Z]", persona.first):  # "a state like ours" -> "like Saint Lucia"
        text = re.sub(r"\b(like|such as|than) ours\b", rf"\1 {persona.first}", text)
    text = _QUANTIFIED.sub(quantified, text)
    # "our governments have used ..." speaks for all participants: "governments have used".
    text = re.sub(r"\b([Oo])ur (countries|governments|nations|societies)\b",
                  lambda m: m.group(2).capitalize() if m.group(1) == "O" else m.group(2), text)
    # "do we know" -> "does it know": an inverted auxiliary agrees, the verb after stays.
    if persona.singular:
        text = re.sub(r"\b(do|have|are|were)(\s+)(we)\b", lambda m: _keep_case(
            m.group(1), {"do": "does", "have": "has", "are": "is", "were": "was"}[
                m.group(1).lower()]) + m.group(2) + "\x01" + m.group(3), text,
            flags=re.IGNORECASE)
    text = re.sub(rf"\b({_MODAL_WORDS}|does|has|is|was)(\s+)(we)\b",
                  lambda m: m.group(1) + m.group(2) + "\x01" + m.group(3), text,
                  flags=re.IGNORECASE)
    out: list[str] = []
    pos = 0
    introduced = False
    possessed = False  # named only as an owner so far ("Nigeria's bill")
    while match := _PRONOUN.search(text, pos):  # searched afresh: agreeing may grow `text`
        word = match.group(0)
        low = word.lower()
        if word in ("I", "me", "Me", "myself", "Myself", "mine", "Mine"):
            return None
        start = match.start()
        out.append(text[pos:start])
        pos = match.end()
        if plural_rest:
            repl = {"we": "they", "us": "them", "our": "their", "ours": "theirs",
                    "ourselves": "themselves", "my": "the"}[low]
        elif low == "we":
            repl = persona.first if not introduced else (
                persona.again if possessed and persona.again else persona.later)
            introduced, possessed = True, False
            inverted = start > 0 and text[start - 1] == "\x01"
            rest, taken = conjugate_after(text[pos:], persona.singular and not inverted)
            out.append(_case(repl, start == 0))
            out.append(rest)
            changed = rest != text[pos:pos + taken]
            pos += taken
            if changed:  # "looks ... and ask" -> "looks ... and asks"
                text = text[:pos] + agree_coordinated(text[pos:])
            continue
        elif low == "us":
            repl = persona.first if not introduced else (
                persona.again if possessed and persona.again else persona.object)
            introduced, possessed = True, False
        elif low in ("our", "my"):
            nxt = re.match(r"\s+(?:own\s+)?(\w+)", text[pos:])
            noun = nxt.group(1).lower() if nxt else ""
            if persona.singular and nxt and re.fullmatch(r"[A-Z][a-z]+", nxt.group(1)):
                repl = "the"  # "our Ministry", "our Biosafety Act": the institution, by name
            elif introduced:
                repl = persona.possessive
            elif low == "our" and (noun in _NATIONAL_NOUNS or re.match(r"\s+own\b", text[pos:])):
                repl = persona.owner_named
                introduced = True
            else:
                repl = persona.owner
                possessed = introduced = repl != "the"  # "Cameroon's officials" names it
            institution = repl == "the" and nxt and re.fullmatch(r"[A-Z][a-z]+", nxt.group(1))
            if low == "my" and not institution and (repl != persona.owner
                                                    or repl in ("the", "its")):
                # "my joke" is the writer's: never "its" joke or "the" joke; only a named
                # owner ("India's suggestion") or an institution ("the Ministry") will do.
                return None
        elif low == "ours":
            repl = persona.possessive if introduced else persona.owner_named
            introduced = True
        else:  # ourselves
            repl = "itself" if persona.singular else "themselves"
        out.append(_case(repl, start == 0))
    out.append(text[pos:])
    result = "".join(out).replace("\x01", "")
    result = re.sub(r"\bthe the\b", "the", result)
    result = re.sub(r"\b([Tt])he country's country\b", r"\1he country", result)
    return capitalize_first(result)


def _keep_case(original: str, word: str) -> str:
    return capitalize_first(word) if original[:1].isupper() else word


def _case(word: str, at_start: bool) -> str:
    return capitalize_first(word) if at_start else word


def _chinese(text: str, persona: Persona, code: str | None, lang: str) -> str | None:
    subject = persona.first if persona.first not in ("it", "they", "the country") else None
    if subject is None:
        subject = {"it": "其", "they": "这些国家"}.get(persona.first, "该国")
    later = "该国" if persona.singular else "这些国家"
    text = text.replace("我们国家", "我国").replace("咱们", "我们")
    count = 0

    def who(match: re.Match) -> str:
        nonlocal count
        count += 1
        return subject if count == 1 else later

    text = re.sub(r"我们的|我国的", "其" if persona.singular else "这些国家的", text)
    text = re.sub(r"我国|本国|我们", who, text)
    text = re.sub(r"我(?=[部司局院处厅委会所中心])", "该", text)
    return None if _FIRST_ZH.search(outside_quotes(text)) else text


def rewrite(text: str, persona: Persona, lang: str, code: str | None = None) -> str | None:
    """The sentence in the third person for `persona`, or None when it cannot be turned."""
    language = rules(lang)
    if not language.staged:  # its own module turns it (synthesis/languages/)
        return language.rewrite(text, persona, code)
    text, _ = strip_locative(text, code, lang)  # the report says where; "In our country" goes
    masked, quotes = mask_quotes(text)
    if language.ideographic or re.search(r"[\u4e00-\u9fff]", masked):
        turned = _chinese(masked, persona, code, lang)
    else:
        turned = _english(masked, persona)
    if turned is None:
        return None
    result = unmask_quotes(turned, quotes)
    return None if first_person(result, lang) else result
