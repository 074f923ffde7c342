"""Each format marks the forum's language, and Arabic reads right to left (issue 12 §2).

The made-up Arabic forum (tests/digest/arabic.py) has its header and title in Arabic; the
tests do not depend on the digest's fixed wording, which is English while the digest has no
Arabic rules (the explicit fallback) and Arabic once it has."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from pypdf import PdfReader

from synthesis.render.html import render_html
from synthesis.render.pdf import render_pdf
from synthesis.render.word import render_docx
from synthesis.serial import report_from_dict, report_to_dict
from tests.digest.arabic import HEADER, WORDS, arabic_report
from tests.digest.pdftext import page_texts


def _part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def test_arabic_html_reads_right_to_left():
    html = render_html(arabic_report())
    assert '<html lang="ar" dir="rtl">' in html
    assert '<article class="digest" lang="ar" dir="rtl">' in html
    assert ".digest[lang|=ar]{font-family:\"Noto Naskh Arabic\"" in html


def test_arabic_pdf_has_the_words_in_reading_order_in_an_arabic_font():
    report = arabic_report()
    data = render_pdf(report)
    assert data == render_pdf(report)  # the same report, the same bytes
    text = "".join(page_texts(data))
    for word in WORDS:
        assert word in text
    # Logical order: the title comes back as written (shaping kept each letter's code).
    assert "".join(HEADER.title.split()) in text
    reader = PdfReader(io.BytesIO(data))
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("Arabic" in name for name in fonts), fonts


def test_arabic_docx_marks_direction_and_language():
    report = arabic_report()
    data = render_docx(report)
    assert data == render_docx(report)
    body, styles = _part(data, "word/document.xml"), _part(data, "word/styles.xml")
    assert "<w:bidi/>" in body and "<w:rtl/>" in body and "<w:bidiVisual/>" in body
    title = re.search(r'<w:p><w:pPr><w:pStyle w:val="Title"/>(.*?)</w:p>', body)[1]
    assert "<w:bidi/>" in title and "<w:rtl/>" in title
    assert re.search(r'<w:lang [^>]*w:bidi="ar-[A-Z]{2}"', styles)
    assert re.search(r'<w:style [^>]*w:styleId="Normal".*?<w:bidi/>', styles, re.S)
    assert "<dc:language>ar-SA</dc:language>" in _part(data, "docProps/core.xml")
    read = docx.Document(io.BytesIO(data))  # python-docx reads it back
    assert read.paragraphs[0].text == HEADER.title


@pytest.mark.parametrize(("code", "mark"), [
    ("en", 'w:val="en-GB"'), ("fr", 'w:val="fr-FR"'), ("es", 'w:val="es-ES"'),
    ("ru", 'w:val="ru-RU"'), ("zh", 'w:eastAsia="zh-CN"'), ("ar", 'w:bidi="ar-SA"')])
def test_every_language_marks_its_documents(code, mark):
    report = arabic_report(code)
    assert report.document_language == code
    html = render_html(report)
    assert f'<html lang="{code}"' in html and f'<article class="digest" lang="{code}"' in html
    assert ('dir="rtl"' in html) == (code == "ar")
    data = render_docx(report)
    styles = _part(data, "word/styles.xml")
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S)[0]
    assert mark in normal
    assert ("<w:bidi/>" in _part(data, "word/document.xml")) == (code == "ar")


def test_the_document_language_survives_a_published_version():
    report = arabic_report("fr")
    assert report_from_dict(report_to_dict(report)) == report
    old = {k: v for k, v in report_to_dict(report).items() if k != "document_language"}
    assert report_from_dict(old).document_language == ""  # versions from before: as before


def test_fallback_wording_is_marked_with_its_own_language_and_direction():
    # While the digest has no Arabic rules, its own wording is English inside an Arabic
    # document: marked so (a screen reader's voice, the full stop at the sentence's end).
    report = arabic_report()
    html = render_html(report)
    if report.language == "ar":  # Arabic rules have landed: nothing foreign to mark
        assert 'lang="en"' not in html
        return
    assert f'<h2><span lang="en" dir="ltr">{report.intro_heading}</span></h2>' in html
    assert '<span class="frame" lang="en" dir="ltr">' in html
    french = render_html(arabic_report("fr"))
    if arabic_report("fr").language != "fr":
        assert '<span class="frame" lang="en">' in french and 'dir="' not in french
    english = render_html(arabic_report("en")).split('<article class="digest" lang="en">')
    assert len(english) == 2 and 'lang="en"' not in english[1]
