from dataclasses import replace

from synthesis import build_report, render_html, render_markdown
from synthesis.render.markdown import escape
from synthesis.stages.number import number
from synthesis.types import (
    DigestSettings,
    Item,
    Line,
    Paragraph,
    Report,
    ReportHeader,
    Section,
    Subsection,
)

from .factories import make_forum, make_post

SETTINGS = DigestSettings.from_dict({
    "header": {"body": "Conference of the Parties", "meeting": "Seventh meeting",
               "place_and_dates": "Pyeongchang, 29 September-3 October 2014",
               "agenda_item": "Item 9 of the provisional agenda", "symbol": "DOC/7/7",
               "date": "2014-08-13", "title": "Synthesis of lessons learned"},
    "mandate": "The meeting asked for this note.^[DOC/6/17.]",
})
POSTS = [make_post(1, "KE", "We have included biosafety in the revised NBSAP of 2014."),
         make_post(2, "UG", "Our national council coordinates the biosafety work well.")]


def small_report(draft: bool = True) -> Report:
    line = Line("In Kenya, the law passed.", (7, 3))
    note = Line("It met.", kind="frame", notes=("See DOC/1.",))
    listed = Paragraph((Line("Participants noted, among other things, that:", kind="frame"),),
                       items=(Item((Line("one;", (3,)),)),
                              Item((Line("two.", (7,), notes=("See DOC/1.",)),))))
    body = Section("s1", "I", "Experiences", "content", (Paragraph((note,)),), (
        Subsection("a", "A", "Status", (listed,)),
        Subsection("b", "B", "Challenges", (Paragraph((line,)),))))
    return number(Report(
        language="en", header=ReportHeader(symbol="DOC/1", date="1 June 2014"), title="Title",
        note_by="Note by the Executive Secretary", draft=draft, draft_label="DRAFT",
        reconstruction_note="", intro_heading="Introduction",
        introduction=(Paragraph((Line("Intro.", kind="frame"),)),), sections=(body,),
        post_numbers=((3, 6117), (7, 6120))))


def test_numbering_runs_straight_through_and_footnotes_follow_first_use():
    report = small_report()
    assert [report.introduction[0].number, report.sections[0].paragraphs[0].number,
            report.sections[0].subsections[0].paragraphs[0].number,
            report.sections[0].subsections[1].paragraphs[0].number] == [1, 2, 3, 4]
    assert [i.letter for i in report.sections[0].subsections[0].paragraphs[0].items] == ["a", "b"]
    assert [(f.number, f.text) for f in report.footnotes] == [(1, "See DOC/1.")]


def test_markdown_layout():
    assert render_markdown(small_report()) == "\n".join([
        "**DRAFT**",
        "",
        "DOC/1  ",
        "1 June 2014",
        "",
        "# Title",
        "",
        "**Note by the Executive Secretary**",
        "",
        "## Introduction",
        "",
        "1. Intro.",
        "",
        "## I. Experiences",
        "",
        "2. It met.[^1]",
        "",
        "### A. Status",
        "",
        "3. Participants noted, among other things, that:",
        "",
        "(a) one;",
        "",
        "(b) two.[^1]",
        "",
        "### B. Challenges",
        "",
        "4. In Kenya, the law passed.",
        "",
        "[^1]: See DOC/1.",
    ]) + "\n"


def test_html_wraps_each_sentence_with_its_sources_and_links_them():
    html = render_html(small_report(), "/posts/{id}")
    assert '<span class="s" data-sources="7 3">In Kenya, the law passed.</span>' in html
    assert '<a href="/posts/3">#6117</a>, <a href="/posts/7">#6120</a>' in html
    assert '<p class="draft-mark">DRAFT</p>' in html and "@media print" in html
    assert '<li id="fn-1" value="1">See DOC/1.' in html and 'id="fnref-1"' in html
    assert html.count('id="fnref-1"') == 1
    fragment = render_html(small_report(draft=False), "/p/{id}", standalone=False)
    assert fragment.startswith('<article class="digest" lang="en">') and "DRAFT" not in fragment


def test_text_is_escaped():
    report = small_report()
    section = report.sections[0]
    tricky = replace(section, paragraphs=(Paragraph((Line("<b>*x*</b> & [y]", (3,)),), number=2),))
    report = replace(report, sections=(tricky,))
    assert "&lt;b&gt;*x*&lt;/b&gt; &amp; [y]" in render_html(report)
    assert "\\<b\\>\\*x\\*\\</b\\> & \\[y\\]" in render_markdown(report)
    assert escape("see https://example.org/a_b.") == "see <https://example.org/a_b>."


def test_the_header_block_and_reconstruction_note_are_printed():
    forum = make_forum(reconstruction_note="Reconstructed, not the original postings.")
    md = render_markdown(build_report(forum, POSTS, SETTINGS, draft=False))
    assert md.startswith("Conference of the Parties  \nSeventh meeting  \nPyeongchang, 29 "
                         "September-3 October 2014  \nItem 9 of the provisional agenda\n\n"
                         "DOC/7/7  \n13 August 2014\n\n# Synthesis of lessons learned\n\n"
                         "**Note by the Executive Secretary**\n\n"
                         "*Reconstructed, not the original postings.*\n\n## Introduction\n\n"
                         "1. The meeting asked for this note.[^1]\n\n")
    assert "DRAFT" not in md
    assert md.endswith("[^1]: DOC/6/17.\n\n[^2]: The postings of the forum are available at "
                       "<https://forum.example.org/f/test>.\n")


def test_rendering_twice_gives_the_same_bytes():
    first = build_report(make_forum(), POSTS, SETTINGS)
    second = build_report(make_forum(), list(reversed(POSTS)), SETTINGS)
    assert render_html(first) == render_html(second)
    assert render_markdown(first) == render_markdown(second)
