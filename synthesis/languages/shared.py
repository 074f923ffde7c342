"""Shared statements ("Un certain nombre de pays, dont A, B et C, ont indiqué que chacun a
créé ...") for the languages written by their own modules.

English and Chinese (stages/cluster.py) turn a sentence several countries said in the first
person into a plural predicate ("have established a national committee"). French and
Spanish turn verbs in the singular only, so their shared statement reports what each
country did with a singular subject that stands for every one of them, "chacun" / "cada
uno" (their tables' "each_subject"): "Varios países, entre ellos A, B y C, señalaron que
cada uno ha creado un comité nacional." Only a sentence whose subject is the speaking
country itself ("Nous avons créé ...") is shared, and only without figures, dates or
proper names, which belong to one country. Arabic and Russian do not rewrite the first
person (docs/digest.md): their reports have no shared statements, as they say.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from synthesis.countries import country_name, fold_name
from synthesis.text import strip_end

if TYPE_CHECKING:
    from synthesis.languages.written import WrittenLanguage

# A capitalized word after the first: a proper name or an acronym, which belongs to one
# country ("la loi Lemaire", "SENASA").
_NAME_INSIDE = re.compile(r"(?<=\s)[^\W\d_][\w'’-]*")


def reported_clause(language: WrittenLanguage, text: str,
                    country: str | None) -> tuple[str, str] | None:
    """("countries_reported", clause) for a shared statement on `text` (a sentence in its
    speaker's words, the place already stripped), or None."""
    from synthesis.languages.written import mask, unmask

    each = language.wording("each_subject")
    if not each or not language.rewrites_first_person:
        return None
    masked, found = mask(text)
    if found or not language.first_person(masked) or language.inclusive.search(masked):
        return None  # a quotation belongs to its speaker; "we all" is not the country
    if language.opening(text) != text:
        return None  # "Nous aussi ...", "Ils ...": it leans on what came before
    turned = language.turn(masked, each)
    if turned is None:
        return None
    clause = strip_end(unmask(turned, found).strip())
    if not clause.lower().startswith(each.lower() + " ") or language.first_person(clause):
        return None  # the subject is not the country ("Dans le pays, chacun ...")
    if re.search(r"\d", clause) or any(w[:1].isupper() for w in _NAME_INSIDE.findall(clause)):
        return None
    if language.speaks_of_self(clause, country):
        return None
    return ("countries_reported", each + clause[len(each):])


def listed_name(language: WrittenLanguage, code: str) -> str:
    """The country inside a list ("dont la Colombie, le Mexique et le Pérou"): its name
    with the article the language gives it, in lower case mid-sentence."""
    speaker = language.country_speaker(code)
    name, place = speaker.name, speaker.place or ""
    return name[:1].lower() + name[1:] if place and name != place else name


def list_key(language: WrittenLanguage, code: str) -> str:
    """Lists of countries in the language's alphabetical order of their names (without
    article, accents folded; Arabic without "ال"), as UN documents in it print them."""
    return fold_name(country_name(code, language.code))
