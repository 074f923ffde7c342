"""Digest settings from the plain dict stored per forum: validation, defaults, outline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from synthesis.languages import strings
from synthesis.types import DigestSettings, ForumInfo, Header, SectionSpec, SubsectionSpec

KINDS = ("content", "conclusions", "free")
ATTRIBUTIONS = ("country", "name", "role")
_HEADER_FIELDS = ("body", "meeting", "place_and_dates", "agenda_item", "symbol", "date", "title")
_TOP_FIELDS = ("header", "mandate", "word_budget", "outline", "conclusions",
               "min_cluster_countries", "max_items", "max_conclusions", "max_sentences",
               "include_moderators", "name_organizations", "attribution", "annex_charts")
_SECTION_FIELDS = ("key", "numeral", "title", "kind", "topics", "subsections", "tags",
                   "description", "free_text")
_SUBSECTION_FIELDS = ("key", "letter", "title", "tags", "description")


class SettingsError(ValueError):
    """A setting that cannot be used; `field` names it ("outline[1].subsections[0].tags").

    The engine may not import the web app, so this is not a `forum.refusals.Refused`; it
    carries the same attributes (message, status, field, code) and the web app translates it
    where it translates refusals (forum/web.py attempt, forum/errors.py)."""

    status = 422
    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


def _mapping(value: Any, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SettingsError(field, "must be an object")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise SettingsError(f"{field}.{unknown[0]}" if field else unknown[0], "unknown setting")
    return value


def _text(data: dict, key: str, field: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise SettingsError(field, "must be text")
    return value.strip()


def _words(data: dict, key: str, field: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingsError(field, "must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _number(data: dict, key: str, field: str, default: int | None, low: int) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SettingsError(field, f"must be a whole number of at least {low}")
    return value


def _flag(data: dict, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise SettingsError(key, "must be true or false")
    return value


def _choice(data: dict, key: str, choices: tuple[str, ...]) -> str | None:
    value = data.get(key)
    if value is None:
        return None  # absent: the default for the forum's authors
    if not isinstance(value, str) or value.strip() not in choices:
        raise SettingsError(key, f"must be one of {', '.join(choices)}")
    return value.strip()


def _header(value: Any) -> Header:
    data = _mapping(value or {}, "header", _HEADER_FIELDS)
    raw = data.get("date")
    day = None
    if raw:
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            raise SettingsError("header.date", "must be an ISO date (YYYY-MM-DD)") from None
    return Header(**{k: _text(data, k, f"header.{k}") for k in _HEADER_FIELDS if k != "date"},
                  date=day)


def _subsection(value: Any, field: str, index: int) -> SubsectionSpec:
    data = _mapping(value, field, _SUBSECTION_FIELDS)
    key = _text(data, "key", f"{field}.key")
    if not key:
        raise SettingsError(f"{field}.key", "is required")
    return SubsectionSpec(key=key, letter=_text(data, "letter", f"{field}.letter")
                          or strings.sequence("en", "letters", index),
                          title=_text(data, "title", f"{field}.title"),
                          tags=_words(data, "tags", f"{field}.tags"),
                          description=_text(data, "description", f"{field}.description"))


def _section(value: Any, field: str, kind_default: str = "content") -> SectionSpec:
    data = _mapping(value, field, _SECTION_FIELDS)
    key = _text(data, "key", f"{field}.key")
    kind = _text(data, "kind", f"{field}.kind", kind_default)
    if kind not in KINDS:
        raise SettingsError(f"{field}.kind", f"must be one of {', '.join(KINDS)}")
    if not key:
        if kind != "conclusions":
            raise SettingsError(f"{field}.key", "is required")
        key = "conclusions"
    subs = data.get("subsections") or []
    if not isinstance(subs, list):
        raise SettingsError(f"{field}.subsections", "must be a list")
    subsections = tuple(_subsection(s, f"{field}.subsections[{i}]", i) for i, s in enumerate(subs))
    _unique([s.key for s in subsections], f"{field}.subsections")
    return SectionSpec(key=key, numeral=_text(data, "numeral", f"{field}.numeral"),
                       title=_text(data, "title", f"{field}.title"), kind=kind,
                       topics=_words(data, "topics", f"{field}.topics"), subsections=subsections,
                       tags=_words(data, "tags", f"{field}.tags"),
                       description=_text(data, "description", f"{field}.description"),
                       free_text=_text(data, "free_text", f"{field}.free_text"))


def _unique(keys: list[str], field: str) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key in seen:
            raise SettingsError(f"{field}[{i}].key", f"{key!r} is used twice")
        seen.add(key)


def parse_settings(data: dict[str, Any] | None) -> DigestSettings:
    """Validate the stored dict and fill defaults (an empty dict gives the default report)."""
    data = _mapping(data or {}, "", _TOP_FIELDS)
    raw_outline = data.get("outline") or []
    if not isinstance(raw_outline, list):
        raise SettingsError("outline", "must be a list of sections")
    outline = [_section(s, f"outline[{i}]") for i, s in enumerate(raw_outline)]
    conclusions = data.get("conclusions", None if raw_outline else {})
    if conclusions is not None and conclusions is not False:
        if any(s.kind == "conclusions" for s in outline):
            raise SettingsError("conclusions", "the outline already has a conclusions section")
        outline.append(_section(conclusions, "conclusions", "conclusions"))
    elif conclusions is False and not raw_outline:
        outline = []
    _unique([s.key for s in outline], "outline")
    if sum(s.kind == "conclusions" for s in outline) > 1:
        raise SettingsError("outline", "only one section may be of kind conclusions")
    return DigestSettings(
        header=_header(data.get("header")), mandate=_text(data, "mandate", "mandate"),
        word_budget=_number(data, "word_budget", "word_budget", None, 1),
        outline=tuple(outline),
        min_cluster_countries=_number(data, "min_cluster_countries", "min_cluster_countries",
                                      3, 2) or 3,
        max_items=_number(data, "max_items", "max_items", 10, 1) or 10,
        max_conclusions=_number(data, "max_conclusions", "max_conclusions", 7, 1) or 7,
        max_sentences=_number(data, "max_sentences", "max_sentences", 6, 1) or 6,
        include_moderators=_flag(data, "include_moderators", False),
        name_organizations=_flag(data, "name_organizations", True),
        attribution=_choice(data, "attribution", ATTRIBUTIONS),
        annex_charts=_flag(data, "annex_charts", False),
        default_outline=not raw_outline,
    )


def resolve_outline(settings: DigestSettings, forum: ForumInfo) -> tuple[SectionSpec, ...]:
    """The outline to print: topics fill a default outline; numerals and titles get filled."""
    lang = forum.language
    outline = list(settings.outline)
    if settings.default_outline:
        per_topic = [SectionSpec(key=f"topic-{key}", numeral="", title=title, topics=(key,))
                     for key, title in forum.topics]
        outline = per_topic + [s for s in outline if s.kind == "conclusions"]
    resolved = []
    for index, section in enumerate(outline):
        numeral = section.numeral or strings.sequence(lang, "numerals", index)
        title = section.title
        if not title and section.kind == "conclusions":
            title = strings.t(lang, "conclusions_title")
        # The default letters (A, B ... in their place) are the report language's: ألف، باء
        # ... in Arabic, А, Б ... in Russian; a letter given in the settings stays.
        subsections = tuple(
            replace(sub, letter=strings.sequence(lang, "letters", n))
            if sub.letter == strings.sequence("en", "letters", n) else sub
            for n, sub in enumerate(section.subsections))
        resolved.append(replace(section, numeral=numeral, title=title, subsections=subsections))
    return tuple(resolved)


FORM_FIELDS = ("header", "mandate", "word_budget", "annex_charts")


def editable_settings(data: dict[str, Any] | None,
                      topics: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The stored dict minus the keys the settings page shows as fields, with the default
    outline spelled out when none is stored (one section per topic, then the conclusions),
    so the Secretariat edits what the digest prints. Parses to the same report as `data`."""
    rest = {k: v for k, v in (data or {}).items() if k not in FORM_FIELDS}
    if rest.get("outline"):
        return rest
    outline: list[dict[str, Any]] = [{"key": f"topic-{key}", "title": title, "topics": [key]}
                                     for key, title in topics]
    conclusions = rest.pop("conclusions", {})
    if conclusions is not False and conclusions is not None:
        extra = conclusions if isinstance(conclusions, dict) else {}
        outline.append({"key": "conclusions", "kind": "conclusions", **extra})
    rest.pop("outline", None)
    return {"outline": outline, **rest}
