"""Pure breakdowns of a forum's public messages (no database, no Flask): tested directly."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from forum.forums.queries import Participation

GROUPS = ("party", "other_government", "organization")
MAX_DAYS = 400  # beyond this, days outside the window are shown only where they have messages


@dataclass(frozen=True)
class AuthorPost:
    """One public message as the dashboard needs it."""

    created_at: datetime
    author_id: int
    topic_id: int | None
    affiliation: str
    country: str | None


@dataclass(frozen=True)
class Group:
    """Participants of one affiliation (Parties, other Governments, organizations)."""

    key: str
    participants: int
    countries: int
    messages: int

    @property
    def per_participant(self) -> float:
        return self.messages / self.participants if self.participants else 0.0


@dataclass(frozen=True)
class Day:
    """Messages on one UTC day; `period` is "window", "extension" or "outside"."""

    day: date
    messages: int
    period: str


@dataclass(frozen=True)
class TopicCount:
    title: str | None  # None: threads outside any topic
    messages: int


@dataclass(frozen=True)
class CountryCount:
    code: str
    affiliation: str
    participants: int
    messages: int


@dataclass(frozen=True)
class Decision:
    approved: bool
    seconds: int


@dataclass(frozen=True)
class Moderation:
    approved: int
    rejected: int
    median_seconds: float | None
    p95_seconds: int | None


@dataclass(frozen=True)
class Dashboard:
    figures: Participation
    groups: tuple[Group, ...]
    days: tuple[Day, ...]
    topics: tuple[TopicCount, ...]
    countries: tuple[CountryCount, ...]
    moderation: Moderation | None


def by_group(rows: list[AuthorPost]) -> tuple[Group, ...]:
    authors: dict[str, set[int]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    messages: Counter[str] = Counter()
    for r in rows:
        authors[r.affiliation].add(r.author_id)
        messages[r.affiliation] += 1
        if r.country and r.affiliation != "organization":
            countries[r.affiliation].add(r.country)
    return tuple(Group(key=g, participants=len(authors[g]), countries=len(countries[g]),
                       messages=messages[g]) for g in GROUPS)


def last_day(closes_at: datetime) -> date:
    """A window is [opens, closes): its last day is the date of its last instant."""
    return (closes_at - timedelta(seconds=1)).date()


def by_day(rows: list[AuthorPost], opens_at: datetime, closes_at: datetime,
           extended_to: datetime | None) -> tuple[Day, ...]:
    """Every day from the window's first to its last (extension included), widened to any
    day outside it that has messages (a closing message written after the forum closed),
    with empty days as 0: a day axis without gaps."""
    counts = Counter(r.created_at.date() for r in rows)
    first, original_last = opens_at.date(), last_day(closes_at)
    final = last_day(extended_to) if extended_to and extended_to > closes_at else original_last
    start, end = min([first, *counts]), max([final, *counts])
    if (end - start).days > MAX_DAYS:  # a stray date in an imported archive: no 10-year axis
        start, end = first, final
    days = sorted({start + timedelta(days=i) for i in range((end - start).days + 1)}
                  | set(counts))

    def period(day: date) -> str:
        if first <= day <= original_last:
            return "window"
        if original_last < day <= final:
            return "extension"
        return "outside"

    return tuple(Day(day=d, messages=counts[d], period=period(d)) for d in days)


def by_topic(rows: list[AuthorPost], topics: list[tuple[int, str]]) -> tuple[TopicCount, ...]:
    """In the forum's topic order; messages in threads outside any topic last."""
    counts = Counter(r.topic_id for r in rows)
    out = [TopicCount(title=title, messages=counts[tid]) for tid, title in topics]
    known = {tid for tid, _ in topics}
    loose = sum(n for tid, n in counts.items() if tid not in known)
    if loose:
        out.append(TopicCount(title=None, messages=loose))
    return tuple(out)


def by_country(rows: list[AuthorPost]) -> tuple[CountryCount, ...]:
    """Participating countries (Parties and other Governments), by code."""
    authors: dict[tuple[str, str], set[int]] = defaultdict(set)
    messages: Counter[tuple[str, str]] = Counter()
    for r in rows:
        if r.country and r.affiliation != "organization":
            key = (r.country.upper(), r.affiliation)
            authors[key].add(r.author_id)
            messages[key] += 1
    return tuple(CountryCount(code=c, affiliation=a, participants=len(authors[(c, a)]),
                              messages=messages[(c, a)]) for c, a in sorted(authors))


def percentile(values: list[int], share: float) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or
    below it (always one of the values; no interpolation to explain)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered, half = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return float(ordered[half])
    return (ordered[half - 1] + ordered[half]) / 2


def moderation(decisions: list[Decision]) -> Moderation:
    seconds = [d.seconds for d in decisions]
    return Moderation(approved=sum(d.approved for d in decisions),
                      rejected=sum(not d.approved for d in decisions),
                      median_seconds=median(seconds), p95_seconds=percentile(seconds, 0.95))


def duration(seconds: float | None) -> str:
    """"2 d 3 h", "3 h 20 min", "45 min" (figures, not prose: no translation needed)."""
    if seconds is None:
        return "–"
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"
