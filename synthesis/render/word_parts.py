"""What python-docx lacks for the digest: footnotes, hyperlinks, a reproducible ZIP.

python-docx has no footnote API. Word wants a `word/footnotes.xml` part related from the
document (with the two separator notes, ids -1 and 0, also named in settings.xml) and a
`w:footnoteReference` run where each note is called. Word numbers notes by the order of
their references, so each note is referenced once; a later call of the same note is a
NOTEREF field to a bookmark around the first call (Word's "cross-reference to a footnote
number"), whose cached text is the number.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from synthesis.render.meta import EPOCH
from synthesis.text import URL

NOTE_TEXT = "FootnoteText"
NOTE_REFERENCE = "FootnoteReference"
HYPERLINK = "Hyperlink"

_SEPARATORS = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    return OxmlElement(tag, {qn(k.replace("_", ":", 1)): v for k, v in attrs.items()})


def run(text: str = "", style: str | None = None) -> BaseOxmlElement:
    """A `w:r` holding `text` (tabs and line breaks as Word's own elements)."""
    r = _el("w:r")
    if style:
        rpr = r.get_or_add_rPr()
        rpr.append(_el("w:rStyle", w_val=style))
    if text:
        r.text = text  # python-docx's CT_R.text setter writes w:t, w:tab and w:br
    return r


def add_text(parent: BaseOxmlElement, part: Part, text: str, style: str | None = None) -> None:
    """Append `text` to a paragraph element, its web addresses as live hyperlinks."""
    pos = 0
    for match in URL.finditer(text):
        if match.start() > pos:
            parent.append(run(text[pos:match.start()], style))
        url = match.group(0)
        link = _el("w:hyperlink", r_id=part.relate_to(url, RT.HYPERLINK, is_external=True))
        link.append(run(url, HYPERLINK))
        parent.append(link)
        pos = match.end()
    if pos < len(text):
        parent.append(run(text[pos:], style))


def add_link(parent: BaseOxmlElement, part: Part, url: str, text: str) -> None:
    """Append `text` as a hyperlink to `url` (any address, relative ones included)."""
    link = _el("w:hyperlink", r_id=part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.append(run(text, HYPERLINK))
    parent.append(link)


class Footnotes:
    """The footnotes part of one document, filled as the body calls its notes."""

    def __init__(self, document: Document) -> None:
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                            parse_xml(_SEPARATORS), document.part.package)
        document.part.relate_to(self.part, RT.FOOTNOTES)
        settings = document.settings.element
        note_pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                            '<w:footnote w:id="0"/></w:footnotePr>')
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(note_pr)
        else:
            settings.append(note_pr)
        self.called: set[int] = set()

    def add(self, number: int, text: str) -> BaseOxmlElement:
        """The note's text; `number` is both its id and the number Word will show. Returns
        the note's paragraph element."""
        note = _el("w:footnote", w_id=str(number))
        p = _el("w:p")
        ppr = p.get_or_add_pPr()
        ppr.append(_el("w:pStyle", w_val=NOTE_TEXT))
        ref = run(style=NOTE_REFERENCE)
        ref.append(_el("w:footnoteRef"))
        p.append(ref)
        p.append(run(" "))
        add_text(p, self.part, text)
        note.append(p)
        self.part.element.append(note)
        return p

    def call(self, paragraph: BaseOxmlElement, number: int) -> None:
        """Append the call of note `number` to a paragraph element."""
        bookmark = f"_RefNote{number}"
        if number not in self.called:
            self.called.add(number)
            paragraph.append(_el("w:bookmarkStart", w_id=str(number), w_name=bookmark))
            ref = run(style=NOTE_REFERENCE)
            ref.append(_el("w:footnoteReference", w_id=str(number)))
            paragraph.append(ref)
            paragraph.append(_el("w:bookmarkEnd", w_id=str(number)))
            return
        field = _el("w:fldSimple", w_instr=f" NOTEREF {bookmark} \\f \\h ")
        field.append(run(str(number), NOTE_REFERENCE))
        paragraph.append(field)


def fixed_zip(data: bytes, day: date, first: Iterable[str] = ("[Content_Types].xml",)) -> bytes:
    """Rewrite a ZIP with every entry stamped `day`, in a fixed order, with fixed attributes."""
    # python-docx stamps each entry with the time of writing; the same report must give the
    # same bytes, so copy the entries into a new archive with nothing taken from the clock.
    day = max(day, EPOCH)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in first if n in source.namelist()]
    names += [n for n in source.namelist() if n not in names]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
