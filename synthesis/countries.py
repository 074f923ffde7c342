"""Country names as UN documents print them, in the reader's language.

The table (synthesis/data/countries.json) keeps UN short names with their article
("the Republic of Moldova"); ISO names such as "Moldova, Republic of" are never shown.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources


@cache
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("synthesis").joinpath("data/countries.json").read_text("utf-8")
    return json.loads(text)


def is_known(code: str | None) -> bool:
    return bool(code) and code.upper() in _table()


def codes() -> list[str]:
    return sorted(_table())


def country_name(code: str | None, lang: str = "en", *, start: bool = False) -> str:
    """The display name for `code` in `lang`; `start=True` capitalises a leading article."""
    if not code:
        return ""
    entry = _table().get(code.upper())
    if entry is None:
        return code.upper()
    base_lang = (lang or "en").split("-")[0].lower()
    name = entry.get(base_lang) or entry["en"]
    if start and name[:1].islower():
        name = name[:1].upper() + name[1:]
    return name


def country_choices(lang: str = "en") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name without its article, for select boxes."""
    def sort_key(pair: tuple[str, str]) -> str:
        name = pair[1]
        return name[4:] if name.startswith("the ") else name

    pairs = [(code, country_name(code, lang)) for code in _table()]
    return sorted(pairs, key=sort_key)


def fold_name(name: str) -> str:
    """A sorting key for a country name in its language: accents folded and case ignored
    ("Égypte" among the E), Arabic's article and hamza seats dropped (forum/i18n/countries.py
    sorts the interface's lists the same way)."""
    name = re.sub(r"^ال", "", name.strip())
    name = name.translate(str.maketrans("أإآ", "ااا"))
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()
