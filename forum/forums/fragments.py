"""Approved posts rendered once per content, not once per request.

An approved post looks the same to every reader who does not moderate the forum, so its
<article> (templates/_partials/_post.html) is a pure function of the few fields it shows.
Those fields, read in one plain query (forum/forums/queries.py, public_page), are the
cache key: any change to what the article shows (an edit, a new number, a hidden post, a
renamed author, edited guiding questions) makes a new key, so nothing is ever stale and
nothing needs invalidating. Rendering 150 posts through Jinja on every request was most
of the thread page's cost (docs/benchmarks.md).
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from flask import current_app, request
from jinja2 import Template
from markupsafe import Markup

CACHED_POSTS = 4096  # per worker; an article is about 1-3 KB


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
    state: str = "approved"
    moderation_reason: str = ""


class _Thread(NamedTuple):
    questions: tuple[str, ...]


def public_articles(posts: list) -> list:
    """Each PublicPost replaced by its <article> (as _post.html renders it for a reader who
    does not moderate); other items (Post objects) are left for the template."""
    template = current_app.jinja_env.get_template("_partials/_post.html")
    # The template object is part of the key: a reloaded template (development) re-renders.
    root = request.script_root
    return [_render(template, root, p) if isinstance(p, PublicPost) else p for p in posts]


@lru_cache(maxsize=CACHED_POSTS)
def _render(template: Template, _script_root: str, post: PublicPost) -> Markup:
    return Markup(template.render(post=post, thread=_Thread(post.questions),
                                  may_moderate=False, me=None))
