"""Signed-in participants' thread pages come from a per-reader cache keyed by everything
they show (forum/forums/usercache.py). After every kind of change the page served from a
warm cache is the page rendered with every cache emptied (its CSRF token and submission
key aside, which are fresh on every request); a reader never gets another's page, name or
tokens; pending posts stay with their author and the moderators; moderators and readers
with their own pending posts on the page are never served from it."""

from __future__ import annotations

import re

import pytest
from flask import template_rendered

from forum.extensions import db
from forum.forums import pagecache, usercache
from forum.moderation import actions as moderation
from tests.helpers import login, make_reply, make_user, setup_forum

pytestmark = pytest.mark.db
TOKENS = re.compile(r'(name="(?:csrf_token|submission_key)"[^>]*value=")[^"]+"'
                    r'|(value=")[^"]+("[^>]*name="(?:csrf_token|submission_key)")')


@pytest.fixture
def renders(app):
    seen: list[str] = []

    def record(sender, template, context, **extra):  # noqa: ANN001 (a blinker receiver)
        seen.append(template.name)

    template_rendered.connect(record, app)
    pagecache.clear()
    usercache.clear()
    app.config["WTF_CSRF_ENABLED"] = True
    yield seen
    template_rendered.disconnect(record, app)
    pagecache.clear()
    usercache.clear()


def _signed_in(app, user):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, user)
    app.config["WTF_CSRF_ENABLED"] = True
    return client


def _get(client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.get_data(as_text=True)


def _tokens(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}"[^>]*value="([^"]+)"', page) + \
        re.findall(rf'value="([^"]+)"[^>]*name="{name}"', page)


def _plain(page: str) -> str:
    return TOKENS.sub(lambda m: (m.group(1) or m.group(2)) + "TOKEN" +
                      ('"' if m.group(1) else m.group(3)), page)


def _served_and_fresh(client, path: str) -> tuple[str, str]:
    served = _get(client, path)
    usercache.clear()
    pagecache.clear()
    return _plain(served), _plain(_get(client, path))


@pytest.fixture
def scene(app):
    forum, moderator, participant, thread = setup_forum()
    reader = make_user("participant", name="Quiet Reader")
    first = make_reply(thread, participant, body="First experience.")
    moderation.approve_post(first, acting_user=moderator, version=first.version)
    pending = make_reply(thread, participant, body="Pending words.")
    db.session.commit()
    return {"forum": forum, "moderator": moderator, "participant": participant,
            "reader": reader, "thread": thread, "first": first, "pending": pending,
            "path": f"/threads/{thread.id}"}


def test_a_participants_page_is_served_with_fresh_tokens(scene, app, renders):
    client = _signed_in(app, scene["reader"])
    pages = [_get(client, scene["path"]) for _ in range(4)]
    assert renders.count("forums/thread.html") == 2  # the first renders made the key whole
    assert len({_plain(p) for p in pages}) == 1
    keys = [_tokens(p, "submission_key")[0] for p in pages]
    csrf = [_tokens(p, "csrf_token")[0] for p in pages]
    assert len(set(keys)) == 4  # a stored key would make two replies one
    assert "Pending words." not in pages[-1] and "Quiet Reader" in pages[-1]
    # The token of a served page is good: the reply it carries is accepted.
    answer = client.post(f"{scene['path']}/reply", data={
        "body": "Our view.", "submission_key": keys[-1], "csrf_token": csrf[-1]})
    assert answer.status_code == 302


def _approve(s):
    moderation.approve_post(s["pending"], acting_user=s["moderator"], version=s["pending"].version)


def _rename(user):
    def change(s):
        s[user].name = "Renamed Person"
        db.session.commit()
    return change


CHANGES = {
    "approve": (_approve, "Pending words."),
    "hide": (lambda s: moderation.hide_post(s["first"], acting_user=s["moderator"],
                                            reason="Personal data."), None),
    "edit and approve": (lambda s: moderation.edit_and_approve(
        s["pending"], acting_user=s["moderator"], version=s["pending"].version,
        body="Edited by the moderator."), "Edited by the moderator."),
    "rename the author": (_rename("participant"), "Renamed Person"),
    "rename the reader": (_rename("reader"), "Renamed Person"),
    "lock": (lambda s: moderation.lock_thread(s["thread"], acting_user=s["moderator"],
                                             locked=True), "locked"),
    "new reply approved": (lambda s: moderation.approve_post(
        p := make_reply(s["thread"], s["participant"], body="Later words."),
        acting_user=s["moderator"], version=p.version), "Later words."),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_shows_at_once(scene, app, renders, change):
    client = _signed_in(app, scene["reader"])
    for _ in range(3):
        _get(client, scene["path"])  # warm: the page is in the cache
    apply, visible = CHANGES[change]
    apply(scene)
    db.session.commit()
    served, fresh = _served_and_fresh(client, scene["path"])
    assert served == fresh
    if visible:
        assert visible in served
    else:
        assert "First experience." not in served


def test_marking_read_changes_the_page(scene, app, renders):
    client = _signed_in(app, scene["reader"])
    before = [_get(client, scene["path"]) for _ in range(3)][-1]
    assert 'class="mark-read"' in before
    csrf = _tokens(before, "csrf_token")[0]
    client.post(f"{scene['path']}/read", data={"csrf_token": csrf})
    assert "marked as read" in _get(client, scene["path"])  # the flash: rendered, not kept
    _get(client, scene["path"])
    served, fresh = _served_and_fresh(client, scene["path"])
    assert served == fresh and 'class="mark-read"' not in served


def test_no_reader_gets_another_readers_page(scene, app, renders):
    other = make_user("participant", name="Second Reader")
    db.session.commit()
    first, second = _signed_in(app, scene["reader"]), _signed_in(app, other)
    mine = [_get(first, scene["path"]) for _ in range(3)]
    theirs = [_get(second, scene["path"]) for _ in range(3)]
    assert all("Quiet Reader" in p and "Second Reader" not in p for p in mine)
    assert all("Second Reader" in p and "Quiet Reader" not in p for p in theirs)
    assert not set(_tokens(mine[-1], "csrf_token")) & set(_tokens(theirs[-1], "csrf_token"))
    assert len(usercache._pages) == 2  # one page each


def test_authors_with_pending_posts_and_moderators_are_rendered_each_time(scene, app,
                                                                          renders):
    author = _signed_in(app, scene["participant"])
    pages = [_get(author, scene["path"]) for _ in range(3)]
    assert all("Pending words." in p for p in pages)
    moderator = _signed_in(app, scene["moderator"])
    assert all("Pending words." in _get(moderator, scene["path"]) for _ in range(3))
    assert renders.count("forums/thread.html") == 6 and not usercache._pages
    anonymous = app.test_client()
    assert "Pending words." not in _get(anonymous, scene["path"])


def test_a_participants_page_runs_four_statements(scene, app, renders):
    from bench.measure import statements

    client = _signed_in(app, scene["reader"])
    for _ in range(2):
        _get(client, scene["path"])
    with statements(db.engine) as seen:
        _get(client, scene["path"])
    # The sign-in, the thread with its forum and topic, the page's rows with the total and
    # the reader's read state, and the thread's participants by country (part of the cached
    # page's key, forum/forums/contents.py): nothing per post, nothing while rendering.
    assert seen.count == 4, seen.sql
