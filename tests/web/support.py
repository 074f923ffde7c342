"""Helpers for the test-client tests in tests/web (reading pages and emails, the clock,
snapshots of the database). Factories stay in tests/helpers.py."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.models import Post, User

PUBLIC_URL = "http://forum.test"


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    """These tests sign many people in; a cheap hash keeps them fast. The method is not
    what they test (werkzeug's check reads it from the stored hash). Autouse in every
    module that imports it."""
    cheap = partial(generate_password_hash, method="pbkdf2:sha256:1000")
    monkeypatch.setattr("forum.auth.actions.generate_password_hash", cheap)


class Clock:
    """An injectable "now" (app.config["CLOCK"]) that tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> datetime:
        self.value += timedelta(**delta)
        return self.value


def set_clock(app, start: datetime) -> Clock:
    clock = Clock(start)
    app.config["CLOCK"] = clock
    return clock


def page(response) -> str:
    return response.get_data(as_text=True)


_INLINE = {"a", "abbr", "b", "bdi", "code", "del", "em", "i", "label", "span", "strong",
           "time"}


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(response_or_html) -> str:
    """The text a reader sees: tags removed, entities decoded, whitespace collapsed."""
    html = response_or_html if isinstance(response_or_html, str) else page(response_or_html)
    parser = _TextOnly()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags_in(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def article(html: str, post_id: int) -> str:
    """The HTML of one post on a thread page ("" if it is not there)."""
    match = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', html, re.S)
    return match.group(0) if match else ""


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def textarea(html: str, name: str) -> str | None:
    """The content of the textarea called `name`, as the browser shows it."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(match.group(1)).lstrip("\r\n") if match else None


def input_value(html: str, name: str) -> str | None:
    for tag, attrs in tags_in(html):
        if tag == "input" and attrs.get("name") == name:
            return attrs.get("value")
    return None


def selected_option(html: str, name: str) -> str | None:
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return None
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                       match.group(1))
    return (chosen.group(1) or chosen.group(2)) if chosen else None


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(message) -> list[str]:
    """Paths of the forum links in an email (built from FORUM_PUBLIC_URL)."""
    return [m for m in re.findall(re.escape(PUBLIC_URL) + r"(/\S*)", body_of(message))]


def link_after(message, label: str) -> str:
    match = re.search(re.escape(label) + r"\s*" + re.escape(PUBLIC_URL) + r"(/\S+)",
                      body_of(message))
    assert match, f"no link after {label!r} in:\n{body_of(message)}"
    return match.group(1)


def reply_form(body: str, key: str = "key-1", **extra) -> dict:
    return {"body": body, "submission_key": key, "submit": "Post reply", **extra}


def reload(obj):
    """The object as the database holds it now (after requests wrote to it)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def posts_by(user: User) -> list[Post]:
    db.session.expire_all()
    return db.session.scalars(select(Post).where(Post.author_id == user.id)
                              .order_by(Post.id)).all()


def snapshot() -> dict[str, list]:
    """Every row of every table, to prove that something wrote nothing."""
    db.session.expire_all()
    result = {}
    for table in db.metadata.sorted_tables:
        order = ", ".join(c.name for c in table.primary_key.columns) or "1"
        rows = db.session.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}")).all()
        result[table.name] = [tuple(row) for row in rows]
    db.session.commit()
    return result


def row_counts() -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot().items()}
