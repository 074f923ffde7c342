"""The digest as Word and PDF: real styles, the report's numbers, footnotes, provenance,
stable bytes; the CLI and the download route serve both."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import UTC, datetime

import docx
from pypdf import PdfReader

from forum.archive.export import forum_for_export
from forum.archive.seed import load_seed
from forum.digest.generate import report_for
from forum.extensions import db
from forum.moderation.actions import approve_post
from synthesis.render.html import render_html
from synthesis.render.pdf import pdf_html, render_pdf
from synthesis.render.word import ITEM, NUMBERED, render_docx
from synthesis.stages.number import number
from synthesis.types import (
    Footnote,
    Item,
    Line,
    Paragraph,
    Report,
    ReportHeader,
    Section,
    Subsection,
)
from tests.digest.pdftext import footnote_pages, page_texts
from tests.helpers import login, make_reply, setup_forum

POST_URL = "https://forum.example.org/posts/{id}"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _chinese_report() -> Report:
    """A small hand-made report in Chinese, dated, with one note called twice."""
    def line(text: str, *sources: int, notes: tuple[str, ...] = (),
             numbers: tuple[int, ...] = ()) -> Line:
        return Line(text, sources, "content" if sources else "frame", notes, numbers)

    note = "论坛的帖子可在以下网站查阅：https://forum.example.org/forums/zh。"
    return Report(
        language="zh",
        header=ReportHeader(body="卡塔赫纳生物安全议定书缔约方会议", meeting="第七次会议",
                            symbol="UNEP/CBD/BS/COP-MOP/7/7", date="2014年8月13日"),
        title="执行《卡塔赫纳生物安全议定书》的经验教训综述", note_by="执行秘书的说明",
        draft=True, draft_label="草稿", reconstruction_note="", intro_heading="导言",
        introduction=(Paragraph((line("论坛于2014年5月26日至6月13日在线举行。", notes=(note,),
                                      numbers=(1,)),), number=1),),
        sections=(Section("s1", "一", "生物安全纳入国家计划", "content", (), (
            Subsection("a", "A", "现状", (Paragraph(
                (line("乌干达已将生物安全纳入国家生物多样性战略和行动计划。", 11),
                 line("肯尼亚也报告了类似的进展。", 12, 13, notes=(note,), numbers=(1,))),
                items=(Item((line("需要更多资源；", 11),), "a"),
                       Item((line("需要加强能力建设。", 12),), "b")),
                number=2),)),)),),
        footnotes=(Footnote(1, note),),
        post_numbers=((11, 6117), (12, 6120), (13, None)),
        sources_label="来源", sentence_joiner="",
    )


def _paragraph_numbers(report: Report) -> list[int]:
    out = [p.number for p in report.introduction]
    for section in report.sections:
        out += [p.number for p in section.paragraphs]
        out += [p.number for sub in section.subsections for p in sub.paragraphs]
    return out


def _pdf_text(data: bytes) -> tuple[int, str, dict]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text, dict(reader.metadata or {})


def test_seed_docx_has_word_styles_the_report_numbers_footnotes_and_sources(app):
    load_seed()
    report = report_for(forum_for_export("cbforum2014"))
    data = render_docx(report, POST_URL)
    assert data == render_docx(report, POST_URL)  # byte-identical
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Draft Mark", "DRAFT")
    assert document.sections[0].header.paragraphs[0].text == "DRAFT"
    assert ("Title", report.title) in paragraphs
    assert ("Note By", "Note by the Executive Secretary") in paragraphs
    assert any(s == "Reconstruction Note" and "reconstruction" in t for s, t in paragraphs)
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings[0] == "Introduction" and headings[-1] == "Sources"
    assert headings[1:-1] == [f"{s.numeral}. {s.title}" for s in report.sections]
    assert [t for s, t in paragraphs if s == "Heading 2"] == [
        f"{sub.letter}. {sub.title}" for s in report.sections for sub in s.subsections]
    numbers = [int(t.split(".\t")[0]) for s, t in paragraphs if s == NUMBERED]
    assert numbers == _paragraph_numbers(report) == list(range(1, len(numbers) + 1))
    items = [t.split("\t")[0] for s, t in paragraphs if s == ITEM]
    assert items and items[:2] == ["(a)", "(b)"]
    assert any("151 messages" in t for _, t in paragraphs)
    header_cells = [c.text for c in document.tables[0].rows[0].cells]
    assert "Seventh meeting" in header_cells[0] and "UNEP/CBD/BS/COP-MOP/7/7" in header_cells[1]
    annex = document.tables[-1]
    annexed = [int(r.cells[0].text.rstrip(".")) for r in annex.rows]
    assert annexed == sorted(annexed) and set(annexed) <= set(numbers) and len(annexed) > 20
    assert all(re.fullmatch(r"(#\d+|post \d+)(, (#\d+|post \d+))*", r.cells[1].text)
               for r in annex.rows)
    archive = zipfile.ZipFile(io.BytesIO(data))
    notes = archive.read("word/footnotes.xml").decode()
    body = archive.read("word/document.xml").decode()
    rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "/forums/cbforum2014" in notes and 'w:type="separator"' in notes
    assert body.count("<w:footnoteReference ") == len(report.footnotes) >= 1
    assert "relationships/footnotes" in rels and "https://forum.example.org/posts/" in rels
    assert "<w:footnotePr>" in archive.read("word/settings.xml").decode()
    # The seed's header has no date: the fixed epoch, never the time of writing.
    assert document.core_properties.created == datetime(1980, 1, 1, tzinfo=UTC)
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_docx_carries_the_report_date_chinese_text_and_calls_a_note_once():
    report = _chinese_report()
    data = render_docx(report, POST_URL)
    assert data == render_docx(report, POST_URL)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.created == datetime(2014, 8, 13, tzinfo=UTC)
    assert document.core_properties.modified == datetime(2014, 8, 13, tzinfo=UTC)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {i.date_time for i in archive.infolist()} == {(2014, 8, 13, 0, 0, 0)}
    texts = [p.text for p in document.paragraphs]
    uganda = "乌干达已将生物安全纳入国家生物多样性战略和行动计划。"
    assert f"2.\t{uganda}肯尼亚也报告了类似的进展。" in texts
    assert "(b)\t需要加强能力建设。" in texts and texts[0] == "草稿"
    body = archive.read("word/document.xml").decode()
    # Word numbers notes by their calls: the second call of note 1 is a NOTEREF field.
    assert body.count('<w:footnoteReference w:id="1"/>') == 1
    assert "NOTEREF _RefNote1" in body
    assert "https://forum.example.org/forums/zh" in archive.read("word/footnotes.xml").decode()


def test_seed_pdf_has_pages_the_title_the_figures_and_footnotes_at_the_foot(app):
    load_seed()
    report = report_for(forum_for_export("cbforum2014"))
    data = render_pdf(report, POST_URL)
    pages, text, meta = _pdf_text(data)
    flat = " ".join(text.split())
    assert pages >= 5
    assert report.title in flat and "151 messages" in flat and "DRAFT" in flat
    assert "Note by the Executive Secretary" in flat
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:19800101000000Z"
    placed = footnote_pages(report, data)
    assert placed and all(calls == notes and len(notes) == 1 for calls, notes in placed.values())
    first_page = page_texts(data)[0]
    assert "postingsoftheforumareavailable" in first_page  # under paragraph 2, not at the end


def _long_report() -> Report:
    """Sixty paragraphs of uneven length, a note on every fourth, one note called twice."""
    words = ("Biosafety committees review each application for the release of living modified "
             "organisms and publish their decisions")

    def paragraph(i: int) -> Paragraph:
        size = 1 + (i * 4) % 7
        notes = (f"Note {i}: see document UNEP/CBD/BS/{i} and its annex for more about it.",) \
            if i % 4 == 0 else ()
        lines = tuple(Line(f"{words} ({i}.{k}).", (i,), "content") for k in range(size - 1))
        return Paragraph((*lines, Line(f"Closing sentence of {i}.", (i,), "content", notes)))

    again = Paragraph((Line("The first note again.", (99,), "content",
                            ("Note 4: see document UNEP/CBD/BS/4 and its annex for more "
                             "about it.",)),))
    return number(Report(
        language="en", header=ReportHeader(date="13 August 2014"), title="A long report",
        note_by="Note by the Executive Secretary", draft=False, draft_label="DRAFT",
        reconstruction_note="", intro_heading="Introduction",
        introduction=tuple(paragraph(i) for i in range(1, 6)),
        sections=(Section("s", "I", "Experiences", "content",
                          tuple(paragraph(i) for i in range(6, 60)) + (again,)),),
        footnotes=(), post_numbers=(), sources_label="Sources", sentence_joiner=" "))


def test_pdf_footnotes_sit_at_the_foot_of_the_page_that_calls_them():
    report = _long_report()
    data = render_pdf(report, POST_URL)
    assert data == render_pdf(report, POST_URL)
    placed = footnote_pages(report, data)
    assert len(placed) == 14
    # Every note is printed once, on the page of its first call, whatever WeasyPrint would
    # rather do to fit one more line at the bottom of a page.
    assert {n: notes for n, (_, notes) in placed.items()} == {
        n: calls for n, (calls, _) in placed.items()}
    assert all(len(notes) == 1 for _, notes in placed.values())
    html = pdf_html(report, POST_URL)
    assert html.count('class="fn-note"') == 14 and 'class="footnotes"' not in html
    assert '<sup class="fn"><a href="#fn-1">1</a></sup>' in html  # the second call of note 1
    last = page_texts(data)[-1]
    assert "Thefirstnoteagain.1" in last and "Note4:" not in last


def test_html_download_keeps_its_footnote_list():
    report = _long_report()
    html = render_html(report, POST_URL)
    assert 'class="fn-note"' not in html and 'class="page-break"' not in html
    assert html.count('<li id="fn-') == 14


def test_chinese_pdf_text_can_be_extracted_and_is_stable():
    report = _chinese_report()
    data = render_pdf(report, POST_URL)
    assert data == render_pdf(report, POST_URL)
    pages, text, meta = _pdf_text(data)
    flat = "".join(text.split())
    assert pages == 1
    assert "乌干达已将生物安全纳入国家生物多样性战略和行动计划" in flat
    assert "执行秘书的说明" in flat and "草稿" in flat
    assert meta["/CreationDate"] == "D:20140813000000Z"


def _small_forum():
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant, "In our country biosafety is in the NBSAP now.")
    approve_post(post, acting_user=moderator, version=1)
    db.session.commit()
    return forum, moderator, participant


def test_cli_writes_docx_and_pdf_and_fails_in_one_line_without_weasyprint(
        app, tmp_path, monkeypatch):
    forum, _, _ = _small_forum()
    runner = app.test_cli_runner()
    for fmt, magic in (("docx", b"PK\x03\x04"), ("pdf", b"%PDF-")):
        out = tmp_path / f"digest.{fmt}"
        result = runner.invoke(args=["digest", forum.slug, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)
    assert "NBSAP" in "".join(p.text for p in docx.Document(tmp_path / "digest.docx").paragraphs)
    piped = runner.invoke(args=["digest", forum.slug, "--format", "docx"])
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    missing = runner.invoke(args=["digest", forum.slug, "--format", "pdf",
                                  "-o", str(tmp_path / "x.pdf")])
    assert missing.exit_code != 0 and "WeasyPrint" in missing.output
    assert "Traceback" not in missing.output and len(missing.output.strip().splitlines()) == 1


def test_download_serves_docx_and_pdf_to_moderators_only(app, client, monkeypatch):
    forum, moderator, participant = _small_forum()
    login(client, participant)
    for fmt in ("docx", "pdf"):
        assert client.get(f"/digest/{forum.slug}/download.{fmt}").status_code == 403
    assert app.test_client().get(f"/digest/{forum.slug}/download.pdf").status_code == 302
    staff = app.test_client()
    login(staff, moderator)
    word = staff.get(f"/digest/{forum.slug}/download.docx")
    assert word.status_code == 200 and word.content_type == DOCX_MIME
    assert word.headers["Content-Disposition"] == (
        f'attachment; filename="{forum.slug}-digest-draft.docx"')
    rels = zipfile.ZipFile(io.BytesIO(word.data)).read("word/_rels/document.xml.rels").decode()
    assert f'Target="{app.config["PUBLIC_URL"]}/' in rels  # links work outside the site
    pdf = staff.get(f"/digest/{forum.slug}/download.pdf")
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and "NBSAP" in _pdf_text(pdf.data)[1]
    markdown = staff.get(f"/digest/{forum.slug}/download.md")
    assert markdown.content_type == "text/markdown; charset=utf-8"
    assert staff.get(f"/digest/{forum.slug}/download.odt").status_code == 404
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert staff.get(f"/digest/{forum.slug}/download.pdf").status_code == 503


def test_lettered_items_follow_the_documents_language():
    """UN documents letter list items "(a)" in English and Chinese, "a)" in French and
    Spanish: the same report, relabelled, in Markdown, HTML and Word."""
    from dataclasses import replace

    from synthesis.render.markdown import render_markdown

    chinese = _chinese_report()
    assert "\n\n(a) 需要更多资源；" in render_markdown(chinese)
    for language in ("fr", "es"):
        report = replace(chinese, language=language)
        assert "\n\na) 需要更多资源；" in render_markdown(report)
        assert "\n\n(a)" not in render_markdown(report)
        assert '<span class="label">a)</span>' in render_html(report, POST_URL)
        document = docx.Document(io.BytesIO(render_docx(report, POST_URL)))
        items = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name == ITEM]
        assert items == ["a)", "b)"]
