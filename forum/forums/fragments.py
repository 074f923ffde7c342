"""Approved posts rendered once per content, not once per request.

An approved post looks the same to every reader who does not moderate the forum, so its
<article> (templates/_partials/_post.html) is a pure function of the few fields it shows.
Those fields, read in one plain query (forum/forums/queries.py, public_page), are the
cache key: any change to what the article shows (an edit, a new number, a hidden post, a
renamed author, edited guiding questions) makes a new key, so nothing is ever stale and
nothing needs invalidating. Rendering 150 posts through Jinja on every request was most
of the thread page's cost (docs/benchmarks.md).

Two levels share that rule. A page's run of approved posts is cached as one block, keyed
by the page's rows themselves (hashing and comparing some 200 KB of row data costs a
tenth of building 150 PublicPost tuples and looking each up); a block that misses is
assembled from the per-post cache, so a new reply re-renders one article, not 150.

The article's words (the byline, the badges) are in the reader's language, so the locale
is part of both keys: a French reader never gets the English article, nor the reverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from flask import current_app, request
from jinja2 import Template
from markupsafe import Markup

from forum.i18n import interface_lang

CACHED_POSTS = 4096  # per worker; an article is about 1-3 KB
# Per worker. A block holds its key (the rows, bodies included) and its HTML: some 400 KB
# for 150 posts, so 32 blocks stay under about 16 MB even for 200-post pages.
CACHED_BLOCKS = 32


class Person(NamedTuple):
    title: str
    name: str
    organization: str
    country: str | None

    @property
    def display_name(self) -> str:  # as User.display_name
        return f"{self.title} {self.name}".strip()


class PublicPost(NamedTuple):
    """What the article of an approved post shows, and nothing else. (Named tuples: 150 of
    them are built and hashed per page, several times faster than frozen dataclasses.)"""

    id: int
    number: int | None
    kind: str
    subject: str
    body_html: str
    created_at: datetime
    author: Person
    posted_by: Person | None
    questions: tuple[str, ...]  # the thread's guiding questions, shown under its opening
    title: str  # the thread's title: a subject that only repeats it is not shown
    reply_to_id: int | None = None  # the public post this one answers, if any
    reply_to_number: int | None = None
    state: str = "approved"
    moderation_reason: str = ""

    @classmethod
    def from_row(cls, row: Sequence, thread: ThreadKey) -> PublicPost:
        """From a row of queries.public_page's statement: id, number, kind, state, subject,
        body_html, created_at, then the author's and the poster's title, name,
        organization and country, then the id and number of the public post it answers."""
        return cls(id=row[0], number=row[1], kind=row[2], subject=row[4], body_html=row[5],
                   created_at=row[6], author=Person(*row[7:11]),
                   posted_by=Person(*row[11:15]) if row[12] is not None else None,
                   questions=thread.questions if row[2] == "opening" else (),
                   title=thread.title, reply_to_id=row[15], reply_to_number=row[16])


class ThreadKey(NamedTuple):
    """What an article shows of its thread (the template's `thread`)."""

    questions: tuple[str, ...]
    title: str


def public_articles(rows: Sequence[tuple], thread: ThreadKey,
                    own: dict | None = None) -> list:
    """The page's articles for a reader who does not moderate: approved rows as cached
    HTML, the reader's own pending, rejected or hidden posts (`own`, by id) as Post objects for
    the template (they carry actions). Without own posts, the whole run is one block."""
    template = current_app.jinja_env.get_template("_partials/_post.html")
    # The template object is part of the key: a reloaded template (development) re-renders.
    # The interface language is part of the key too: the article's date and country name
    # are printed in it (forum/i18n).
    root, lang = request.script_root, interface_lang()
    if not own:
        return [_render_block(template, root, lang, thread, tuple(rows))] if rows else []
    return [own[row[0]] if row[0] in own
            else _render(template, root, lang, PublicPost.from_row(row, thread))
            for row in rows]


@lru_cache(maxsize=CACHED_BLOCKS)
def _render_block(template: Template, script_root: str, lang: str,
                  thread: ThreadKey, rows: tuple[tuple, ...]) -> Markup:
    return Markup("".join(_render(template, script_root, lang,
                                  PublicPost.from_row(row, thread)) for row in rows))


@lru_cache(maxsize=CACHED_POSTS)
def _render(template: Template, _script_root: str, _lang: str, post: PublicPost) -> Markup:
    return Markup(template.render(post=post, thread=ThreadKey(post.questions, post.title),
                                  may_moderate=False, me=None))


def clear() -> None:
    """Forget every rendered article and block (tests compare them with fresh renders)."""
    _render_block.cache_clear()
    _render.cache_clear()
