"""Thread pages of signed-in participants, kept per worker and keyed by their inputs, the
reader's own included.

A participant's page differs from the anonymous one only in per-reader bits: their name,
the reply form (its CSRF token and one-time submission key), what is new to them (the
jump link, the mark-read form) and whether they may reply. Everything else was rendered
on every request (the layout, the reply form through WTForms), which kept the signed-in
page below the naive baseline (docs/benchmarks.md). As in pagecache.py, the key is the
inputs themselves, so nothing is invalidated and nothing is stale: the reader (id, loaded
columns, their session's CSRF secret), the interface language, the path and query, the
loaded columns of the thread, its forum and its topic, the forum's status now, why
posting is closed (or not), the reader's read state, the total and the page's rows.

Per request, on a hit, the page gets a fresh signed CSRF token (the one it was rendered
with is replaced; tokens are per session, and the session is in the key) and a fresh
submission key (a stored one would make two replies one: CONTRACTS.md).

What the key cannot see is refused, not trusted. Served and stored only for readers whose
role is `participant` (moderators and staff see queues, tools and other people's pending
posts) and who have no pending, rejected or hidden post on the page (those carry
actions); never with flashed messages; a render is stored only if it ran no SQL
statement, left the session as it was (the sign-in's last-seen stamp aside), read nothing
of the thread, forum, topic or reader that was not in the key, and saw the same status at
its end. Tests: tests/ops/test_signed_in_page_cache.py.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine

from forum.auth.sessions import SEEN_KEY
from forum.clock import now
from forum.forums.pagecache import FLASHES, STATE, _Key
from forum.i18n import interface_lang

CACHED_PAGES = 64  # per worker; a 150-post page and its key are about 400 KB
CSRF_SECRET = "csrf_token"  # Flask-WTF's per-session secret, in the session
_pages: OrderedDict[tuple, tuple[str, str, str]] = OrderedDict()
_lock = Lock()


def serves(thread, own: dict) -> bool:  # noqa: ANN001
    return (current_user.is_authenticated and current_user.role == "participant"
            and not own and FLASHES not in session and CSRF_SECRET in session
            and thread.forum is not None and not current_app.jinja_env.auto_reload)


def _columns(obj: object) -> tuple:
    if obj is None:
        return ()
    columns = {a.key for a in inspect(type(obj)).column_attrs}
    return tuple(sorted((name, repr(value)) for name, value in inspect(obj).dict.items()
                        if name in columns))


def _names(*objs: object) -> tuple[frozenset, ...]:
    return tuple(frozenset(n for n in vars(o) if n != STATE) if o is not None else frozenset()
                 for o in objs)


def page(thread, rows: list[tuple], total: int, page_number: int, per_page: int,  # noqa: ANN001
         reading: tuple | None, closed_reason: str,
         render: Callable[[], tuple[str, str | None]], extra: tuple = ()) -> Response:
    """The page from the cache (with a fresh CSRF token and submission key), or
    `render()`ed: it returns the HTML and the submission key it put in the reply form.
    `extra` is whatever else the page shows of the thread, as plain values (its table of
    participants, its latest post), as for the anonymous page cache."""
    forum, topic, user = thread.forum, thread.topic, current_user._get_current_object()
    status = forum.status_at(now())
    key = _Key(("participant", user.id, session[CSRF_SECRET], _columns(user),
                request.script_root, interface_lang(), request.path, request.query_string,
                page_number, per_page, _columns(thread), _columns(forum), _columns(topic),
                status, closed_reason, reading, total, tuple(rows), extra))
    with _lock:
        found = _pages.get(key)
        if found is not None:
            _pages.move_to_end(key)
    if found is not None:
        text, token, submission = found
        text = text.replace(token, generate_csrf())
        if submission:
            text = text.replace(submission, uuid.uuid4().hex)
        return current_app.response_class(text, mimetype="text/html")
    before = {k: v for k, v in session.items() if k != SEEN_KEY}
    names = _names(thread, forum, topic, user)
    g.statements_in_render = 0
    try:
        text, submission = render()
        ran = g.statements_in_render
    finally:
        g.pop("statements_in_render", None)
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if (token and ran == 0 and FLASHES not in session
            and {k: v for k, v in session.items() if k != SEEN_KEY} == before
            and _names(thread, forum, topic, user) == names
            and forum.status_at(now()) == status):
        with _lock:
            _pages[key] = (text, token, submission or "")
            while len(_pages) > CACHED_PAGES:
                _pages.popitem(last=False)
    return current_app.response_class(text, mimetype="text/html")


def clear() -> None:
    with _lock:
        _pages.clear()


@event.listens_for(Engine, "before_cursor_execute")
def _count(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
    """A statement run while a page renders: that page read something its key lacks."""
    try:
        if "statements_in_render" in g:
            g.statements_in_render += 1
    except RuntimeError:  # outside an app context (the CLI, migrations)
        pass
