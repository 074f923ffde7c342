"""Reading a digest PDF back: its text page by page, and where each footnote landed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from synthesis.stages.number import all_lines
from synthesis.types import Report


def page_texts(data: bytes) -> list[str]:
    """Each page's text without white space (PDF text breaks lines anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return ["".join(page.extract_text().split()) for page in reader.pages]


def _pages_with(pages: list[str], text: str) -> list[int]:
    return [n for n, page in enumerate(pages, 1) if text in page]


def footnote_pages(report: Report, data: bytes) -> dict[int, tuple[list[int], list[int]]]:
    """For each note: (pages showing the sentence that first calls it, pages showing its text)."""
    pages = page_texts(data)
    out = {}
    for note in report.footnotes:
        call = next(x for x in all_lines(report) if note.number in x.note_numbers)
        # The end of the calling sentence and the start of the note: short enough to stay on
        # one page, long enough to be found only there.
        call_text = "".join(call.text.split())[-16:]
        note_text = "".join(note.text.split())[:24]
        out[note.number] = (_pages_with(pages, call_text), _pages_with(pages, note_text))
    return out
