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


@pytest.mark.parametrize(("code", "back"), [
    ("en", "Back to the text"), ("fr", "Retour au texte"), ("es", "Volver al texto"),
    ("zh", "返回正文"), ("ar", "العودة إلى النص"), ("ru", "Вернуться к тексту")])
def test_the_footnotes_back_link_speaks_the_documents_language(code, back):
    from dataclasses import replace

    from synthesis.types import Footnote

    report = replace(arabic_report(code), footnotes=(Footnote(1, "UNEP/CBD/BS/COP-MOP/7/7"),))
    html = render_html(report)
    assert f'<a href="#fnref-1" aria-label="{back}">↩</a>' in html
    assert 'aria-label="back"' not in html and '<li id="fn-1" value="1">' in html


def test_fallback_wording_is_marked_in_footnotes_and_word_runs():
    # A German forum: no German rules, so the English wording stands in (said in the
    # report); its footnotes, headings and frame lines say they are English.
    from dataclasses import replace

    from synthesis.types import Footnote

    report = arabic_report("de")
    assert report.language == "en" and report.document_language == "de"
    report = replace(report, footnotes=(Footnote(1, "The postings are at https://x.test."),))
    html = render_html(report)
    assert '<article class="digest" lang="de">' in html
    assert '<li id="fn-1" value="1" lang="en">' in html
    assert 'aria-label="Back to the text"' in html
    assert '<span class="fn-note" id="fn-1" data-n="1" lang="en">' in render_html(
        report, page_footnotes=True)
    data = render_docx(report)
    styles, body = _part(data, "word/styles.xml"), _part(data, "word/document.xml")
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S)[0]
    assert 'w:val="de"' in normal  # the document is German ...
    heading = re.search(r'<w:p><w:pPr><w:pStyle w:val="Heading1"/>.*?</w:p>', body)[0]
    assert '<w:lang w:val="en-GB"/>' in heading  # ... its English wording says so
    assert '<w:lang w:val="en-GB"/>' in _part(data, "word/footnotes.xml")
    # A report in its own rules' language marks no run.
    own = render_docx(arabic_report("fr"))
    assert "<w:lang " not in _part(own, "word/document.xml")
