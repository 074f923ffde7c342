"""Whole thread pages for anonymous readers, kept per worker and keyed by their inputs.

An anonymous reader's thread page is a pure function of: the request's path and query,
page and page size (and the script root every link starts with); the interface language;
the columns of the thread and its forum loaded for the page; the forum's window status
now; the page's rows (every field of every approved post shown, bodies and authors'
names included, see queries.public_page), the thread's total and its table of contents
(participants and latest post, forum/forums/contents.py). The cache key is those
values themselves, so there is no change marker to bump and nothing to invalidate: an
approval, an edit, a hidden post, a renamed author, a locked thread or a moved window
makes a new key at once (tests/ops/test_anonymous_page_cache.py). The page still runs
its two queries; what it skips is the template (the layout, the banner, the forms,
url_for), which was the fixed cost that kept the page far from the naive baseline
(docs/benchmarks.md).

What the key cannot see is refused, not trusted:
- signed-in readers are never served from here (their pages carry CSRF tokens, one-time
  submission keys, their own pending posts and their name);
- a session holding flashed messages renders normally (the page shows and consumes them);
- a render is stored only if it generated no CSRF token, did not touch the session, read
  no attribute of the thread or forum that was not loaded (so in the key) before it
  began, reached nothing through another relationship (a topic, the moderators: not in
  the key), and saw the same window status at its end as the key did.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import inspect

from forum.clock import now
from forum.forums import fragments
from forum.i18n import interface_lang
from forum.models import Forum, Thread

CACHED_PAGES = 32  # per worker; a 150-post page and its key are about 400 KB
FLASHES = "_flashes"  # where Flask keeps flashed messages in the session
STATE = "_sa_instance_state"  # SQLAlchemy's own bookkeeping in every instance's __dict__

_pages: OrderedDict[tuple, bytes] = OrderedDict()
_lock = Lock()  # the development server is threaded; gunicorn's sync workers are not


def serves(thread: Thread) -> bool:
    """Whether this request may be answered from (and stored in) the cache. Not while
    templates reload as they are edited (debug): the key does not hold the templates."""
    return (not current_user.is_authenticated and FLASHES not in session
            and thread.forum is not None and not current_app.jinja_env.auto_reload)


def page(thread: Thread, rows: list[tuple], total: int, page_number: int, per_page: int,
         render: Callable[[], str], extra: tuple = ()) -> Response:
    """The page from the cache, or `render()`ed (and kept if nothing escaped the key).
    `extra` is whatever else the page shows of the thread, as plain values (its table of
    contents, forum/forums/contents.py): part of the key like the rows."""
    forum = thread.forum
    status = forum.status_at(now())
    # The interface language (forum/i18n) decides every string, date and country name;
    # the query string is in the page too (the language link's way back).
    key = _Key((request.script_root, interface_lang(), request.path, request.query_string,
                page_number, per_page, _loaded(thread), _loaded(forum), status, total,
                tuple(rows), extra))
    with _lock:
        body = _pages.get(key)
        if body is not None:
            _pages.move_to_end(key)
    if body is None:
        loaded = _loaded_names(thread, forum)
        text = render()
        body = text.encode()
        if (current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in g
                and not session.modified
                and _loaded_names(thread, forum) == loaded <= _KEYED
                and forum.status_at(now()) == status):
            with _lock:
                _pages[key] = body
                while len(_pages) > CACHED_PAGES:
                    _pages.popitem(last=False)
    return current_app.response_class(body, mimetype="text/html")


def clear() -> None:
    """Forget every page and article (tests compare cached pages with fresh renders)."""
    with _lock:
        _pages.clear()
    fragments.clear()


class _Key(tuple):
    """A key hashed once: the cache looks it up twice, and a page's rows are large."""

    def __new__(cls, parts: tuple) -> _Key:
        key = super().__new__(cls, parts)
        key._hash = tuple.__hash__(key)
        return key

    def __hash__(self) -> int:
        return self._hash


_COLUMNS = {model: frozenset(a.key for a in inspect(model).column_attrs)
            for model in (Thread, Forum)}
# What a key covers: the thread's columns, its forum (whose columns are keyed too), and
# nothing reached through another relationship (a topic, the moderators, ...).
_KEYED = frozenset({("thread", name) for name in _COLUMNS[Thread] | {"forum"}}
                   | {("forum", name) for name in _COLUMNS[Forum]})


def _loaded(obj: Thread | Forum) -> tuple:
    """The object's loaded column values, JSON ones (a thread's questions) as text."""
    columns = _COLUMNS[type(obj)]
    return tuple(sorted((name, json.dumps(value, sort_keys=True)
                         if isinstance(value, (list, dict)) else value)
                        for name, value in inspect(obj).dict.items() if name in columns))


def _loaded_names(thread: Thread, forum: Forum) -> frozenset[tuple[str, str]]:
    """Every attribute of the two set so far: columns, relationships, and anything else
    code may have put on them (which the key does not cover either)."""
    return frozenset({(label, name) for label, obj in (("thread", thread), ("forum", forum))
                      for name in vars(obj) if name != STATE})
