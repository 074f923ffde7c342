"""Rules of the Chinese path, one at a time: sentence ends, notes written after a stop, the
participation sentence, and the PDF's page footnotes in the HTML it prints."""

from synthesis.render.html import render_html
from synthesis.stages.intro import _total, free_paragraphs
from synthesis.stages.number import number
from synthesis.stages.segment import segment_post, split_sentences
from synthesis.types import (
    Figures,
    Line,
    Paragraph,
    Report,
    ReportHeader,
    Section,
    Subsection,
)

from .factories import make_forum, make_post


def test_an_enumeration_announced_by_a_colon_stays_one_sentence():
    assert split_sentences("困难包括：资金不足；人员缺乏。另一个问题是意识；其他", "zh") == [
        "困难包括：资金不足；人员缺乏。", "另一个问题是意识；", "其他"]


def test_a_clause_cut_at_a_semicolon_or_an_exclamation_ends_with_a_full_stop():
    post = make_post(1, "VN", "我们的主要挑战是缺乏协调；此外，人员也严重不足。"
                              "我们希望明年完成修订！")
    assert [s.text for s in segment_post(post, "zh")] == [
        "我们的主要挑战是缺乏协调。", "此外，人员也严重不足。", "我们希望明年完成修订。"]


def test_a_note_written_after_the_stop_belongs_to_the_sentence_before_it():
    zh = free_paragraphs("会议审议了评估。^[UNEP/CBD/BS/COP-MOP/6/17。]评估注意到了障碍。", "zh")
    assert [(x.text, x.notes) for x in zh[0].lines] == [
        ("会议审议了评估。", ("UNEP/CBD/BS/COP-MOP/6/17。",)), ("评估注意到了障碍。", ())]
    en = free_paragraphs("The meeting reviewed it.^[See UNEP/CBD/BS/6/17.] It found gaps.", "en")
    assert [(x.text, x.notes) for x in en[0].lines] == [
        ("The meeting reviewed it.", ("See UNEP/CBD/BS/6/17.",)), ("It found gaps.", ())]


def test_participation_reads_as_in_the_chinese_note():
    forum = make_forum(language="zh", figures=Figures(
        messages=151, participants=28, party_participants=25, parties=21,
        organization_participants=3))
    assert _total(forum) == ("总共有28名与会者参加了讨论；讨论期间，来自21个缔约方的25名与会者和"
                             "来自各组织的3名与会者发布了总共151条信息。")
    alone = make_forum(language="zh", figures=Figures(messages=4, participants=2))
    assert _total(alone) == "总共有2名与会者参加了讨论，发布了总共4条信息。"
    english = make_forum(figures=Figures(messages=151, participants=28, party_participants=25,
                                         parties=21, organization_participants=3))
    assert _total(english) == ("A total of 28 participants took part: 25 from 21 Parties and 3 "
                               "from organizations, posting 151 messages.")


def _noted_report() -> Report:
    note = "论坛的帖子可在以下网站查阅：https://forum.example.org/f。"
    first = Paragraph((Line("论坛在线举行。", notes=(note,)),))
    second = Paragraph((Line("乌干达已纳入。", (7,), "content", (note,)),))
    return number(Report(
        language="zh", header=ReportHeader(), title="综述", note_by="执行秘书的说明", draft=False,
        draft_label="草稿",
        reconstruction_note="", intro_heading="导言", introduction=(first,),
        sections=(Section("s", "一", "经验", "content", (), (
            Subsection("a", "A", "现状", (second,)),)),),
        footnotes=(), post_numbers=((7, 6117),), sources_label="来源", sentence_joiner=""))


def test_page_footnotes_put_the_note_at_its_first_call_and_number_later_calls():
    html = render_html(_noted_report(), page_footnotes=True)
    assert ('论坛在线举行。<span id="fnref-1"></span><span class="fn-note" id="fn-1" '
            'data-n="1">论坛的帖子可在以下网站查阅：<a href="https://forum.example.org/f">'
            "https://forum.example.org/f</a>。</span>") in html
    assert '乌干达已纳入。<sup class="fn"><a href="#fn-1">1</a></sup>' in html
    assert 'class="footnotes"' not in html


def test_a_page_break_goes_before_the_headings_of_the_paragraph_that_opens_a_place():
    report = _noted_report()
    html = render_html(report, page_footnotes=True, breaks_before=(2,))
    assert '<section id="section-s" class="page-break">' in html
    assert '<div class="para" id="para-2">' in html and "<h3>A. 现状</h3>" in html
    assert 'class="page-break"' not in render_html(report)


def test_a_country_naming_itself_in_chinese_is_recognised():
    from synthesis.stages.person import speaks_of_self

    # Chinese characters are word characters to Python: a name is still found inside a run.
    assert speaks_of_self("古巴于2010年成立了国家生物安全中心。", "zh", "CU")
    assert not speaks_of_self("埃及于2010年成立了国家生物安全中心。", "zh", "CU")
    assert not speaks_of_self("Cubans founded a national centre in 2010.", "en", "CU")


def test_chinese_connectives_are_dropped_where_a_paragraph_now_starts():
    from synthesis.stages.discourse import drop_connective

    assert drop_connective("然而，主要挑战是缺乏协调。") == "主要挑战是缺乏协调。"
    assert drop_connective("此外，专业技术人员也严重不足。") == "专业技术人员也严重不足。"
    assert drop_connective("然而我们仍然缺乏资金。") == "然而我们仍然缺乏资金。"  # no comma
