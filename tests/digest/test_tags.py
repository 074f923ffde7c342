"""Suggested tags page: moderators see suggestions and confirm them one by one."""

from __future__ import annotations

from forum.extensions import db
from forum.moderation.actions import approve_post
from tests.helpers import login, make_reply, make_user, setup_forum


def _outlined(forum):
    forum.digest_settings = {"outline": [
        {"key": "water", "title": "Water planning", "topics": [forum.topics[0].key],
         "subsections": [
             {"key": "obstacles", "title": "Obstacles", "tags": ["obstacles"],
              "description": "shortage of funding, staff turnover, weak coordination"},
             {"key": "gains", "title": "Gains", "tags": ["gains"],
              "description": "visibility, investment, cooperation with donors"}]}]}
    db.session.commit()


def test_a_moderator_confirms_a_suggested_tag(app):
    forum, moderator, participant, thread = setup_forum()
    _outlined(forum)
    post = make_reply(thread, participant, "Our problem is the shortage of funding and the "
                                           "staff turnover, so coordination stays weak.")
    approve_post(post, acting_user=moderator, version=1)
    pending = make_reply(thread, participant, "PENDINGWORD: funding shortage and staff "
                                              "turnover.")
    client = app.test_client()
    login(client, moderator)
    page = client.get(f"/digest/{forum.slug}/tags")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "I.A: Obstacles" in text
    assert f'id="suggest-{post.id}"' in text and "PENDINGWORD" not in text
    done = client.post(f"/digest/{forum.slug}/tags", data={"post": post.id, "tag": "obstacles"})
    assert done.status_code == 302
    db.session.refresh(post)
    assert [t.name for t in post.tags] == ["obstacles"]
    after = client.get(f"/digest/{forum.slug}/tags").get_data(as_text=True)
    assert f'id="suggest-{post.id}"' not in after and "is tagged “obstacles”" in after
    # A post that is not approved, or of another forum, cannot be tagged from here.
    assert client.post(f"/digest/{forum.slug}/tags",
                       data={"post": pending.id, "tag": "obstacles"}).status_code == 404
    assert client.post(f"/digest/{forum.slug}/tags",
                       data={"post": 2**40, "tag": "obstacles"}).status_code == 404
    assert client.post(f"/digest/{forum.slug}/tags", data={"tag": "x"}).status_code == 400


def test_only_the_forums_moderators_and_the_secretariat_see_suggestions(app):
    forum, moderator, participant, thread = setup_forum()
    client = app.test_client()
    assert client.get(f"/digest/{forum.slug}/tags").status_code == 302  # to sign in
    login(client, participant)
    assert client.get(f"/digest/{forum.slug}/tags").status_code == 403
    assert client.post(f"/digest/{forum.slug}/tags",
                       data={"post": 1, "tag": "x"}).status_code == 403
    other = app.test_client()
    login(other, make_user("moderator", country="GD"))  # moderates no forum here
    assert other.get(f"/digest/{forum.slug}/tags").status_code == 403
    assert other.get("/digest/no-such-forum/tags").status_code in (403, 404)
