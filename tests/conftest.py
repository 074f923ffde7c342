"""Fixtures: one schema per database per test session (built by the migrations), emptied
after every test; a real SMTP server; users, forums and signed-in clients.

Database-bound tests run on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL
too. If that URL is set but unreachable the run fails: it never silently skips.
"""

from __future__ import annotations

import contextvars
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from forum import create_app
from forum.extensions import db

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
BASE_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "SECRET_KEY": "test-secret-key",
    "PUBLIC_URL": "http://forum.test",
    "SESSION_COOKIE_SECURE": False,
    "SERVER_NAME": None,
}


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"TEST_DATABASE_URL is set but unreachable: {error}", pytrace=False)
    finally:
        engine.dispose()


def _database_url(name: str, tmp: Path) -> str:
    if name == "sqlite":
        return f"sqlite:///{tmp / 'test.sqlite3'}"
    url = os.environ["TEST_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    _reset_postgres(url)
    return url


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: the test's own app context
    (and its `g`, login cache and database session) is not shared with the request."""

    def open(self, *args, **kwargs):
        # End the test's own transaction first: it must not hold SQLite's lock during the
        # request, and afterwards the test reads what the request wrote.
        if has_app_context():
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session", params=DATABASES)
def _app(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    url = _database_url(request.param, tmp)
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url,
                      "MAIL_OUTBOX": str(tmp / "outbox"), "CACHE_DIR": str(tmp / "cache"),
                      "RATELIMIT_STORAGE_URI": f"forum+sqlite:///{tmp / 'limits.sqlite3'}"})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    app.config["_DB_NAME"] = request.param
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))
                # The FTS5 index has no model (forum/search/tables.py); post ids restart.
                conn.execute(text("DELETE FROM search_posts"))


@pytest.fixture
def app(_app):
    saved = dict(_app.config)
    ctx = _app.app_context()
    ctx.push()
    yield _app
    db.session.remove()
    ctx.pop()
    _app.config.clear()
    _app.config.update(saved)
    _empty_tables(_app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_name(app) -> str:
    return app.config["_DB_NAME"]


class SmtpSink:
    """Collects messages received by a real aiosmtpd server. Requests only queue email
    (forum/mail), so `wait_for` first delivers the outbox, as `forum mail send` would."""

    def __init__(self, app=None) -> None:
        self.app = app
        self.port = 0
        self.messages: list = []
        self.envelopes: list = []  # (mail_from, rcpt_tos) per message, in order

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        from email import message_from_bytes
        from email.policy import default

        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def deliver(self):
        """One delivery pass over the outbox, in the test's app context."""
        from forum.mail.delivery import deliver_due

        if self.app is None or not has_app_context():
            return None
        db.session.commit()  # the pass claims in its own transaction
        return deliver_due()

    def wait_for(self, count: int, timeout: float = 5.0) -> list:
        self.deliver()
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app) -> Iterator[SmtpSink]:
    from aiosmtpd.controller import Controller

    sink = SmtpSink(app)
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def tmp_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)
