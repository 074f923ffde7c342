"""Snippets show the post's own text: the spaces jieba's segmentation put between Chinese
words in the index never reach the reader (both databases)."""

from __future__ import annotations

import html
import re

from forum.search.text import index_text, original_spacing, snippet_html
from tests.search.support import approved, found, make_world

MIXED = "In Malaysia我们国家加强了生物安全能力建设。Then 风险评估的经验 (risk), 第一 第二."


def _text(snippet: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", snippet))


def test_a_chinese_snippet_is_the_original_text_with_its_highlight(client):
    w = make_world(language="zh")
    approved(w.thread, w.alice, MIXED, w.moderator)
    snippet = found(client, "生物安全")["items"][0]["snippet"]
    # The engines may leave out a word at either end (PostgreSQL cuts at whole words),
    # never add a space in between.
    assert _text(snippet).strip(" …") in MIXED
    assert "Malaysia我们国家加强了<mark>生物安全</mark>能力建设。Then 风险评估的经验" in snippet


def test_a_chinese_snippet_of_a_long_post_adds_no_space(client):
    w = make_world(language="zh")
    body = "公众意识和参与的经验。" * 40 + "我们国家加强了生物安全能力建设。"
    body += "风险评估的经验。" * 40
    approved(w.thread, w.alice, body, w.moderator)
    snippet = found(client, "生物安全")["items"][0]["snippet"]
    assert "<mark>生物安全</mark>" in snippet
    for fragment in _text(snippet).split("…"):
        assert fragment.strip() in body, fragment


def test_original_spacing_keeps_the_posts_own_spaces():
    marked = index_text(MIXED).replace("风险 评估", "\x02风险\x03 \x02评估\x03")
    assert original_spacing(marked, MIXED) == MIXED.replace("风险评估", "\x02风险\x03\x02评估\x03")
    assert _text(snippet_html(marked, MIXED)) == MIXED


def test_fragments_between_ellipses_are_mapped_each():
    indexed = index_text(MIXED)
    marked = "…" + indexed[3:20] + " … " + indexed[30:] + "…"
    restored = _text(snippet_html(marked, MIXED))
    for fragment in restored.split("…"):
        assert fragment.strip() in MIXED, fragment


def test_text_without_chinese_is_left_alone():
    assert snippet_html("a  \x02b\x03 c", "a b c") == "a  <mark>b</mark> c"
