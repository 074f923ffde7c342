"""Dates and times in the reader's language (CLDR through Babel), always in UTC.

English keeps the forms the forum has always printed ("2014-05-20 10:30 UTC",
"20 May 2014"): they are UN usage, and CLDR's English ("May 20, 2014") is American.
Every other language takes CLDR's long date, so a French reader sees "20 mai 2014" and
an Arabic reader "20 مايو 2014". The digest formats its own dates (forum/digest): these
filters are for the interface only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_datetime, format_time

from forum.i18n import interface_lang

_EN_DAY = "d MMMM y"
_EN_STAMP = "yyyy-MM-dd HH:mm"


def day(value: datetime | None, lang: str | None = None) -> str:
    """The calendar day of `value` (UTC) in the reader's language."""
    if value is None:
        return ""
    lang = lang or interface_lang()
    return format_date(value, _EN_DAY if lang == "en" else "long", locale=lang)


def last_day(value: datetime | None, lang: str | None = None) -> str:
    """The last day inside a [opens, closes) window: closing at 14 June 00:00 ran to 13 June."""
    if value is None:
        return ""
    return day(value - timedelta(seconds=1), lang)


def stamp(value: datetime | None, lang: str | None = None) -> str:
    """Date and time to the minute, labelled "UTC" (the times are never shifted)."""
    if value is None:
        return ""
    lang = lang or interface_lang()
    if lang == "en":
        return format_datetime(value, _EN_STAMP, tzinfo=UTC, locale="en") + " UTC"
    # A date pattern cannot hold the hour, so the day and the time are joined with the
    # locale's own date-time glue ("{1}, {0}" in French, "{1} {0}" in Chinese).
    glue = Locale.parse(lang).datetime_formats["medium"]
    when = glue.format(format_time(value, "HH:mm", tzinfo=UTC, locale=lang),
                       format_date(value, "long", locale=lang))
    return f"{when} UTC"
