"""Which language rules a forum's language gets: the one place that decides.

The digest has rules for the six UN languages: English and Chinese (written by the stages'
own functions), French and Spanish (their own modules, with first-to-third-person
rewriting), Arabic and Russian (their own modules; country paragraphs attributed in the
posts' words, see docs/digest.md). Any other language is handled by an explicit
fallback: the English rules, with a statement printed in the report that says so (see
`Language.statement`); `language_for(code, strict=True)` refuses it instead. This module
imports no stage (the stages ask it through `rules_code`), so it can be imported first.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synthesis.languages.base import Language

SUPPORTED = {"en": "English", "zh": "Chinese", "fr": "French", "es": "Spanish",
             "ar": "Arabic", "ru": "Russian"}
FALLBACK = "en"


class UnsupportedLanguage(ValueError):
    """A language the digest has no rules for, asked for strictly."""

    def __init__(self, code: str) -> None:
        super().__init__(f"the digest cannot be written in {code!r}: it has rules for "
                         f"{', '.join(f'{name} ({c})' for c, name in SUPPORTED.items())} only")
        self.code = code


def base_code(code: str | None) -> str:
    """"zh-CN" -> "zh"; no code means English (a forum's default language)."""
    return (code or "en").split("-")[0].strip().lower() or "en"


def rules_code(code: str | None) -> str:
    """The code of the rules that write a report in `code`: itself, or the fallback's."""
    base = base_code(code)
    return base if base in SUPPORTED else FALLBACK


def is_supported(code: str | None) -> bool:
    return base_code(code) in SUPPORTED


def language_for(code: str | None, *, strict: bool = False) -> Language:
    """The rules for a forum's language. An unsupported language gets the English rules
    marked as a fallback (their `fallback` is true and `statement()` says so), or, with
    `strict`, an UnsupportedLanguage error."""
    base = base_code(code)
    if strict and base not in SUPPORTED:
        raise UnsupportedLanguage(base)
    return _classes()[rules_code(base)](requested=base)


@cache  # asked for every sentence by several stages: one dictionary lookup
def rules(code: str | None) -> Language:
    """The rules a stage applies for `code` (shared, one per rules language): what the stages
    ask instead of testing language codes themselves."""
    return _rules(rules_code(code))


@cache
def _rules(code: str) -> Language:
    return _classes()[code]()


@cache
def _classes() -> dict[str, type[Language]]:
    # Imported here: the implementations wrap the stages, which import this module.
    from synthesis.languages.arabic import Arabic
    from synthesis.languages.chinese import Chinese
    from synthesis.languages.english import English
    from synthesis.languages.french import French
    from synthesis.languages.russian import Russian
    from synthesis.languages.spanish import Spanish

    return {c.code: c for c in (English, Chinese, French, Spanish, Arabic, Russian)}
