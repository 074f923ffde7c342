"""The report's annex of pictures in Word: each picture as a PNG with its table."""

from __future__ import annotations

import io

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from synthesis.render.annex import drawable, png
from synthesis.types import Annex

# The pictures fill the text width (21 cm less the 2.2 cm margins); drawn at about 240 dpi,
# sharp in print without making the file heavy (the world map is ~0.3 MB as PNG).
WIDTH = Cm(16.6)
PIXELS = 1600


def add_annex(doc: Document, annex: Annex, caption_style: str) -> None:
    """The annex after the report's text, on a new page."""
    heading = doc.add_heading(annex.title, level=1)
    heading.paragraph_format.page_break_before = True
    for figure in annex.figures:
        doc.add_heading(figure.title, level=2).paragraph_format.keep_with_next = True
        if drawable(figure):
            doc.add_picture(io.BytesIO(png(figure, PIXELS)), width=WIDTH)
            picture = doc.paragraphs[-1]
            picture.paragraph_format.keep_with_next = True
            # The picture's alternative text (Word's "Alt Text"): what a screen reader says.
            for props in picture._p.iter(qn("wp:docPr")):
                props.set("name", figure.key)
                props.set("descr", f"{figure.title}. {figure.description}")
        doc.add_paragraph(figure.description, caption_style)
        table = doc.add_table(rows=1, cols=len(figure.headers), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, figure.headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for row in figure.rows:
            for cell, text in zip(table.add_row().cells, row, strict=False):
                cell.paragraphs[0].text = text
        # The header row repeats on each page the table runs over.
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
