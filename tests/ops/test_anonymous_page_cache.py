"""Anonymous thread pages come from a cache keyed by everything they show
(forum/forums/pagecache.py). Every kind of change must show at once: after each one, the
page served (from a warm cache) is byte for byte the page rendered with every cache
emptied. Pending posts never reach anonymous readers; signed-in readers are never served
from the cache and keep their own CSRF tokens, submission keys and pending posts."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

import pytest
from flask import template_rendered
from sqlalchemy import inspect

from forum.admin import actions as admin
from forum.clock import now
from forum.extensions import db
from forum.forums import pagecache, queries
from forum.models import Forum, Thread
from forum.moderation import actions as moderation
from forum.threads.actions import edit_own_post, submit_reply, withdraw_post
from tests.helpers import login, make_reply, make_user, setup_forum

pytestmark = pytest.mark.db


@pytest.fixture
def renders(app):
    """Names of the templates rendered, as Flask reports them."""
    seen: list[str] = []

    def record(sender, template, context, **extra):  # noqa: ANN001 (a blinker receiver)
        seen.append(template.name)

    template_rendered.connect(record, app)
    pagecache.clear()
    yield seen
    template_rendered.disconnect(record, app)
    pagecache.clear()


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _served_and_fresh(client, path: str) -> tuple[str, str]:
    served = _get(client, path)
    pagecache.clear()
    fresh = _get(client, path)
    return served, fresh


def _approved(thread, author, body: str, moderator):
    post = make_reply(thread, author, body=body)
    moderation.approve_post(post, acting_user=moderator, version=post.version)
    return post


@pytest.fixture
def scene(app):
    """A thread with an opening, an approved reply and a pending reply."""
    forum, moderator, participant, thread = setup_forum()
    staff = make_user("secretariat", country=None, organization="")
    first = _approved(thread, participant, "First experience.", moderator)
    pending = make_reply(thread, participant, body="Pending words.")
    return {"app": app, "forum": forum, "moderator": moderator, "participant": participant,
            "thread": thread, "staff": staff, "first": first, "pending": pending}


def test_a_second_anonymous_request_renders_no_template(scene, client, renders):
    path = f"/threads/{scene['thread'].id}"
    first = _get(client, path)
    assert "forums/thread.html" in renders
    renders.clear()
    assert _get(client, path) == first
    assert renders == []
    # Another page of the same thread, or another page size, is another page.
    _get(client, path + "?per_page=1")
    assert "forums/thread.html" in renders


def _approve_pending(s):
    moderation.approve_post(s["pending"], acting_user=s["moderator"], version=s["pending"].version)


def _edit_then_approve(s):
    post = s["pending"]
    edit_own_post(post, author=s["participant"], body="Pending words, edited.",
                  version=post.version)
    moderation.edit_and_approve(post, acting_user=s["moderator"], version=post.version,
                                body="Edited by the moderator.")


def _rename_author(s):
    s["participant"].name = "Ramatha L. Letchumanan"
    s["participant"].organization = "Another ministry"
    db.session.commit()


def _close_by_the_clock(s):
    later = s["forum"].closes_at + timedelta(seconds=1)
    s["app"].config["CLOCK"] = lambda: later  # nothing is written: only time passes


SAME = object()  # the change leaves the page as it was

CHANGES = {
    "approve": (_approve_pending, "Pending words."),
    "reject": (lambda s: moderation.reject_post(s["pending"], acting_user=s["moderator"],
                                                reason="Off topic."), None),
    "edit and approve": (_edit_then_approve, "Edited by the moderator."),
    "hide": (lambda s: moderation.hide_post(s["first"], acting_user=s["moderator"],
                                            reason="Personal data."), None),
    "hide then restore": (lambda s: (
        moderation.hide_post(s["first"], acting_user=s["moderator"], reason="Checking."),
        moderation.restore_post(s["first"], acting_user=s["moderator"])), SAME),
    "withdraw": (lambda s: withdraw_post(s["pending"], author=s["participant"]), None),
    "moderator's reply": (lambda s: make_reply(s["thread"], s["moderator"],
                                               body="A moderator's note."),
                          "A moderator's note."),
    "on behalf of a moderator": (lambda s: submit_reply(
        s["thread"], author=s["staff"], body="Said for the moderator.",
        for_moderator=s["moderator"]), "posted on behalf of"),
    "lock": (lambda s: moderation.lock_thread(s["thread"], acting_user=s["moderator"],
                                              locked=True), "This thread is locked."),
    "title and questions": (lambda s: moderation.edit_thread(
        s["thread"], acting_user=s["moderator"], title="A new title",
        questions=["What changed?"]), "What changed?"),
    "topic": (lambda s: moderation.edit_topic(
        s["forum"].topics[0], acting_user=s["moderator"], title="Renamed topic",
        description="", opens_at=None, closes_at=now() - timedelta(hours=1)), None),
    "close now": (lambda s: admin.close_now(
        s["forum"], acting_user=s["staff"]), "This forum is closed."),
    "extend": (lambda s: admin.extend(
        s["forum"], acting_user=s["staff"], until=s["forum"].closes_at + timedelta(days=5)),
        None),
    "forum title": (lambda s: admin.update_forum(
        s["forum"], acting_user=s["staff"], title="A renamed forum"), "A renamed forum"),
    "author renamed": (_rename_author, "Ramatha L. Letchumanan"),
    "closed by the clock": (_close_by_the_clock, "This forum is closed."),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_kind_of_change_shows_at_once(scene, client, renders, change):
    path = f"/threads/{scene['thread'].id}"
    before = _get(client, path)
    assert _get(client, path) == before  # cached now
    apply, shown = CHANGES[change]
    apply(scene)
    served, fresh = _served_and_fresh(client, path)
    assert served == fresh
    if shown is SAME:
        assert served == before
    elif shown:
        assert shown in served and shown not in before
    if change == "hide":
        assert "First experience." in before and "First experience." not in served
    if change not in ("approve",):
        assert "Pending words" not in served


def _changed(value, column):  # noqa: ANN001, ANN202
    if column.key == "posting":
        return "accredited" if value == "registered" else "registered"
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "-changed"
    if isinstance(value, list):
        return [*value, "A question added?"]
    if isinstance(value, dict):
        return {**value, "changed": True}
    if value is None:
        return {"extended_to": now() + timedelta(days=30), "archive_sha256": "0" * 64,
                "topic_id": None}.get(column.key, "changed")
    if hasattr(value, "year"):
        return value + timedelta(hours=1)
    return None  # keys and ids: not a content change


@pytest.mark.parametrize("model", [Thread, Forum])
def test_a_change_to_any_column_of_the_thread_or_forum_shows_at_once(scene, client, model):
    """Whatever column the template reads today or tomorrow: every column, changed one at
    a time, gives the page a fresh render would give."""
    obj = scene["thread"] if model is Thread else scene["forum"]
    path = f"/threads/{scene['thread'].id}"
    for column in inspect(model).column_attrs:
        if column.key in ("id", "forum_id", "author_id", "topic_id"):
            continue
        _get(client, path)
        _get(client, path)
        value = _changed(getattr(obj, column.key), column.columns[0])
        if value is None or value == "changed":
            continue
        setattr(obj, column.key, value)
        db.session.commit()
        served, fresh = _served_and_fresh(client, path)
        assert served == fresh, column.key


def test_pending_posts_never_reach_anonymous_readers(scene, client, renders, app):
    path = f"/threads/{scene['thread'].id}"
    assert "Pending words." not in _get(client, path)
    author = app.test_client()
    login(author, scene["participant"])
    own = _get(author, path)
    assert "Pending words." in own and "Awaiting moderation" in own and "Withdraw" in own
    assert "Pending words." not in _get(client, path)
    moderator = app.test_client()
    login(moderator, scene["moderator"])
    assert "Pending words." in _get(moderator, path)
    assert "Pending words." not in _get(client, path)


def _tokens(page: str) -> tuple[set[str], set[str]]:
    csrf = set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page))
    csrf |= set(re.findall(r'value="([^"]+)"[^>]*name="csrf_token"', page))
    keys = set(re.findall(r'name="submission_key"[^>]*value="([^"]+)"', page))
    keys |= set(re.findall(r'value="([^"]+)"[^>]*name="submission_key"', page))
    return csrf, keys


def test_signed_in_pages_are_never_cached_nor_share_tokens(scene, app, renders):
    app.config["WTF_CSRF_ENABLED"] = True
    other = make_user("participant", name="Another Reader")
    path = f"/threads/{scene['thread'].id}"
    _get(app.test_client(), path)  # an anonymous page, cached
    pages = {}
    for user in (scene["participant"], other):
        client = app.test_client()
        app.config["WTF_CSRF_ENABLED"] = False
        login(client, user)
        app.config["WTF_CSRF_ENABLED"] = True
        pages[user.id] = [_get(client, path), _get(client, path)]
    first, again = pages[scene["participant"].id]
    (csrf_a, keys_a), (_, keys_again) = _tokens(first), _tokens(again)
    csrf_b, keys_b = _tokens(pages[other.id][0])
    assert csrf_a and csrf_b and keys_a and keys_b
    assert not csrf_a & csrf_b  # each session its own CSRF token
    assert not keys_a & keys_again and not keys_a & keys_b  # one key per rendered form
    assert "Pending words." in first and "Pending words." not in pages[other.id][0]
    for user in (scene["participant"], other):
        assert all(user.name in page and "Sign out" in page for page in pages[user.id])
    assert renders.count("forums/thread.html") == 5  # every signed-in request rendered
    assert len(pagecache._pages) == 1  # only the anonymous page was kept


def test_flashed_messages_are_shown_once_and_never_cached(scene, app, client):
    path = f"/threads/{scene['thread'].id}"
    _get(client, path)
    leaving = app.test_client()
    login(leaving, scene["participant"])
    leaving.post("/logout")
    assert "You have signed out." in _get(leaving, path)
    assert "You have signed out." not in _get(leaving, path)
    assert "You have signed out." not in _get(client, path)


def test_a_render_that_reads_beyond_the_key_is_not_kept(scene, app):
    """The guard behind the key: a page whose render loaded something the key did not
    hold (the forum's deferred objective, the thread's topic, as a template change
    might) is not kept; the same page rendered from the key's values alone is."""
    path = f"/threads/{scene['thread'].id}"
    readers = {
        "a deferred column": lambda thread: thread.forum.objective,
        "a relationship": lambda thread: thread.topic.title,
        "nothing beyond the key": lambda thread: thread.title,
    }
    for what, read in readers.items():
        db.session.expunge_all()  # as in a request: the thread and forum just loaded
        with app.test_request_context(path):
            thread = queries.thread_with_forum(scene["thread"].id)
            pagecache.clear()
            render = partial(lambda read, thread: f"<p>{read(thread)}</p>", read, thread)
            response = pagecache.page(thread, [], 1, 1, 200, render)
            assert response.status_code == 200
            assert len(pagecache._pages) == (1 if what == "nothing beyond the key" else 0), what
    pagecache.clear()
