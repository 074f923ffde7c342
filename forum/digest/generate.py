"""Generating a forum's digest: collect, then the pure pipeline, then a renderer."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import replace

from forum.digest.collect import collect
from forum.digest.pipeline import build_report
from forum.digest.render_docx import render_docx
from forum.digest.render_html import render_html
from forum.digest.render_md import render_markdown
from forum.digest.render_pdf import render_pdf
from forum.digest.settings import SettingsError
from forum.digest.types import DigestSettings, Report
from forum.models import Forum

FORMATS = ("md", "html", "docx", "pdf")
# The smallest word budget: the budget counts content only (the frame is counted apart), so
# 50 words still hold a statement or two of what was said.
MIN_WORDS = 50
TEXT_FORMATS = ("md", "html")

# The pipeline is pure: the same collected input gives the same report. The draft and review
# pages ask for it on every view (about a second on the seed), so each process keeps the last
# few reports, keyed on a digest of everything the pipeline reads. Any change that matters (a
# post approved, hidden or edited, a name, a setting) changes the key; nothing is invalidated.
# The key is a hash, not the inputs themselves: a large forum's posts are not kept alive.
MEMO_SIZE = 8
_memo: OrderedDict[str, Report] = OrderedDict()
_memo_lock = threading.Lock()


def _fingerprint(*inputs: object) -> str:
    # Frozen dataclasses and tuples all the way down: their repr is their whole value.
    return hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()


def report_for(forum: Forum, *, words: int | None = None, draft: bool = True) -> Report:
    """Build the report from the forum's stored settings (a word budget may override)."""
    settings = DigestSettings.from_dict(forum.digest_settings or {})
    if words is not None:
        if words < MIN_WORDS:
            raise SettingsError("word_budget", f"must be at least {MIN_WORDS} words")
        settings = replace(settings, word_budget=words)
    info, posts = collect(forum)
    key = _fingerprint(info, tuple(posts), settings, draft)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    report = build_report(info, posts, settings, draft=draft)
    with _memo_lock:
        _memo[key] = report
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return report


def render(report: Report, fmt: str, *, post_url: str = "/posts/{id}",
           standalone: bool = True) -> str:
    """The report in a text format (md, html)."""
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report, post_url, standalone=standalone)
    raise ValueError(f"unknown text format {fmt!r}; use one of {', '.join(TEXT_FORMATS)}")


def render_bytes(report: Report, fmt: str, *, post_url: str = "/posts/{id}") -> bytes:
    """The report in any of FORMATS as bytes (md and html in UTF-8)."""
    # PDF raises render_pdf.PdfUnavailable when WeasyPrint cannot be loaded.
    if fmt == "docx":
        return render_docx(report, post_url)
    if fmt == "pdf":
        return render_pdf(report, post_url)
    if fmt in TEXT_FORMATS:
        return render(report, fmt, post_url=post_url).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
