"""What the binary renderers (DOCX, PDF) stamp as the document's date: the report's own."""

from __future__ import annotations

import re
from datetime import date

from synthesis.types import Report

# No date in the header: a fixed day, so the files never carry the time they were written
# (1980-01-01 is also the earliest date a ZIP entry can hold).
EPOCH = date(1980, 1, 1)

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_EN = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")
_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def document_date(report: Report) -> date:
    """The header's date (printed "13 August 2014", "2014年8月13日" or ISO), else EPOCH."""
    # The Report carries the date already formatted in its language: read it back.
    text = report.header.date.strip()
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _ZH.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _EN.fullmatch(text)) and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS.index(m[2].lower()) + 1, int(m[1]))
    except ValueError:
        pass
    return EPOCH


# Scripts written right to left, by language (base code): the documents of a forum in one of
# these read from the right (HTML dir, PDF direction, Word w:bidi and w:rtl).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def document_language(report: Report) -> str:
    """The base code the documents are marked with: the forum's language, also when the
    digest was written with another language's rules (report.language is then those)."""
    code = report.document_language or report.language or "en"
    return code.split("-")[0].strip().lower() or "en"


def is_rtl(report: Report) -> bool:
    return document_language(report) in RTL_LANGUAGES
