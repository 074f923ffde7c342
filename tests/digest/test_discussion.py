"""A general discussion's digest (item 3-5 of issue 10), on made-up forums: shared statements
with their count and sources, disagreement kept, the discussion's structure, the word budget
at 50 words, and some content from even the smallest thread."""

from __future__ import annotations

import re

import pytest

from synthesis import build_report, render_markdown
from synthesis.stages.number import all_lines, all_paragraphs
from synthesis.types import DigestSettings, Report

from .discussions import CLEAN_AIR, DISSENT, SHOPS, arguments, thread, tiny


def report(make, **settings) -> Report:
    forum, posts = make()
    return build_report(forum, posts, DigestSettings.from_dict(settings))


def content(r: Report) -> list:
    return [x for x in all_lines(r) if x.kind == "content"]


def words(lines) -> int:
    return sum(len(re.findall(r"[\w’'-]+", x.text)) for x in lines)


def test_what_several_say_in_other_words_is_one_statement_with_count_and_sources():
    r = report(arguments)
    lines = content(r)
    air = next(x for x in lines if "(5 participants)" in x.text)
    # One statement, in the words of one of them, the posts of all five as its sources.
    assert air.sources == (1, 2, 3, 4, 5)
    point = air.text.split(" (5 participants)")[0]
    assert any(point.lower() in text.lower() for text in CLEAN_AIR)
    # Three people are few enough to be named.
    shops = next(x for x in lines if "(Flo Gray, Gus Hale and Hal Ives)" in x.text)
    assert shops.sources == (6, 7, 8)
    assert any(shops.text.split(" (")[0].lower() in s.lower() for s in SHOPS)
    # Each is told once: none of the ten has a paragraph of their own.
    assert not any(x.text.startswith(("Ada Byrne", "Flo Gray")) for x in lines)


def test_statements_are_ranked_by_how_many_people_support_them():
    lines = content(report(arguments))
    shared = re.compile(r"\(\d+ participants\)|\(\w+ \w+, ")
    counts = [len(x.sources) for x in lines if shared.search(x.text)]
    assert counts == sorted(counts, reverse=True) and counts[0] == 5
    # The most supported statement is the report's first content.
    assert "(5 participants)" in lines[0].text


def test_role_mode_counts_without_names():
    md = render_markdown(report(arguments, attribution="role"))
    assert "(5 participants);" in md and "(3 participants)" in md
    assert "Flo Gray" not in md and "Ida Jones" not in md


def test_disagreement_stays_visible_beside_the_point_it_disputes():
    lines = content(report(arguments))
    at = next(i for i, x in enumerate(lines) if "(5 participants)" in x.text)
    against = lines[at + 1]
    assert against.text.startswith("Ida Jones considered, however, that banning cars does not")
    assert against.sources == (9,)  # the dissenter is not counted among the five
    assert DISSENT.rstrip(".").lower().split(",")[0] in against.text.lower()
    role = content(report(arguments, attribution="role"))
    assert any(x.text.startswith("others considered, however, that") for x in role)


def test_a_thread_gets_the_general_discussion_structure():
    r = report(thread)
    md = render_markdown(r)
    assert [s.title for s in r.sections] == ["What was asked", "Open questions",
                                             "How the exchange went", "More on each message"]
    assert "Note by the Executive Secretary" not in md and "Synthesis of the" not in md
    assert "addresses" not in md and "Section I" not in md
    assert r.title == "Summary of the discussion: Importer timestamps"
    asked = r.sections[0].paragraphs[0].lines[0]
    assert asked.text == "Mia Novak asked: “Does the importer keep the original timestamps " \
        "of each message?”" and asked.sources == (1,)
    assert r.sections[1].paragraphs[0].lines[0].text.startswith("Raj Patel asked: “Could the")
    # The exchange in the order it went, one paragraph per message, numbered on.
    exchange = [" ".join(x.text for x in p.lines) for p in r.sections[2].paragraphs]
    assert exchange[0].startswith("Mia Novak") and exchange[1].startswith("Raj Patel replied that")
    numbers = [p.number for p in all_paragraphs(r)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(x.sources for x in content(r))
    assert "[^1]:" in md  # the footnote with the address of the postings


def test_a_forum_that_sets_an_outline_keeps_the_note():
    forum, posts = thread()
    settings = {"outline": [{"key": "t", "title": "Timestamps", "topics": ["t1"]}]}
    r = build_report(forum, posts, DigestSettings.from_dict(settings))
    assert r.note_by == "Note by the Executive Secretary"
    assert [s.title for s in r.sections] == ["Timestamps"]


@pytest.mark.parametrize("mode", ["name", "role"])
def test_a_budget_of_50_words_is_filled_with_the_most_supported_first(mode):
    whole = report(arguments, attribution=mode)
    cut = report(arguments, attribution=mode, word_budget=50)
    kept = content(cut)
    # The frame (title, introduction, lead-ins) is counted apart: 50 words of content.
    assert 35 <= words(kept) <= 50 < words(content(whole))
    assert "(5 participants)" in kept[0].text
    # What is cut is the least supported: every kept statement is at least as supported as
    # any statement left out.
    shared = [x for x in content(whole) if re.search(r"\(\d+ participants\)|\(\w+ \w+, ", x.text)
              or x.text.startswith("Several")]
    assert [x.text for x in kept[:1]] == [x.text for x in shared[:1]]


def test_a_tiny_thread_still_says_something():
    r = report(tiny)
    lines = content(r)
    assert lines and all(x.sources for x in lines)
    assert lines[0].text.startswith("Ola Berg wrote: “")
    for make in (arguments, thread, tiny):
        assert content(report(make, word_budget=50))


def test_same_discussion_same_bytes():
    first = render_markdown(report(arguments))
    forum, posts = arguments()
    again = render_markdown(build_report(forum, list(reversed(posts)),
                                         DigestSettings.from_dict({})))
    assert first == again


def test_a_chinese_thread_gets_the_structure_in_chinese():
    from dataclasses import replace

    from .discussions import forum, post

    posts = [post(1, "王芳", "这个导入工具会保留原来的时间吗？我们下个月要迁移。"),
             post(2, "李明", "导入工具保留原始时间。时区会转换为协调世界时。"),
             post(3, "王芳", "旧档案没有时区，所以转换很重要。"),
             post(4, "张伟", "导入工具保留原始时间，非常可靠。")]
    info = replace(forum("导入时间", posts), language="zh")
    r = build_report(info, posts, DigestSettings.from_dict({}))
    assert [s.title for s in r.sections][:2] == ["提出的问题", "要点"]
    assert r.sections[0].paragraphs[0].lines[0].text == "王芳问：“这个导入工具会保留原来的时间吗？”"
    point = r.sections[1].paragraphs[0].items[0].lines[0]
    assert point.text == "导入工具保留原始时间（张伟和李明）。" and point.sources == (2, 4)
    assert r.title == "讨论摘要：导入时间" and not r.note_by


def test_a_question_in_the_middle_of_a_thread_is_a_move_of_the_exchange():
    from .discussions import forum, post

    posts = [post(1, "Mia Novak", "The nightly export stopped on Monday."),
             post(2, "Raj Patel", "Did anyone change the disk quota on the build host?"),
             post(3, "Mia Novak", "The quota was halved last week by the hosting team."),
             post(4, "Raj Patel", "The export needs twice the space it had before.")]
    r = build_report(forum("Nightly export", posts), posts, DigestSettings.from_dict({}))
    exchange = next(s for s in r.sections if s.title == "How the exchange went")
    texts = [" ".join(x.text for x in p.lines) for p in exchange.paragraphs]
    assert texts[1] == "Raj Patel asked: “Did anyone change the disk quota on the build host?”"
    assert texts[0].startswith("Mia Novak") and texts[2].startswith("Mia Novak")
    assert exchange.paragraphs[1].lines[0].sources == (2,)
