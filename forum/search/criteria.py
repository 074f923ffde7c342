"""A search request read from query parameters (the page and the API read the same ones).

Parsing only: each value that cannot be understood is refused with a 400 naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from forum.inputs import MAX_INT
from forum.models.posts import KINDS
from forum.models.users import AFFILIATIONS
from forum.refusals import Refused
from forum.search.text import MAX_QUERY_CHARS, query_terms

SORTS = ("relevance", "date")
PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 200
PARAMETERS = ("q", "forum", "topic", "thread", "author", "country", "affiliation", "kind",
              "since", "until", "sort", "page", "per_page")
_DIGITS = re.compile(r"[0-9]{1,10}")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SearchError(Refused):
    """A search that cannot be run as asked (400, naming the parameter). Its parameters are
    a query string, so the API answers 400 `bad_request` as for any query parameter, not
    the 422 it gives a body (CONTRACTS.md)."""

    def __init__(self, message: object, status: int | None = None, field: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message, status, field, code or "bad_request")


@dataclass(frozen=True)
class Criteria:
    q: str
    terms: tuple[str, ...]
    forum: str | None = None
    topic: int | None = None
    thread: int | None = None
    author: int | None = None
    country: str | None = None
    affiliation: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT

    @property
    def starts(self) -> datetime | None:
        return datetime.combine(self.since, time()) if self.since else None

    @property
    def ends(self) -> datetime | None:
        """The first instant after `until` (the range includes that whole day, UTC)."""
        if self.until is None or self.until == date.max:
            return None
        return datetime.combine(self.until + timedelta(days=1), time())


def _int(name: str, value: str, maximum: int = MAX_INT) -> int:
    if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= maximum:
        raise SearchError(_l("'%(name)s' must be a whole number from 1 to %(maximum)s.", name=name,
                             maximum=maximum), field=name)
    return int(value)


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise SearchError(_l("'%(name)s' is one of: %(values)s.", name=name,
                             values=", ".join(allowed)), field=name)
    return value


def _date(name: str, value: str) -> date:
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise SearchError(_l("'%(name)s' must be a date written YYYY-MM-DD.", name=name),
                          field=name) from None


def _query(value: str) -> str:
    if len(value) > MAX_QUERY_CHARS:
        raise SearchError(_l("The search is too long: at most %(n)s characters.",
                             n=MAX_QUERY_CHARS),
                          status=400, field="q")
    if "\x00" in value or re.search("[\ud800-\udfff]", value):
        raise SearchError(_l("The search must be plain text (no NUL, valid Unicode)."), field="q")
    return value.strip()


def read_criteria(args: Mapping[str, str], *, need_query: bool = False) -> Criteria:
    """The criteria in `args` (empty values count as absent); SearchError names a bad one."""
    given = {k: v for k, v in args.items() if k in PARAMETERS and v != ""}
    q = _query(given.get("q", ""))
    if need_query and not q:
        raise SearchError(_l("Give the words to search for in 'q'."), field="q")
    values: dict = {"q": q, "terms": tuple(query_terms(q)) if q else ()}
    values["forum"] = given.get("forum")
    if values["forum"] is not None and len(values["forum"]) > 64:
        raise SearchError(_l("No such forum."), status=404, field="forum")
    for name in ("topic", "thread", "author"):
        if name in given:
            values[name] = _int(name, given[name])
    if "country" in given:
        if not _COUNTRY.fullmatch(given["country"]):
            raise SearchError(_l("'country' is a two-letter code (EU for the European Union)."),
                              field="country")
        values["country"] = given["country"].upper()
    if "affiliation" in given:
        values["affiliation"] = _choice("affiliation", given["affiliation"], AFFILIATIONS)
    if "kind" in given:
        values["kind"] = _choice("kind", given["kind"], KINDS)
    for name in ("since", "until"):
        if name in given:
            values[name] = _date(name, given[name])
    if values.get("since") and values.get("until") and values["since"] > values["until"]:
        raise SearchError(_l("'since' must not be after 'until'."), field="since")
    if "sort" in given:
        values["sort"] = _choice("sort", given["sort"], SORTS)
    if "page" in given:
        values["page"] = _int("page", given["page"])
    if "per_page" in given:
        values["per_page"] = _int("per_page", given["per_page"], PER_PAGE_MAX)
    return Criteria(**values)
