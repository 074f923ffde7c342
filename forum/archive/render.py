"""Rendering an archive's Markdown, before the write transaction begins: every distinct
text once, and text with no Markdown in it (most prose) without the parser.

Markdown rendering is pure Python (markdown-it-py, then nh3), a fraction of a millisecond
per post, and for 50,000 posts a large part of an import. Worker processes were tried and
measured slower here (starting them and shipping 40 MB of text cost more than they saved
on two shared cores); see docs/archive-format.md, "Speed".
"""

from __future__ import annotations

import re

from forum.markdown import render_markdown

# A line that Markdown reads as nothing but text: it starts with a letter (no list, heading,
# quote, code or table marker can follow), holds only letters, digits, spaces and
# punctuation with no Markdown meaning, and has no trailing space (a hard break).
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.;:'\"?()/%!-])*(?<! )")


def _plain_html(text: str) -> str | None:
    """What `render_markdown` gives for `text` if every line is plain (else None):
    paragraphs split by blank lines, lines kept. No character that could form markup or an
    entity gets here, so there is nothing to sanitize (markdown-it writes `"` as `&quot;`
    and nh3 writes it back). tests/archive checks the two agree."""
    lines = text.split("\n")
    if not all(line == "" or _PLAIN_LINE.fullmatch(line) for line in lines):
        return None
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("<p>" + "\n".join(current) + "</p>\n")
            current = []
    return "".join(paragraphs)


def render_text(text: str) -> str:
    """`render_markdown(text)`, without the Markdown parser for text that has no Markdown."""
    plain = _plain_html(text)
    return render_markdown(text) if plain is None else plain


def render_all(texts: list[str]) -> tuple[str, ...]:
    """The sanitized HTML of each Markdown text, in order (mailing lists repeat texts)."""
    table = {text: render_text(text) for text in dict.fromkeys(texts)}
    return tuple(table[text] for text in texts)
