"""The language and direction marks of the Word document, which python-docx has no API for.

Word reads three languages off a run (`w:lang`): `w:val` for Latin and Cyrillic text,
`w:eastAsia` for Chinese, `w:bidi` for right-to-left scripts (Arabic); spelling and
hyphenation follow them. A right-to-left document also needs its direction said at each
level: `w:bidi` on paragraphs (and the Normal style, for paragraphs the Secretariat adds),
`w:rtl` on runs of Arabic text, `w:bidiVisual` on tables (columns from the right) and
`w:bidi` on the section. WordprocessingML fixes the order of the children of these
properties, hence the lists of what must follow each mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# A region for each language: Word's proofing wants one ("zh" alone is no language to it).
# UN English is British; Arabic as Word marks it by default.
WORD_TAGS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "zh": "zh-CN",
             "ar": "ar-SA", "fa": "fa-IR", "he": "he-IL", "ur": "ur-PK"}

_RTL_TEXT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_AFTER_PPR_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                   "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                   "w:pPrChange")
_AFTER_RPR_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_TBLPR_BIDI = ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                     "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                     "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_SECT_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def word_tag(code: str) -> str:
    return WORD_TAGS.get(code, code)


def language_mark(code: str, rtl: bool) -> BaseOxmlElement:
    """The Normal style's `w:lang`: the document's language in the slot of its script."""
    attrs = {qn("w:val"): word_tag(code), qn("w:eastAsia"): "zh-CN"}
    if rtl:  # the Latin slot keeps English for the odd name or address in Latin letters
        attrs[qn("w:val")], attrs[qn("w:bidi")] = WORD_TAGS["en"], word_tag(code)
    return OxmlElement("w:lang", attrs)


_AFTER_RPR_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def mark_runs(elements: Iterable[BaseOxmlElement], code: str) -> None:
    """Mark every run under `elements` as written in `code`: the report's own wording when
    another language's rules wrote it (the English fallback in a German forum's digest), so
    Word checks its spelling as English while the document stays German."""
    for element in elements:
        for r in element.iter(qn("w:r")):
            rpr = r.get_or_add_rPr()
            old = rpr.find(qn("w:lang"))
            if old is not None:
                rpr.remove(old)
            lang = OxmlElement("w:lang", {qn("w:val"): word_tag(code)})
            rpr.insert_element_before(lang, *_AFTER_RPR_LANG)


def _mark(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> None:
    if parent.find(qn(tag)) is None:
        parent.insert_element_before(OxmlElement(tag), *successors)


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The properties element (w:pPr, w:tblPr, ...) of `parent`, made first if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found)
    return found


def right_to_left(roots: Iterable[BaseOxmlElement]) -> None:
    """Mark every paragraph, table and section under `roots` right-to-left, and every run
    holding right-to-left text as such."""
    for root in roots:
        for p in root.iter(qn("w:p")):
            _mark(_child(p, "w:pPr"), "w:bidi", _AFTER_PPR_BIDI)
        for r in root.iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if _RTL_TEXT.search(text):
                rpr = r.get_or_add_rPr()
                _mark(rpr, "w:rtl", _AFTER_RPR_RTL)
        for tbl in root.iter(qn("w:tbl")):
            tblpr = tbl.find(qn("w:tblPr"))
            if tblpr is not None:
                _mark(tblpr, "w:bidiVisual", _AFTER_TBLPR_BIDI)
        for sect in root.iter(qn("w:sectPr")):
            _mark(sect, "w:bidi", _AFTER_SECT_BIDI)


def right_to_left_document(doc: Document, extra: Iterable[BaseOxmlElement] = ()) -> None:
    """The whole document (body, headers, footers, `extra` parts such as the footnotes) and
    its Normal style right-to-left."""
    normal = doc.styles["Normal"].element
    _mark(normal.get_or_add_pPr(), "w:bidi", _AFTER_PPR_BIDI)
    roots = [doc.element.body]
    for section in doc.sections:
        # Asking for an unlinked header or footer would add an empty one to the file.
        roots += [part._element for part in (section.header, section.footer)
                  if not part.is_linked_to_previous]
    right_to_left([*roots, *extra])
