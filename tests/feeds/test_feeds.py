"""What a feed holds (docs/feeds.md): approved public posts, newest first, each with its
public number, byline, sanitized body, stable tag id and absolute link; the digest feed's
published versions; the RFC 4287 elements readers rely on; the same bytes from the same
database."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from forum.digest.actions import publish_digest
from forum.extensions import db
from forum.models import User
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.feeds.support import check_required_elements, entry_ids, fetch, parsed, tree
from tests.helpers import make_forum, make_reply, make_thread, make_user, setup_forum
from tests.web.support import fast_password_hashing, set_clock  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

APPROVED = "In our country the biosafety law names the competent authority."


@pytest.fixture
def world(app):
    set_clock(app, datetime(2014, 5, 26, 9, 0))
    forum, moderator, participant, thread = setup_forum()
    post = moderation.approve_post(make_reply(thread, participant, APPROVED),
                                   acting_user=moderator, version=1)
    return {"forum": forum, "moderator": moderator, "participant": participant,
            "thread": thread, "post": post, "topic": forum.topics[0]}


def feed_paths(w) -> dict[str, str]:
    return {"site": "/feeds/site.atom", "forum": f"/feeds/forums/{w['forum'].slug}.atom",
            "topic": f"/feeds/topics/{w['topic'].id}.atom",
            "thread": f"/feeds/threads/{w['thread'].id}.atom",
            "digests": f"/feeds/digests/{w['forum'].slug}.atom"}


def test_every_feed_parses_and_carries_the_required_elements(app, client, world):
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    publish_digest(world["forum"], acting_user=staff)
    for name, path in feed_paths(world).items():
        response = fetch(client, path)
        assert response.status_code == 200, path
        feed = parsed(response)
        assert feed.feed.id.startswith("tag:forum.test,2014:"), name
        assert feed.feed.title and feed.feed.updated, name
        assert len(feed.entries) >= 1, name
        check_required_elements(tree(response))


def test_a_post_entry_reads_like_the_page(app, client, world):
    post = world["post"]
    feed = parsed(fetch(client, f"/feeds/threads/{world['thread'].id}.atom"))
    entry = next(e for e in feed.entries if e.id == f"tag:forum.test,2014:post-{post.number}")
    assert entry.title == f"[#{post.number}] {post.subject}"
    assert entry.title.startswith(f"[#{post.number}] RE: ")
    assert entry.author == ("Mr. Ramatha Letchumanan, Ministry of Natural Resources "
                            "& Environment")
    assert entry.link == f"http://forum.test/posts/{post.id}"
    assert entry.published == "2014-05-26T09:00:00+00:00"
    assert entry.updated == "2014-05-26T09:00:00+00:00"
    raw = tree(fetch(client, f"/feeds/threads/{world['thread'].id}.atom"))
    contents = [c.text for c in raw.iter("{http://www.w3.org/2005/Atom}content")]
    assert post.body_html in contents


def test_an_author_without_an_organization_is_shown_with_their_country(app, client, world):
    moldova = make_user(country="MD", organization="", name="Angela Lozan")
    post = moderation.approve_post(make_reply(world["thread"], moldova),
                                   acting_user=world["moderator"], version=1)
    feed = parsed(fetch(client, f"/feeds/forums/{world['forum'].slug}.atom"))
    entry = next(e for e in feed.entries if e.id.endswith(f":post-{post.number}"))
    assert entry.author == "Ms. Angela Lozan, the Republic of Moldova"


def test_an_opening_carries_its_guiding_questions(app, client, world):
    feed = parsed(fetch(client, f"/feeds/threads/{world['thread'].id}.atom"))
    opening = feed.entries[-1]
    assert "What worked?" in opening.content[0].value
    assert "What did not?" in opening.content[0].value


def test_feeds_are_newest_first_and_hold_the_newest_fifty(app, client, world):
    for n in range(52):
        make_reply(world["thread"], world["moderator"], f"Moderator note {n}.")
    feed = parsed(fetch(client, "/feeds/site.atom"))
    numbers = [int(i.rsplit("-", 1)[1]) for i in entry_ids(feed)]
    assert len(numbers) == 50
    assert numbers == sorted(numbers, reverse=True)
    assert feed.feed.updated == feed.entries[0].updated


def test_entry_ids_survive_edit_hide_and_restore(app, client, world):
    thread, participant, moderator = world["thread"], world["participant"], world["moderator"]
    post = make_reply(thread, participant, "First words.")
    writing.edit_own_post(post, author=participant, body="Better words.", version=1)
    post = moderation.edit_and_approve(post, acting_user=moderator, version=2,
                                       body="Best words.")
    expected = f"tag:forum.test,2014:post-{post.number}"
    path = f"/feeds/forums/{world['forum'].slug}.atom"
    assert expected in entry_ids(parsed(fetch(client, path)))
    moderation.hide_post(post, acting_user=moderator, reason="Off topic.")
    assert expected not in entry_ids(parsed(fetch(client, path)))
    moderation.restore_post(post, acting_user=moderator)
    assert expected in entry_ids(parsed(fetch(client, path)))


def test_the_same_database_gives_the_same_bytes_whatever_the_time(app, client, world):
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    publish_digest(world["forum"], acting_user=staff)
    first = {p: fetch(client, p).get_data() for p in feed_paths(world).values()}
    set_clock(app, datetime(2031, 1, 1))
    again = {p: fetch(client, p).get_data() for p in feed_paths(world).values()}
    assert first == again


def test_an_empty_feed_is_dated_by_the_forums_creation(app, client):
    set_clock(app, datetime(2014, 5, 20, 8, 0))
    moderator, participant = make_user("moderator"), make_user()
    forum = make_forum(moderators=[moderator], topics=2)
    thread = make_thread(forum, moderator)
    set_clock(app, datetime(2014, 5, 23))
    make_reply(thread, participant, "Pending only.")  # not public: no entry
    digests = parsed(fetch(client, f"/feeds/digests/{forum.slug}.atom"))
    assert digests.entries == [] and digests.feed.updated == "2014-05-20T08:00:00+00:00"
    topic = parsed(fetch(client, f"/feeds/topics/{forum.topics[1].id}.atom"))
    assert topic.entries == [] and topic.feed.updated == "2014-05-20T08:00:00+00:00"


def test_the_digest_feed_lists_published_versions_with_a_short_summary(app, client, world):
    staff = db.session.scalar(select(User).filter_by(role="secretariat"))
    forum = world["forum"]
    set_clock(app, datetime(2014, 6, 20, 12, 0))
    first = publish_digest(forum, acting_user=staff)
    set_clock(app, datetime(2014, 6, 21, 12, 0))
    second = publish_digest(forum, acting_user=staff)
    response = fetch(client, f"/feeds/digests/{forum.slug}.atom")
    feed = parsed(response)
    assert [e.title for e in feed.entries] == [
        f"{forum.title}: synthesis digest, version 2",
        f"{forum.title}: synthesis digest, version 1"]
    latest = feed.entries[0]
    assert latest.id == f"tag:forum.test,2014:forum-{forum.slug}/digest-2"
    assert latest.link == f"http://forum.test/digest/{forum.slug}/v/2"
    assert latest.updated == "2014-06-21T12:00:00+00:00"
    assert feed.feed.updated == latest.updated
    assert feed.feed.author == "Secretariat"
    summary = latest.content[0].value
    assert "Version 2 of the synthesis digest" in summary
    assert APPROVED not in summary  # a summary, not the report
    assert len(summary) < len(second.html) and first.number == 1


def test_ids_can_keep_an_old_host_when_the_site_moves(app, client, world):
    path = f"/feeds/threads/{world['thread'].id}.atom"
    app.config["PUBLIC_URL"] = "https://new.example.org"
    moved = parsed(fetch(client, path))
    assert moved.entries[0].id.startswith("tag:new.example.org,2014:post-")
    assert moved.entries[0].link.startswith("https://new.example.org/posts/")
    app.config["FEED_TAG_AUTHORITY"] = "forum.test"
    kept = parsed(fetch(client, path))
    assert kept.entries[0].id == f"tag:forum.test,2014:post-{world['post'].number}"
    assert kept.feed.id == moved.feed.id.replace("new.example.org", "forum.test")
