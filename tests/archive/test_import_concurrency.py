"""People keep posting while `forum import` runs: they wait for its transaction, or get a
clear 503 with Retry-After (their text kept), never a 500 "database is locked"."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from forum import database
from forum.archive import load
from forum.archive.load import import_archive
from forum.database import write_intent
from forum.extensions import db
from forum.models import Forum, Post
from tests.archive.rich import large_archive
from tests.helpers import login, setup_forum, token_for

TEXT = "In our country the committee answers every comment in writing."


@contextmanager
def importing(app, monkeypatch, hold: float) -> Iterator[dict]:
    """An import running in another thread; the block starts once its write transaction
    has written everything, which it then keeps open `hold` seconds longer."""
    written = threading.Event()
    outcome: dict = {}
    original = load.write_forum

    def write_and_hold(*args, **kwargs):
        forum = original(*args, **kwargs)
        written.set()
        time.sleep(hold)
        return forum

    monkeypatch.setattr(load, "write_forum", write_and_hold)
    archive = large_archive(400, slug="imported-meanwhile")

    def run() -> None:
        with app.app_context():
            try:
                with write_intent():
                    outcome["result"] = import_archive(archive)
            except Exception as error:  # noqa: BLE001 - reported to the test below
                outcome["error"] = error
            finally:
                db.session.remove()

    db.session.commit()  # the test's own session holds nothing while the import runs
    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert written.wait(60), outcome
        yield outcome
    finally:
        worker.join(60)
    assert "error" not in outcome, outcome
    assert outcome["result"].changed


def _replies(thread_id: int) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Post.id)).where(Post.thread_id == thread_id,
                                                                Post.body == TEXT))


def test_a_reply_during_an_import_waits_and_is_saved(app, client, monkeypatch):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    with importing(app, monkeypatch, hold=1.5):
        began = time.monotonic()
        response = client.post(f"/threads/{thread.id}/reply", data={"body": TEXT})
        waited = time.monotonic() - began
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert _replies(thread.id) == 1
    if app.config["_DB_NAME"] == "sqlite":  # PostgreSQL takes both writes side by side
        assert waited > 0.5
    assert db.session.scalar(select(Forum.id).where(Forum.slug == "imported-meanwhile"))


@pytest.fixture
def short_busy_timeout(app, monkeypatch, db_name):
    """SQLite gives up waiting for the lock after 0.2 s instead of 15 s."""
    if db_name != "sqlite":
        pytest.skip("SQLite's busy timeout")
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    db.session.remove()
    db.engine.dispose()  # new connections read the new timeout
    yield
    db.session.remove()
    db.engine.dispose()


def test_a_reply_that_cannot_wait_gets_503_with_its_text_kept(app, client, monkeypatch,
                                                               short_busy_timeout):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    headers = token_for(participant)
    with importing(app, monkeypatch, hold=3):
        page = client.post(f"/threads/{thread.id}/reply", data={"body": TEXT})
        api = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": TEXT},
                          headers=headers)
    assert page.status_code == 503
    assert int(page.headers["Retry-After"]) > 0
    html = page.get_data(as_text=True)
    assert TEXT in html and "busy" in html and f'action="/threads/{thread.id}/reply"' in html
    assert api.status_code == 503 and int(api.headers["Retry-After"]) > 0
    assert api.get_json()["error"]["code"] == "busy"
    assert _replies(thread.id) == 0
    again = client.post(f"/threads/{thread.id}/reply", data={"body": TEXT})
    assert again.status_code == 302 and _replies(thread.id) == 1


def test_a_page_read_during_an_import_is_served(app, client, monkeypatch, short_busy_timeout):
    forum, moderator, participant, thread = setup_forum()
    with importing(app, monkeypatch, hold=1):
        response = client.get(f"/threads/{thread.id}")
    assert response.status_code == 200
