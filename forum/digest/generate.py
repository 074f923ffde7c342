"""Generating a forum's digest: collect, then the pure pipeline, then a renderer."""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import synthesis
from forum.digest.annex import participation_annex
from forum.digest.collect import collect
from forum.models import Forum
from synthesis.pipeline import build_report
from synthesis.render.html import render_html
from synthesis.render.markdown import render_markdown
from synthesis.render.pdf import render_pdf
from synthesis.render.word import render_docx
from synthesis.settings import SettingsError
from synthesis.types import DigestSettings, ForumInfo, Report, SourcePost

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
# Behind the per-process memo is the shared one (forum/sharedcache.py: Redis, or files on
# one machine), so a report made by a background job (forum/jobs) or another app server is
# found by every process. Reports are pickled: only our own processes write there (RQ
# pickles its jobs in the same Redis).
MEMO_SIZE = 8
MEMO_NAMESPACE = "digest"
_memo: OrderedDict[str, Report] = OrderedDict()
_memo_lock = threading.Lock()


def _code_version() -> str:
    """A hash of the engine's source (the synthesis package, its data included): a report
    kept in the shared memo (which outlives a process, and may be read by another release)
    is only valid for the code that made it."""
    if not _code:
        root = Path(synthesis.__file__).resolve().parent
        sources = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json")
                         and "__pycache__" not in p.parts)
        digest = hashlib.sha256()
        for path in sources:  # the name too: a module moved is a different engine
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _code.append(digest.hexdigest())
    return _code[0]


_code: list[str] = []


def _fingerprint(info: ForumInfo, posts: list[SourcePost], settings: DigestSettings,
                 draft: bool) -> str:
    # Frozen dataclasses and tuples all the way down: their repr is their whole value. Fed
    # one post at a time: the repr of 100,000 posts at once was a string (and its UTF-8
    # copy) of over 100 MB each, the worker's peak memory (docs/benchmarks.md).
    digest = hashlib.sha256(_code_version().encode("ascii"))
    for part in (info, settings, draft, len(posts), *posts):
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def report_for(forum: Forum, *, words: int | None = None, draft: bool = True) -> Report:
    """Build the report from the forum's stored settings (a word budget may override)."""
    info, posts, settings, key = _keyed(forum, words, draft)
    report = _remembered(key)
    if report is None:
        report = build_report(info, posts, settings, draft=draft)
        if settings.annex_charts:  # drawn once with the report, kept with it
            report = replace(report, annex=participation_annex(forum))
        _shared_put(key, report)
    _remember(key, report)
    return report


def cached_report(forum: Forum, *, words: int | None = None, draft: bool = True
                  ) -> Report | None:
    """The report if this process or the shared memo already has it, else None (nothing is
    built). Raises SettingsError as report_for does."""
    *_, key = _keyed(forum, words, draft)
    report = _remembered(key)
    if report is not None:
        _remember(key, report)
    return report


def _keyed(forum: Forum, words: int | None, draft: bool) -> tuple:
    """The forum's posts, its settings (a word budget overriding the stored one: one rule
    for building and for looking up, at least MIN_WORDS) and the memo key of its report."""
    settings = DigestSettings.from_dict(forum.digest_settings or {})
    if words is not None:
        if words < MIN_WORDS:
            raise SettingsError("word_budget", f"must be at least {MIN_WORDS} words")
        settings = replace(settings, word_budget=words)
    info, posts = collect(forum)
    return info, posts, settings, _fingerprint(info, posts, settings, draft)


def _remembered(key: str) -> Report | None:
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    return _shared_get(key)


def _remember(key: str, report: Report) -> None:
    with _memo_lock:
        _memo[key] = report
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)


def _shared_get(key: str) -> Report | None:
    from flask import current_app, has_app_context

    from forum import sharedcache

    if not has_app_context():
        return None
    data = sharedcache.get(MEMO_NAMESPACE, key,
                           ttl=int(current_app.config["DIGEST_CACHE_SECONDS"]))
    try:
        return pickle.loads(data) if data is not None else None  # noqa: S301 (our own)
    except Exception:  # noqa: BLE001 (an entry from an older release: made again)
        return None


def _shared_put(key: str, report: Report) -> None:
    from flask import current_app, has_app_context

    from forum import sharedcache

    if not has_app_context():
        return
    sharedcache.put(MEMO_NAMESPACE, key, pickle.dumps(report, pickle.HIGHEST_PROTOCOL),
                    ttl=int(current_app.config["DIGEST_CACHE_SECONDS"]),
                    limit=int(current_app.config["DIGEST_CACHE_FILES"]))


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
