"""A forum held in Chinese, from the database to every format: Chinese fixed wording, UN
Chinese country names, the note's conventions (numbered paragraphs, (a)/(b) lists closed by
"；" and "。", "2014年5月26日至6月13日"), the third person, footnotes, DOCX and PDF."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import docx
from pypdf import PdfReader

from forum.countries import country_name
from forum.digest.collect import collect
from forum.digest.generate import render_bytes, report_for
from synthesis import first_person
from synthesis.languages.strings import STRINGS
from synthesis.render.html import render_html
from synthesis.render.markdown import render_markdown
from synthesis.render.word import ITEM, NUMBERED
from synthesis.stages.number import all_lines, all_paragraphs
from synthesis.text import outside_quotes
from tests.digest.pdftext import footnote_pages, page_texts
from tests.digest.zhforum import load_chinese_forum

POST_URL = "https://forum.example.org/posts/{id}"
PARTICIPATION = ("总共有10名与会者参加了讨论；讨论期间，来自7个缔约方的9名与会者和来自各组织的"
                 "1名与会者发布了总共19条信息。")
SAME_PLAN = ("包括中国、古巴和埃及在内的一些国家的国家生物多样性战略和行动计划"
             "已经纳入了生物安全内容。")
SAME_BUDGET = "包括中国、埃及和越南在内的一些国家的生物安全工作主要依靠国家财政预算。"


def _report():
    return report_for(load_chinese_forum())


def _english_fragments() -> set[str]:
    """The fixed words of the English tables, as they would show if a Chinese report fell back."""
    out = set()
    for key, template in STRINGS["en"].items():
        if key in ("numerals", "letters", "item_letters"):
            continue
        out.update(p.strip() for p in re.split(r"\{[a-z_]+\}", template)
                   if len(re.findall(r"[A-Za-z]", p)) >= 5)
    return out


def test_chinese_forum_gives_a_chinese_note(app):
    forum = load_chinese_forum()
    md = render_markdown(report_for(forum))
    assert md == render_markdown(report_for(forum))  # same database, same bytes
    zh = STRINGS["zh"]
    # Fixed wording is the Chinese table's, and no English template leaked in.
    assert md.startswith(f"**{zh['draft']}**") and f"**{zh['note_by']}**" in md
    assert f"## {zh['introduction']}" in md and zh["participants_noted"] in md
    assert zh["conclusions_lead"] in md and "## 三. 一般性结论和意见" in md
    assert [f for f in _english_fragments() if f in md] == []
    # The header, the dates and the moderators as the Chinese note prints them.
    assert "2014年8月13日" in md and "2014年9月29日至10月3日，大韩民国平昌" in md
    assert ("2. “执行《卡塔赫纳生物安全议定书》在线讨论论坛”于2014年5月26日至6月13日在线举行，"
            "由María Pérez（古巴）和李华（中国）主持。" + PARTICIPATION + "[^2]") in md
    assert ("3. 第一节概述将生物安全纳入国家计划的经验。第二节概述调集资源。"
            "第三节概述一般性结论和意见。") in md
    # UN Chinese names, several countries in one sentence, a country in the "在X，" form.
    assert SAME_PLAN in md and SAME_BUDGET in md
    assert "摩尔多瓦共和国在2013年通过了新的生物安全法。" in md
    assert "在马来西亚，生物安全自2007年起就列入了国家生物多样性政策。" in md
    for code in ("CN", "CU", "EG", "MY", "VN", "MD"):
        assert country_name(code, "zh") in md
        assert country_name(code, "en").removeprefix("the ") not in md
    # Headings, paragraphs 1..N, lettered items closed by "；" then "。" (no "和" added).
    assert re.findall(r"^## (\S+)\. ", md, re.M) == ["一", "二", "三"]
    assert re.findall(r"^### ([A-Z])\. ", md, re.M) == ["A", "B"]
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", md, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 15
    assert "\n\n(a) 各部门之间的协调对于生物安全至关重要；\n\n(b) 跨部门委员会" in md
    items = re.findall(r"^\(([a-z])\) (.+)$", md, re.M)
    assert [letter for letter, _ in items] == ["a", "b", "a", "b"]
    assert [text[-1] for _, text in items] == ["；", "。", "；", "。"]
    # Footnotes: the mandate's own note after its sentence, then the postings' address.
    assert "审查。[^1]评估注意到了执行方面的一些障碍。" in md
    assert md.endswith("[^1]: UNEP/CBD/BS/COP-MOP/6/17/Add.1。\n\n"
                       "[^2]: 在线讨论论坛的帖子可在以下网站查阅："
                       "<http://forum.test/forums/zhforum2014>。\n")


def test_chinese_sentences_are_split_turned_and_cleared_of_chatter(app):
    report = _report()
    content = [x.text for x in all_lines(report) if x.kind == "content"]
    text = "".join(content)
    # Nobody speaks in the first person any more, except inside a quotation.
    assert all(first_person(x, "zh") == [] for x in content)
    assert not re.search("我国|我们|我部", outside_quotes(text))
    assert "其法律还明确规定“我们必须保护本地品种”。" in text
    assert "该部负责协调各部门的生物安全工作。" in text
    # 。！？； end sentences; a clause cut at "；" or an exclamation ends with "。"; an
    # enumeration announced by "：" stays one sentence.
    assert all(x.endswith(("。", "；", "”")) for x in content)
    assert "越南希望在2015年底前完成修订工作。" in text and "！" not in text
    assert "专业技术人员也严重不足。" in text
    assert "马来西亚面临的困难包括：资金不足；实验室能力有限；公众意识不高。" in content
    # Greetings, self-introductions, thanks, questions and "我同意X" lead-ins are gone.
    for chatter in ("大家好", "张伟", "谢谢", "你们", "？", "我同意", "张先生"):
        assert chatter not in text
    assert "各部门之间的协调对于生物安全至关重要；" in text


def test_chinese_participation_paragraph_counts_as_the_forum_page_does(app):
    forum = load_chinese_forum()
    info, _ = collect(forum)
    f = info.figures
    assert (f.messages, f.participants, f.party_participants, f.parties,
            f.organization_participants) == (19, 10, 9, 7, 1)  # the pending post is not counted
    report = report_for(forum)
    assert any(x.text == PARTICIPATION for x in all_lines(report))


def test_chinese_html_joins_sentences_without_spaces(app):
    report = _report()
    html = render_html(report, POST_URL)
    assert html == render_html(report, POST_URL)
    assert '<html lang="zh">' in html and '<article class="digest" lang="zh">' in html
    assert "</span><span class=\"s\"" in html  # Chinese sentences follow each other directly
    assert '<p class="item"><span class="label">(a)</span> ' in html
    assert "<h2>一. 将生物安全纳入国家计划的经验</h2>" in html
    assert html.count('<li id="fn-') == 2 and "Participants" not in html


def test_chinese_docx_reads_back(app):
    report = _report()
    data = render_bytes(report, "docx", post_url=POST_URL)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Draft Mark", "草稿") and ("Note By", "执行秘书的说明") in paragraphs
    numbered = [t for s, t in paragraphs if s == NUMBERED]
    assert [int(t.split(".\t")[0]) for t in numbered] == [
        p.number for p in all_paragraphs(report)] == list(range(1, len(numbered) + 1))
    assert any(SAME_PLAN in t for t in numbered)
    assert any(PARTICIPATION in t for t in numbered)
    assert [t.split("\t")[0] for s, t in paragraphs if s == ITEM] == ["(a)", "(b)", "(a)", "(b)"]
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings[:2] == ["导言", "一. 将生物安全纳入国家计划的经验"]
    assert "第七次会议" in document.tables[0].rows[0].cells[0].text
    assert document.core_properties.created == datetime(2014, 8, 13, tzinfo=UTC)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert 'w:val="zh-CN"' in archive.read("word/styles.xml").decode()
    notes = archive.read("word/footnotes.xml").decode()
    assert "在线讨论论坛的帖子可在以下网站查阅" in notes and "UNEP/CBD/BS/COP-MOP/6/17" in notes


def test_chinese_pdf_has_chinese_text_and_footnotes_under_their_calls(app):
    report = _report()
    data = render_bytes(report, "pdf", post_url=POST_URL)
    assert data == render_bytes(report, "pdf", post_url=POST_URL)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata["/CreationDate"] == "D:20140813000000Z"
    pages = page_texts(data)
    flat = "".join(pages)
    assert len(re.findall(r"[\u4e00-\u9fff]", flat)) > 800  # real characters, not boxes
    for text in (SAME_PLAN, SAME_BUDGET, PARTICIPATION, "执行秘书的说明", "草稿",
                 "(a)各部门之间的协调对于生物安全至关重要；"):
        assert text in flat
    placed = footnote_pages(report, data)
    assert len(placed) == 2
    assert all(calls == notes and len(notes) == 1 for calls, notes in placed.values())


def test_cli_prints_the_chinese_digest(app):
    load_chinese_forum()
    result = app.test_cli_runner().invoke(args=["digest", "zhforum2014", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert SAME_BUDGET in result.output and "## 二. 调集资源" in result.output
