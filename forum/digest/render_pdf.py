"""Stage 7d: the report as PDF, printed by WeasyPrint from the standalone HTML.

WeasyPrint is imported only here, when a PDF is asked for, so the forum runs without it
(and without Pango). Chinese needs a CJK font on the machine (Debian `fonts-noto-cjk`):
the print CSS names "Noto Serif CJK SC" and fontconfig supplies it for any CJK text.
"""

from __future__ import annotations

from forum.digest.render_html import render_html
from forum.digest.render_meta import document_date
from forum.digest.types import Report


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it loads) is not installed."""


# Added to PRINT_CSS: running heads and page numbers, which only paged media have.
_PDF_CSS = """\
@page{size:A4;margin:2.5cm 2cm;@bottom-center{content:counter(page);font-size:9pt}}
body{margin:0}
.digest .doc-header .ids{flex:none;white-space:nowrap}
.digest .para>p:first-child{padding-left:2.2em;text-indent:-2.2em}
.digest .item{padding-left:2em;text-indent:-2em}
.digest .num,.digest .label{text-indent:0}
.digest .footnotes a[aria-label=back]{display:none}
"""
_DRAFT_CSS = """\
@page{@top-center{content:"%s";color:#a00;font-weight:bold;letter-spacing:.2em}}
"""


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def pdf_html(report: Report, post_url: str) -> str:
    """The standalone HTML WeasyPrint prints: the report's date as the PDF's dates."""
    html = render_html(report, post_url, standalone=True)
    stamp = document_date(report).isoformat() + "T00:00:00Z"
    css = _PDF_CSS + (_DRAFT_CSS % _css_string(report.draft_label) if report.draft else "")
    head = (f'<meta name="dcterms.created" content="{stamp}">\n'
            f'<meta name="dcterms.modified" content="{stamp}">\n'
            f"<style>\n{css}</style>\n")
    return html.replace("</head>", head + "</head>", 1)


def render_pdf(report: Report, post_url: str = "/posts/{id}") -> bytes:
    """The report as PDF bytes (A4); raises PdfUnavailable when WeasyPrint cannot load."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango's shared libraries are missing
        raise PdfUnavailable(
            "PDF output needs WeasyPrint and Pango: pip install weasyprint; apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ({error})") from None
    document = weasyprint.HTML(string=pdf_html(report, post_url), base_url=None)
    return document.write_pdf()
