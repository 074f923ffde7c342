"""Stage 7c: the report as a Word document laid out like a UN meeting document.

Real Word styles throughout (Title, Heading 1 and 2, a numbered-paragraph style with a
hanging indent, lettered items, footnote text), so the Secretariat can restyle the file
with its own template. Paragraph numbers are printed as text ("12.<tab>"): they are the
report's own numbers, which the HTML and Markdown print too, and cannot drift if someone
inserts a paragraph before sending the file on. Word footnotes carry the report's
footnotes; an annex lists the source posts of every paragraph as links.

The same report gives the same bytes: the document's dates are the report's date
(`render_meta.document_date`) and the ZIP is rewritten without the clock.
"""

from __future__ import annotations

import io
from datetime import datetime

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from synthesis.languages import strings
from synthesis.render.meta import document_date, document_language, is_rtl
from synthesis.render.word_annex import add_annex
from synthesis.render.word_i18n import language_mark, mark_runs, right_to_left_document, word_tag
from synthesis.render.word_parts import (
    HYPERLINK,
    NOTE_REFERENCE,
    NOTE_TEXT,
    Footnotes,
    add_link,
    add_text,
    fixed_zip,
)
from synthesis.types import Line, Paragraph, Report

NUMBERED = "Numbered Paragraph"
ITEM = "Lettered Item"
CONTINUATION = "Paragraph Continuation"
HEADER_BLOCK = "Document Header"
NOTE_BY = "Note By"
RECONSTRUCTION = "Reconstruction Note"
DRAFT = "Draft Mark"
_BLACK = RGBColor(0, 0, 0)
_RED = RGBColor(0xAA, 0, 0)


def _paragraph_style(doc: Document, name: str, *, size: float | None = None,
                     bold: bool = False, italic: bool = False, indent: float = 0,
                     hanging: float = 0, after: float = 6,
                     align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold, style.font.italic = bold or None, italic or None
    if size:
        style.font.size = Pt(size)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(after)
    if indent:
        fmt.left_indent = Cm(indent)
    if hanging:
        fmt.first_line_indent = Cm(-hanging)
        fmt.tab_stops.add_tab_stop(Cm(indent))
    if align is not None:
        fmt.alignment = align


def _character_style(doc: Document, name: str, style_id: str) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.style_id = style_id
    if style_id == NOTE_REFERENCE:
        style.font.superscript = True
    else:
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True


def _styles(doc: Document, lang: str, rtl: bool) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rpr.rFonts.set(qn("w:eastAsia"), "SimSun")
    rpr.rFonts.set(qn("w:cs"), "Times New Roman")  # Arabic text: Word's complex-script font
    rpr.append(language_mark(lang, rtl))
    for name, size in (("Title", 14), ("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = "Times New Roman", Pt(size), True
        style.font.color.rgb = _BLACK
        style.font.italic = None
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over Times New Roman
        ppr = style.element.pPr
        if ppr is not None and (border := ppr.find(qn("w:pBdr"))) is not None:
            ppr.remove(border)  # the template's Title is underlined by a rule
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(12), Pt(6)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, NUMBERED, indent=1, hanging=1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(doc, ITEM, indent=2, hanging=1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(doc, CONTINUATION, indent=1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph_style(doc, HEADER_BLOCK, size=10, after=0)
    _paragraph_style(doc, NOTE_BY, bold=True, after=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, RECONSTRUCTION, italic=True, after=12)
    _paragraph_style(doc, DRAFT, size=14, bold=True, after=6, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.styles[DRAFT].font.color.rgb = _RED
    _paragraph_style(doc, "footnote text", size=9, after=0)
    doc.styles["footnote text"].style_id = NOTE_TEXT
    _character_style(doc, "footnote reference", NOTE_REFERENCE)
    _character_style(doc, "Hyperlink", HYPERLINK)
    for name in ("footnote text", "footnote reference", "Hyperlink"):
        # Word's own styles by name and id: not marked custom, so Word treats them as its own.
        doc.styles[name].element.attrib.pop(qn("w:customStyle"), None)


def _page(doc: Document, report: Report) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as UN documents
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    if report.draft:
        header = section.header.paragraphs[0]
        header.style = doc.styles[DRAFT]
        header.text = report.draft_label
        rules = report.language.split("-")[0].lower() or "en"
        if rules != document_language(report):
            mark_runs([header._p], rules)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
    page.append(OxmlElement("w:r"))
    footer._p.append(page)


class _Writer:
    def __init__(self, doc: Document, report: Report, post_url: str) -> None:
        self.doc, self.report, self.post_url = doc, report, post_url
        self.numbers = dict(report.post_numbers)
        self.notes = Footnotes(doc) if report.footnotes else None
        self.sources: list[tuple[int, list[int]]] = []
        # The report's own wording is in its rules' language; when that is not the
        # document's (the explicit English fallback), its runs say so (`mark`).
        rules = report.language.split("-")[0].lower() or "en"
        self.foreign = rules if rules != document_language(report) else None

    def mark(self, *elements: BaseOxmlElement) -> None:
        if self.foreign:
            mark_runs(elements, self.foreign)

    def lines(self, para: DocxParagraph, lines: tuple[Line, ...]) -> None:
        for i, line in enumerate(lines):
            if i and self.report.sentence_joiner:
                para.add_run(self.report.sentence_joiner)
            start = len(para._p)
            add_text(para._p, self.doc.part, line.text)
            if line.kind != "content":
                self.mark(*para._p[start:])
            for n in line.note_numbers:
                if self.notes is not None:
                    self.notes.call(para._p, n)

    def paragraph(self, p: Paragraph) -> None:
        para = self.doc.add_paragraph(f"{p.number}.\t", NUMBERED)
        self.lines(para, p.lines)
        for item in p.items:
            label = strings.t(self.report.language, "item_label", letter=item.letter)
            self.lines(self.doc.add_paragraph(f"{label}\t", ITEM), item.lines)
        if p.tail:
            self.lines(self.doc.add_paragraph(style=CONTINUATION), p.tail)
        every = (*p.lines, *(x for item in p.items for x in item.lines), *p.tail)
        ids = sorted({s for x in every for s in x.sources},
                     key=lambda s: (self.numbers.get(s) is None, self.numbers.get(s) or 0, s))
        if ids:
            self.sources.append((p.number, ids))

    def header(self) -> None:
        h, doc = self.report.header, self.doc
        if self.report.draft:
            self.mark(doc.add_paragraph(self.report.draft_label, DRAFT)._p)
        top = [x for x in (h.body, h.meeting, h.place_and_dates, h.agenda_item) if x]
        ids = [x for x in (h.symbol, h.date) if x]
        if not (top or ids):
            return
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        for cell, texts, align in ((left, top, None), (right, ids, WD_ALIGN_PARAGRAPH.RIGHT)):
            for i, text in enumerate(texts):
                para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                para.style, para.alignment = doc.styles[HEADER_BLOCK], align
                run = para.add_run(text)
                if cell is left and i == 0 and h.body:
                    run.bold = True  # the body's name heads the block, as in UN documents

    def annex(self) -> None:
        if not self.sources:
            return
        heading = self.doc.add_heading(self.report.sources_label, level=1)
        self.mark(heading._p)
        heading.paragraph_format.page_break_before = True
        table = self.doc.add_table(rows=0, cols=2, style="Table Grid")
        for number, ids in self.sources:
            left, right = table.add_row().cells
            left.paragraphs[0].text = f"{number}."
            para = right.paragraphs[0]
            for i, post_id in enumerate(ids):
                if i:
                    para.add_run(", ")
                label = (f"#{self.numbers[post_id]}" if self.numbers.get(post_id) is not None
                         else strings.t(self.report.language, "post_label", id=post_id))
                url = self.post_url.format(id=post_id, number=self.numbers.get(post_id) or "")
                add_link(para._p, self.doc.part, url, label)
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = Cm(2), Cm(14.6)


def _properties(doc: Document, report: Report) -> None:
    when = datetime.combine(document_date(report), datetime.min.time())
    props = doc.core_properties
    props.title, props.subject = report.title, report.header.symbol
    props.author = props.last_modified_by = props.comments = props.keywords = ""
    props.identifier = report.header.symbol
    props.language = word_tag(document_language(report))
    props.content_status = report.draft_label if report.draft else ""
    props.created = props.modified = when
    props.revision = 1
    package_rels = doc.part.package.rels
    for rid in [r for r, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]  # the template's thumbnail shows a page of another document


def render_docx(report: Report, post_url: str = "/posts/{id}") -> bytes:
    """The report as DOCX bytes; `post_url` takes {id} (and {number}) for the source links."""
    doc = docx.Document()
    lang, rtl = document_language(report), is_rtl(report)
    _styles(doc, lang, rtl)
    _page(doc, report)
    w = _Writer(doc, report, post_url)
    w.header()
    doc.add_paragraph(report.title, "Title")
    if report.note_by:
        w.mark(doc.add_paragraph(report.note_by, NOTE_BY)._p)
    if report.reconstruction_note:
        doc.add_paragraph(report.reconstruction_note, RECONSTRUCTION)
    if report.introduction:
        w.mark(doc.add_heading(report.intro_heading, level=1)._p)
        for p in report.introduction:
            w.paragraph(p)
    for section in report.sections:
        doc.add_heading(f"{section.numeral}. {section.title}", level=1)
        for p in section.paragraphs:
            w.paragraph(p)
        for sub in section.subsections:
            doc.add_heading(f"{sub.letter}. {sub.title}", level=2)
            for p in sub.paragraphs:
                w.paragraph(p)
    if w.notes is not None:
        for note in report.footnotes:
            w.mark(w.notes.add(note.number, note.text))
    if report.annex is not None:
        add_annex(doc, report.annex, "Normal")
    w.annex()
    if rtl:
        right_to_left_document(doc, [w.notes.part.element] if w.notes is not None else [])
    _properties(doc, report)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), document_date(report))
