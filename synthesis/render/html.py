"""Stage 7b: the report as HTML; every sentence says which posts it came from."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from synthesis.languages import strings
from synthesis.render.annex import annex_html
from synthesis.render.meta import RTL_LANGUAGES, document_language, is_rtl
from synthesis.text import URL as _URL
from synthesis.types import Line, Paragraph, Report, Subsection

PRINT_CSS = """\
.digest{max-width:42rem;margin:0 auto;font-family:"Times New Roman",Times,"DejaVu Serif",
"Noto Serif CJK SC",serif;line-height:1.45}
.digest[lang|=ar]{font-family:"Noto Naskh Arabic","Times New Roman","DejaVu Serif",serif}
.digest[lang|=ru]{font-family:"Times New Roman","DejaVu Serif",serif}
.digest[lang|=zh]{font-family:"Times New Roman",Times,"Noto Serif CJK SC",serif}
.digest .draft-mark{font-weight:bold;letter-spacing:.2em;color:#a00;border:2px solid #a00;
display:inline-block;padding:0 .5em}
.digest .doc-header{display:flex;justify-content:space-between;gap:2rem;
border-bottom:1px solid #000;padding-bottom:.5rem;margin-bottom:1.5rem}
.digest .doc-header p{margin:0}
.digest .doc-header .ids{text-align:right}
.digest h1{font-size:1.25rem;text-align:center}
.digest .note-by{text-align:center;font-weight:bold}
.digest .reconstruction{font-style:italic;border-left:3px solid #999;padding-left:.75rem}
.digest h2{font-size:1.05rem}
.digest h3{font-size:1rem}
.digest .para .num{display:inline-block;min-width:2.2em}
.digest .item{margin-left:2.2em}
.digest .item .label{display:inline-block;min-width:2em}
.digest .s[data-sources]:hover{background:#fff4c2}
.digest .sources{font-size:.8rem;color:#555;margin-left:2.2em}
.digest .footnotes{border-top:1px solid #000;margin-top:2rem;font-size:.9rem}
.digest[dir=rtl] .doc-header .ids{text-align:left}
.digest[dir=rtl] .reconstruction{border-left:0;padding-left:0;border-right:3px solid #999;
padding-right:.75rem}
.digest[dir=rtl] .item,.digest[dir=rtl] .sources{margin-left:0;margin-right:2.2em}
.digest .annex{break-before:page}
.digest .annex figure{margin:1.5rem 0;break-inside:avoid}
.digest .annex figcaption{font-weight:bold;margin-bottom:.5rem}
.digest .annex svg,.digest .annex img{display:block;width:100%;height:auto}
.digest .annex table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}
.digest .annex th,.digest .annex td{border:1px solid #999;padding:.1rem .4rem;text-align:start}
.digest .annex .figure-desc{font-style:italic;margin:.5rem 0 0}
@media print{
@page{size:A4;margin:2.5cm 2cm}
.digest{max-width:none;font-size:11pt}
.digest .sources{display:none}
.digest .s[data-sources]:hover{background:none}
.digest a{color:inherit;text-decoration:none}
.digest h2,.digest h3{break-after:avoid}
.digest .para{break-inside:avoid-page}
}
"""


def wording_marks(report: Report) -> str:
    """Attributes for the report's own wording when another language's rules wrote it (the
    English fallback in an Arabic forum's digest): its language, and its direction when that
    differs from the document's, so an English sentence keeps its full stop at its end."""
    rules = report.language.split("-")[0].lower() or "en"
    if rules == document_language(report):
        return ""
    direction = "rtl" if rules in RTL_LANGUAGES else "ltr"
    return f' lang="{escape(rules)}"' + (f' dir="{direction}"'
                                          if (direction == "rtl") != is_rtl(report) else "")


def _text(text: str) -> str:
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = escape(match.group(0))
        out.append(escape(text[pos:match.start()], quote=False))
        out.append(f'<a href="{url}">{url}</a>')
        pos = match.end()
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


class _Writer:
    def __init__(self, report: Report, post_url: str, page_footnotes: bool,
                 breaks: Collection[int] = ()) -> None:
        self.report = report
        self.wording = wording_marks(report)
        self.back = strings.t(report.language, "footnote_back")
        self.breaks = frozenset(breaks)
        self.post_url = post_url
        self.numbers = dict(report.post_numbers)
        self.referenced: set[int] = set()
        # Paged media only: a note's text sits at its first call and the printer floats it to
        # the foot of that page (CSS `float: footnote`), printing the call itself.
        self.notes = {n.number: n.text for n in report.footnotes} if page_footnotes else None

    def note(self, n: int) -> str:
        first = n not in self.referenced
        self.referenced.add(n)
        if self.notes is not None and first:
            # The empty span marks where the call is (the printer's page anchors tell the
            # PDF renderer on which page it landed); the note itself floats away.
            return (f'<span id="fnref-{n}"></span>'
                    f'<span class="fn-note" id="fn-{n}" data-n="{n}"{self.wording}>'
                    f"{_text(self.notes.get(n, ''))}</span>")
        if self.notes is not None:  # a later call of the same note: its number, as in Word
            return f'<sup class="fn"><a href="#fn-{n}">{n}</a></sup>'
        anchor = f' id="fnref-{n}"' if first else ""
        return f'<sup class="fn"><a href="#fn-{n}"{anchor}>{n}</a></sup>'

    def words(self, text: str) -> str:
        """The report's own wording (a heading, a label), marked as `wording_marks` says on
        an inline span, so the block keeps the document's alignment."""
        return f"<span{self.wording}>{escape(text)}</span>" if self.wording else escape(text)

    def line(self, line: Line) -> str:
        refs = [self.note(n) for n in line.note_numbers]
        body = _text(line.text) + "".join(refs)
        if line.kind != "content":
            return f'<span class="frame"{self.wording}>{body}</span>'
        sources = " ".join(str(s) for s in line.sources)
        return f'<span class="s" data-sources="{sources}">{body}</span>'

    def link(self, post_id: int) -> str:
        number = self.numbers.get(post_id)
        label = (f"#{number}" if number is not None
                 else strings.t(self.report.language, "post_label", id=post_id))
        href = escape(self.post_url.format(id=post_id, number=number or ""))
        return f'<a href="{href}">{escape(label)}</a>'

    def page_break(self, number: int | None) -> str:
        return ' class="page-break"' if number in self.breaks else ""

    def paragraph(self, p: Paragraph, *, breakable: bool = True) -> str:
        j = self.report.sentence_joiner
        lines = j.join(self.line(x) for x in p.lines)
        css = "para page-break" if breakable and p.number in self.breaks else "para"
        html = [f'<div class="{css}" id="para-{p.number}">',
                f'<p><span class="num">{p.number}.</span> {lines}</p>']
        for item in p.items:
            body = j.join(self.line(x) for x in item.lines)
            label = strings.t(self.report.language, "item_label", letter=item.letter)
            html.append(f'<p class="item"><span class="label">{escape(label)}</span> '
                        f"{body}</p>")
        if p.tail:
            html.append(f"<p>{j.join(self.line(x) for x in p.tail)}</p>")
        every = (*p.lines, *(x for item in p.items for x in item.lines), *p.tail)
        sources = sorted({s for x in every for s in x.sources},
                         key=lambda s: (self.numbers.get(s) is None, self.numbers.get(s) or 0, s))
        if sources:
            links = ", ".join(self.link(s) for s in sources)
            html.append(f'<p class="sources">{escape(self.report.sources_label)}: {links}</p>')
        html.append("</div>")
        return "\n".join(html)


def _first_number(paragraphs: Sequence[Paragraph],
                  subsections: Sequence[Subsection] = ()) -> int | None:
    for p in (*paragraphs, *(p for sub in subsections for p in sub.paragraphs)):
        return p.number
    return None


def render_html(report: Report, post_url: str = "/posts/{id}", *, standalone: bool = True,
                page_footnotes: bool = False, breaks_before: Collection[int] = (),
                svg_as_image: bool = False) -> str:
    """The report as HTML; `post_url` takes {id} (and {number}) for the source links."""
    # standalone=False gives the <article> alone, for a page template that brings PRINT_CSS.
    # page_footnotes=True puts each note's text at its first call instead of a list at the
    # end: for a printer that knows `float: footnote` (the PDF); browsers do not.
    # breaks_before: paragraph numbers that start a page (with the headings just above them),
    # class "page-break", which only the PDF's CSS styles.
    # svg_as_image: the annex's pictures as <img> with a data: address instead of inline
    # <svg> (the PDF: WeasyPrint draws an SVG image the way it was drawn for the dashboard).
    w = _Writer(report, post_url, page_footnotes, breaks_before)
    lang = escape(document_language(report))
    # Only a right-to-left language says its direction (the rest read as the default, ltr).
    direction = ' dir="rtl"' if is_rtl(report) else ""
    out = [f'<article class="digest" lang="{lang}"{direction}>']
    if report.draft:
        out.append(f'<p class="draft-mark">{w.words(report.draft_label)}</p>')
    h = report.header
    top = [x for x in (h.body, h.meeting, h.place_and_dates, h.agenda_item) if x]
    ids = [x for x in (h.symbol, h.date) if x]
    if top or ids:
        out.append('<header class="doc-header"><div class="meeting">'
                   + "".join(f"<p>{escape(x)}</p>" for x in top) + '</div><div class="ids">'
                   + "".join(f"<p>{escape(x)}</p>" for x in ids) + "</div></header>")
    out.append(f"<h1>{escape(report.title)}</h1>")
    if report.note_by:
        out.append(f'<p class="note-by">{w.words(report.note_by)}</p>')
    if report.reconstruction_note:
        out.append(f'<p class="reconstruction">{escape(report.reconstruction_note)}</p>')
    if report.introduction:
        first = _first_number(report.introduction)
        out.append(f"<h2{w.page_break(first)}>{w.words(report.intro_heading)}</h2>")
        out.extend(w.paragraph(p, breakable=p.number != first) for p in report.introduction)
    for section in report.sections:
        first = _first_number(section.paragraphs, section.subsections)
        out.append(f'<section id="section-{escape(section.key)}"{w.page_break(first)}>')
        out.append(f"<h2>{escape(section.numeral)}. {escape(section.title)}</h2>")
        out.extend(w.paragraph(p, breakable=p.number != first) for p in section.paragraphs)
        for sub in section.subsections:
            top = _first_number(sub.paragraphs)
            out.append(f"<h3{w.page_break(top if top != first else None)}>"
                       f"{escape(sub.letter)}. {escape(sub.title)}</h3>")
            out.extend(w.paragraph(p, breakable=p.number not in (first, top))
                       for p in sub.paragraphs)
        out.append("</section>")
    if report.footnotes and not page_footnotes:
        out.append('<section class="footnotes"><ol>')
        for note in report.footnotes:
            # The note and its back-link's label are in the report's wording language,
            # marked as the headings are when another language's rules wrote the report.
            out.append(f'<li id="fn-{note.number}" value="{note.number}"{w.wording}>'
                       f'{_text(note.text)} <a href="#fnref-{note.number}" '
                       f'aria-label="{escape(w.back)}">↩</a></li>')
        out.append("</ol></section>")
    if report.annex is not None:
        out.append(annex_html(report.annex, svg_as_image=svg_as_image))
    out.append("</article>")
    article = "\n".join(out) + "\n"
    if not standalone:
        return article
    return (f'<!DOCTYPE html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(report.title)}</title>\n<style>\n{PRINT_CSS}</style>\n</head>\n"
            f"<body>\n{article}</body>\n</html>\n")
