"""Stage 7d: the report as PDF, printed by WeasyPrint from the standalone HTML.

WeasyPrint is imported only here, when a PDF is asked for, so the forum runs without it
(and without Pango). Each script needs a font on the machine with its glyphs: Latin and
Cyrillic from DejaVu Serif (Debian `fonts-dejavu-core`), Chinese from "Noto Serif CJK SC"
(`fonts-noto-cjk`), Arabic from "Noto Naskh Arabic" (`fonts-noto-core`); the print CSS
names them per language and fontconfig supplies them for any other text. Pango shapes the
text with HarfBuzz (Arabic joining forms, ligatures) and lays out right-to-left paragraphs
from the document's `dir`.
"""

from __future__ import annotations

from collections.abc import Collection

from synthesis.render.html import render_html
from synthesis.render.meta import document_date
from synthesis.stages.number import all_paragraphs, paragraph_lines
from synthesis.types import Report


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it loads) is not installed."""


# Added to PRINT_CSS: running heads, page numbers and footnotes at the foot of the page,
# which only paged media have. Each note's text sits at its first call (render_html with
# page_footnotes=True); `float: footnote` moves it to the bottom of the page the call falls
# on, and the call and the note print the report's own number (data-n), the one Markdown,
# HTML and Word print. A later call of the same note is a plain superscript number.
# The footnote area is measured in whole pixels: WeasyPrint (70) compares the bottom of the
# last note with the bottom of the area in floating point, and with fractional lengths (9pt,
# .4em, .5pt) a rounding error of 1e-13 reads as "does not fit" and sends every note to
# the next page.
_PDF_CSS = """\
@page{size:A4;margin:2.5cm 2cm;@bottom-center{content:counter(page);font-size:9pt}
@footnote{margin-top:12px;padding-top:6px;border-top:1px solid #000}}
body{margin:0}
.digest .doc-header .ids{flex:none;white-space:nowrap}
.digest .para>p:first-child{padding-left:2.2em;text-indent:-2.2em}
.digest .item{padding-left:2em;text-indent:-2em}
.digest .num,.digest .label{text-indent:0}
.digest .fn-note{float:footnote;font-size:12px;line-height:16px;font-weight:normal;
font-style:normal;text-align:left;text-indent:-24px;padding-left:24px}
.digest .fn-note::footnote-call{content:attr(data-n);vertical-align:super;font-size:70%;
line-height:1}
.digest .fn-note::footnote-marker{content:attr(data-n);display:inline-block;width:24px;
text-indent:0}
.digest .fn{line-height:1}
.digest .page-break{break-before:page}
.digest[dir=rtl] .para>p:first-child{padding-left:0;padding-right:2.2em}
.digest[dir=rtl] .item{padding-left:0;padding-right:2em;margin-right:2.2em}
.digest[dir=rtl] .fn-note{text-align:right;padding-left:0;padding-right:24px}
"""
_DRAFT_CSS = """\
@page{@top-center{content:"%s";color:#a00;font-weight:bold;letter-spacing:.2em}}
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def pdf_html(report: Report, post_url: str, breaks_before: Collection[int] = ()) -> str:
    """The standalone HTML WeasyPrint prints: the report's date as the PDF's dates."""
    html = render_html(report, post_url, standalone=True, page_footnotes=True,
                       breaks_before=breaks_before, svg_as_image=True)
    stamp = document_date(report).isoformat() + "T00:00:00Z"
    css = _PDF_CSS + (_DRAFT_CSS % _css_string(report.draft_label) if report.draft else "")
    head = (f'<meta name="dcterms.created" content="{stamp}">\n'
            f'<meta name="dcterms.modified" content="{stamp}">\n'
            f"<style>\n{css}</style>\n")
    return html.replace("</head>", head + "</head>", 1)


# WeasyPrint may still send a note to the next page while its call stays behind: to fit one
# more line of a paragraph at the bottom of the page, even when that paragraph then moves on
# whole. Each extra round starts a new page earlier (before the last paragraph that starts
# on the call's page, then the one before it, ...) until the note sits under its call.
MAX_LAYOUTS = 5


def _first_pages(document) -> dict[str, int]:
    """The page each anchor (element id) first appears on."""
    first: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            first.setdefault(name, index)
    return first


def _misplaced(report: Report, pages: dict[str, int]) -> int | None:
    """The first note printed on another page than its call, if any."""
    for note in report.footnotes:
        call, body = pages.get(f"fnref-{note.number}"), pages.get(f"fn-{note.number}")
        if call is not None and body is not None and call != body:
            return note.number
    return None


def _candidates(report: Report, note: int, pages: dict[str, int]) -> list[int]:
    """Paragraphs to start a page at, latest first, so that `note` stays under its call."""
    calling = next(p.number for p in all_paragraphs(report)
                   if any(note in x.note_numbers for x in paragraph_lines(p)))
    page = pages[f"fnref-{note}"]
    on_page = [p.number for p in all_paragraphs(report)
               if pages.get(f"para-{p.number}") == page and p.number is not None]
    later = sorted((n for n in on_page if n > calling), reverse=True)
    # Last resort: the calling paragraph itself moves on with its note, unless it opens the
    # page already (that would only move the problem one page on).
    return later + ([calling] if on_page and on_page[0] < calling else [])


def _layout(report: Report, post_url: str, weasyprint):
    """The laid-out document, every note on the page of its first call where possible."""
    settled: list[int] = []  # breaks that keep earlier notes in place
    trying: list[int] = []  # the remaining candidates for the note being placed
    current = None
    document = None
    for _ in range(MAX_LAYOUTS):
        breaks = settled + trying[:1]
        html = weasyprint.HTML(string=pdf_html(report, post_url, breaks), base_url=None)
        document = html.render()
        pages = _first_pages(document)
        note = _misplaced(report, pages)
        if note is None:
            return document
        if note != current:  # a new note to place: the trial break (if any) worked
            settled += trying[:1]
            current, trying = note, _candidates(report, note, pages)
        else:
            trying = trying[1:]
        if not trying:
            break
    return document


def render_pdf(report: Report, post_url: str = "/posts/{id}") -> bytes:
    """The report as PDF bytes (A4); raises PdfUnavailable when WeasyPrint cannot load."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango's shared libraries are missing
        raise PdfUnavailable(
            "PDF output needs WeasyPrint and Pango: pip install weasyprint; apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ({error})") from None
    return _layout(report, post_url, weasyprint).write_pdf()
