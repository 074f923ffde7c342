"""What the engines index and match: plain text, Chinese split into words, safe queries.

Pure functions (no Flask, no database). jieba loads its dictionary (~1.5 s) on the first
Chinese text or query, never at import, so a forum without Chinese never pays for it.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_HAN = re.compile(f"[{_HAN}]")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|pre|tr)>|<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# A word for the query: letters, digits and marks (so accented and Cyrillic words stay
# whole); everything else (quotes, *, :, parentheses, ^, -) separates words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Between two Han characters, a space was put there by segmentation.
_HAN_GAP = re.compile(f"([{_HAN}][\x02\x03]*) ([\x02\x03]*[{_HAN}])")
# Control characters never reach a snippet: \x02 and \x03 mark the highlights.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_jieba = None
_jieba_lock = threading.Lock()


def has_chinese(text: str) -> bool:
    return bool(_HAS_HAN.search(text))


def _segmenter():
    """jieba, loaded once on first use (its dictionary takes a second or two)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def segment(text: str) -> str:
    """Put spaces between Chinese words; other text is unchanged. The same segmentation
    runs on posts and on queries, so 生物安全 is 生物 安全 on both sides and matches."""
    if not has_chinese(text):
        return text
    out: list[str] = []
    for piece in re.split(f"([{_HAN}]+)", text):
        if piece and _HAS_HAN.match(piece):
            out.append(" " + " ".join(_segmenter().cut(piece)) + " ")
        else:
            out.append(piece)
    return "".join(out)


def plain_text(body_html: str) -> str:
    """The words a reader sees in a post's HTML: tags dropped, entities decoded."""
    text = _BLOCK_END.sub("\n", body_html)
    text = html.unescape(_TAG.sub(" ", text))
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def index_text(text: str) -> str:
    """The text as the engine stores it: plain, Chinese segmented."""
    return _SPACE.sub(" ", segment(_CONTROL.sub(" ", text))).strip()


def query_terms(query: str) -> list[str]:
    """The words of a user's query, as plain words (never engine syntax): operators,
    quotes, stars and NEAR lose any meaning; at most MAX_TERMS words."""
    text = unicodedata.normalize("NFKC", query)
    terms: list[str] = []
    for word in _WORD.findall(segment(text)):
        word = word.replace("’", "'")
        for part in word.split("'"):
            if part and part.lower() not in (t.lower() for t in terms):
                terms.append(part)
    return terms[:MAX_TERMS]


def fts5_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term quoted as a string (so AND, NEAR or * typed by
    a user are words, not operators); all terms must occur."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _added_spaces(original: str) -> tuple[str, set[int]]:
    """The indexed form of `original` (plain text) and the positions in it of the spaces
    that segmentation added (index_text only inserts spaces, and collapses runs)."""
    indexed = index_text(original)
    added, i = set(), 0
    for j, char in enumerate(indexed):
        if i < len(original) and original[i] == char:
            i += 1
        elif char == " ":
            added.add(j)
    return indexed, added


_PIECES = re.compile(r"(\s*…\s*)")


def original_spacing(marked: str, original: str) -> str:
    """An engine's snippet of the indexed text, with the spaces that segmentation put
    around Chinese words taken out again, so the reader sees the post's own text.

    Each fragment (between the engines' ellipses) is found in the indexed text and every
    space the original lacks at that place is dropped; a fragment that cannot be found is
    left as the engine cut it, less any space between two Chinese characters.
    """
    if not has_chinese(marked):
        return marked
    indexed, added = _added_spaces(original)
    out, at = [], 0
    for piece in _PIECES.split(marked):
        bare = piece.replace("\x02", "").replace("\x03", "")
        start = indexed.find(bare, at) if bare.strip() and not _PIECES.fullmatch(piece) else -1
        if start < 0:
            out.append(piece if _PIECES.fullmatch(piece) or not piece else
                       _HAN_GAP.sub(r"\1\2", _HAN_GAP.sub(r"\1\2", piece)))
            continue
        at, position = start + len(bare), start
        kept = []
        for char in piece:
            if char in "\x02\x03":
                kept.append(char)
                continue
            if position not in added:
                kept.append(char)
            position += 1
        out.append("".join(kept))
    return "".join(out)


def snippet_html(marked: str, original: str | None = None) -> str:
    """Escape an engine's snippet and turn its \\x02/\\x03 marks into <mark> elements.

    The snippet is cut from the indexed plain text, so no markup of a post can be in it;
    everything is escaped all the same, and only the marks become HTML. Given the post's
    `original` plain text, the spaces segmentation added are removed exactly
    (original_spacing); without it, spaces between two Chinese characters are.
    """
    if original is not None:
        text = original_spacing(marked, original)
    else:
        text = _SPACE.sub(" ", marked).strip()
        for _ in range(2):  # overlapping gaps (一 二 三) need a second pass
            text = _HAN_GAP.sub(r"\1\2", text)
    # Words highlighted side by side (生物 and 安全 of 生物安全) are one highlight.
    text = text.replace("\x03\x02", "")
    # The index holds no control characters (index_text), so \x02 and \x03 are the marks.
    escaped = html.escape(text)
    return escaped.replace("\x02", "<mark>").replace("\x03", "</mark>")
