"""Serving feeds: conditional GET (ETag, Last-Modified, 304 with no body), public caching
whoever asks, 404 for what is missing or not public, and the alternate links in the heads
of the pages they belong to."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from forum.digest.actions import publish_digest
from forum.extensions import db
from forum.models import User
from forum.moderation import actions as moderation
from tests.feeds.support import fetch, parsed
from tests.helpers import PASSWORD, login, make_reply, make_user, setup_forum
from tests.web.support import fast_password_hashing, set_clock  # noqa: F401 (autouse)

pytestmark = pytest.mark.db


@pytest.fixture
def world(app):
    clock = set_clock(app, datetime(2014, 5, 26, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    post = moderation.approve_post(make_reply(thread, participant), acting_user=moderator,
                                   version=1)
    return {"forum": forum, "moderator": moderator, "participant": participant,
            "thread": thread, "post": post, "clock": clock}


def test_an_unchanged_feed_answers_304_without_a_body(app, client, world):
    path = f"/feeds/forums/{world['forum'].slug}.atom"
    first = fetch(client, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified},
                    {"If-None-Match": etag, "If-Modified-Since": modified}):
        again = fetch(client, path, **headers)
        assert again.status_code == 304, headers
        assert again.get_data() == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Cache-Control"].startswith("public")


def test_a_new_post_or_a_hidden_one_changes_both_validators(app, client, world):
    path = f"/feeds/forums/{world['forum'].slug}.atom"
    first = fetch(client, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    world["clock"].advance(hours=1)
    newer = moderation.approve_post(make_reply(world["thread"], world["participant"]),
                                    acting_user=world["moderator"], version=1)
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        assert fetch(client, path, **headers).status_code == 200
    second = fetch(client, path)
    world["clock"].advance(hours=1)
    moderation.hide_post(newer, acting_user=world["moderator"], reason="Off topic.")
    for headers in ({"If-None-Match": second.headers["ETag"]},
                    {"If-Modified-Since": second.headers["Last-Modified"]}):
        assert fetch(client, path, **headers).status_code == 200
    # The feed's own <updated> is still its newest entry's.
    assert parsed(fetch(client, path)).feed.updated == "2014-05-26T09:00:00+00:00"


def test_feeds_are_publicly_cacheable_for_everyone(app, world):
    path = f"/feeds/threads/{world['thread'].id}.atom"
    anonymous = app.test_client()
    response = fetch(anonymous, path)
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for who in ("participant", "moderator"):
        client = app.test_client()
        login(client, world[who])
        signed_in = fetch(client, path)
        assert "Set-Cookie" not in signed_in.headers
        assert signed_in.headers["Cache-Control"] == "public, max-age=300", who
        assert signed_in.get_data() == response.get_data()


def test_missing_things_are_404s_that_are_never_cached(app, client, world):
    for path in ("/feeds/forums/no-such-forum.atom", "/feeds/topics/987654.atom",
                 "/feeds/threads/987654.atom", "/feeds/digests/no-such-forum.atom",
                 "/feeds/threads/99999999999999999999.atom"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["Cache-Control"] == "private, no-store", path


class _Alternates(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif (tag == "link" and self.in_head and attrs.get("rel") == "alternate"
              and attrs.get("type") == "application/atom+xml"):
            assert attrs.get("title"), attrs
            self.links[attrs["href"]] = attrs["title"]

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def alternates(client, path: str) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Alternates()
    parser.feed(response.get_data(as_text=True))
    return parser.links


def test_pages_announce_their_feeds_in_the_head(app, client, world):
    forum, thread = world["forum"], world["thread"]
    assert "/feeds/site.atom" in alternates(client, "/")
    home = alternates(client, f"/forums/{forum.slug}")
    assert f"/feeds/forums/{forum.slug}.atom" in home
    assert f"/feeds/digests/{forum.slug}.atom" not in home  # nothing published yet
    assert f"/feeds/threads/{thread.id}.atom" in alternates(client, f"/threads/{thread.id}")
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    publish_digest(forum, acting_user=staff)
    assert f"/feeds/digests/{forum.slug}.atom" in alternates(client, f"/forums/{forum.slug}")
    version = alternates(client, f"/digest/{forum.slug}/v/1")
    assert f"/feeds/digests/{forum.slug}.atom" in version
    for href in (*home, *version):  # every announced feed is there
        assert fetch(client, href).status_code == 200, href


def test_staff_still_to_set_up_two_factor_get_the_feed_not_a_redirect(app, world):
    newcomer = make_user("moderator", country="ZA")
    client = app.test_client()
    client.post("/login", data={"email": newcomer.email, "password": PASSWORD})
    assert client.get(f"/forums/{world['forum'].slug}").status_code == 302  # to the setup
    response = fetch(client, f"/feeds/forums/{world['forum'].slug}.atom")
    assert response.status_code == 200
    assert response.get_data() == fetch(app.test_client(),
                                         f"/feeds/forums/{world['forum'].slug}.atom").get_data()
