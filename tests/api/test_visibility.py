"""Nothing pending leaks: only approved posts are public; an author sees their own pending
and rejected posts; moderators see the queue; the participation figures count approved
posts only (CONTRACTS.md, Posts and Counting)."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.forums.queries import participation
from forum.models import Post
from forum.moderation import actions as moderation
from tests.api.support import assert_error, assert_list
from tests.helpers import make_forum, make_reply


def _post_ids(api, thread_id: int, as_: str | None = None) -> list[int]:
    response = api.get(f"/threads/{thread_id}/posts", as_=as_)
    assert response.status_code == 200
    return [p["id"] for p in assert_list(response.get_json())]


@pytest.fixture
def posts(world):
    """A pending and a rejected reply by the participant, and an approved one by `other`."""
    pending = make_reply(world.thread, world.participant, "Still waiting")
    rejected = make_reply(world.thread, world.participant, "Off-topic")
    moderation.reject_post(rejected, acting_user=world.moderator, reason="Off-topic.")
    approved = make_reply(world.thread, world.other, "Published")
    moderation.approve_post(approved, acting_user=world.moderator, version=approved.version)
    return {"pending": pending.id, "rejected": rejected.id, "approved": approved.id,
            "opening": world.opening().id}


@pytest.mark.parametrize("who", [None, "other", "outsider"])
def test_others_never_see_pending_or_rejected_posts(api, world, posts, who):
    assert _post_ids(api, world.thread.id, who) == [posts["opening"], posts["approved"]]
    body = api.get(f"/threads/{world.thread.id}/posts", as_=who).get_json()
    assert body["total"] == 2
    for name in ("pending", "rejected"):
        assert_error(api.get(f"/posts/{posts[name]}", as_=who), 404, "not_found")
    assert api.get(f"/posts/{posts['approved']}", as_=who).status_code == 200


def test_a_hidden_post_leaves_the_public_record(api, world, posts):
    moderation.hide_post(db.session.get(Post, posts["approved"]), acting_user=world.moderator,
                         reason="Personal data.")
    assert _post_ids(api, world.thread.id) == [posts["opening"]]
    assert_error(api.get(f"/posts/{posts['approved']}", as_="participant"), 404)
    assert api.get(f"/posts/{posts['approved']}", as_="other").get_json()["status"] == "hidden"
    assert api.get(f"/posts/{posts['approved']}",
                   as_="moderator").get_json()["status"] == "hidden"


def test_the_author_sees_their_own_pending_and_rejected_posts(api, world, posts):
    items = api.get(f"/threads/{world.thread.id}/posts", as_="participant").get_json()["items"]
    assert [(p["id"], p["status"], p["number"]) for p in items] == [
        (posts["opening"], "approved", world.opening().number),
        (posts["pending"], "pending", None),
        (posts["rejected"], "rejected", None),
        (posts["approved"], "approved", world.opening().number + 1),
    ]
    own = api.get(f"/posts/{posts['pending']}", as_="participant").get_json()
    assert own["status"] == "pending" and own["number"] is None
    assert own["body"] == "Still waiting"
    assert "tags" not in own  # moderation details are for moderators


def test_moderators_see_pending_and_rejected_posts_in_the_thread(api, world, posts):
    # One policy (forum/visibility.py): what a moderator may open, the thread lists.
    ids = _post_ids(api, world.thread.id, "moderator")
    assert ids == [posts["opening"], posts["pending"], posts["rejected"], posts["approved"]]
    assert api.get(f"/posts/{posts['rejected']}", as_="moderator").status_code == 200


def test_the_queue_holds_only_pending_posts(api, world, posts):
    items = api.get(f"/forums/{world.forum.slug}/queue", as_="moderator").get_json()["items"]
    assert [p["id"] for p in items] == [posts["pending"]]


def test_a_thread_with_only_a_pending_opening_is_invisible(api, world):
    forum = make_forum(slug="open-floor", participants_may_open_threads=True)
    response = api.post(f"/forums/{forum.slug}/threads", {"title": "Secret", "body": "Hidden"},
                        as_="participant")
    thread_id = response.get_json()["id"]
    for who in (None, "other", "outsider"):
        assert api.get(f"/forums/{forum.slug}/threads", as_=who).get_json()["total"] == 0
        assert_error(api.get(f"/threads/{thread_id}/posts", as_=who), 404)
    # Replying would reveal the thread (its title comes back with the reply): it is not there.
    assert_error(api.post(f"/threads/{thread_id}/posts", {"body": "hi"}, as_="other"), 404)
    assert_error(api.post(f"/threads/{thread_id}/posts", {"body": "hi"}), 401)
    own = api.get(f"/forums/{forum.slug}/threads", as_="participant").get_json()
    assert [t["id"] for t in own["items"]] == [thread_id]
    assert api.get(f"/forums/{forum.slug}/threads", as_="secretariat").get_json()["total"] == 1


def test_numbers_are_given_only_on_approval(api, world):
    first = make_reply(world.thread, world.participant, "first")
    second = make_reply(world.thread, world.other, "second")
    approved = api.post(f"/posts/{second.id}/approve", as_="moderator").get_json()
    assert approved["number"] == world.opening().number + 1
    assert api.get(f"/posts/{first.id}", as_="participant").get_json()["number"] is None
    later = api.post(f"/posts/{first.id}/approve", as_="moderator").get_json()
    assert later["number"] == approved["number"] + 1


def _figures(client, slug: str) -> str:
    page = client.get(f"/forums/{slug}").get_data(as_text=True)
    start = page.index("<dt>Participation</dt>")
    return page[start:page.index("</dd>", start)]


def test_participation_figures_ignore_pending_posts(app, client, api, world):
    assert participation(world.forum.id).messages == 1
    assert "1 message from 1 participant:" in _figures(client, world.forum.slug)
    api.post(f"/threads/{world.thread.id}/posts", {"body": "Waiting"}, as_="participant")
    rejected = make_reply(world.thread, world.other, "Rejected")
    moderation.reject_post(rejected, acting_user=world.moderator, reason="Off-topic.")
    figures = participation(world.forum.id)
    assert (figures.messages, figures.participants) == (1, 1)
    assert "1 message from 1 participant:" in _figures(client, world.forum.slug)
    assert "1 message from 1 participant:" in _figures(app.test_client(), world.forum.slug)
    pending_id = api.get(f"/forums/{world.forum.slug}/queue",
                         as_="moderator").get_json()["items"][0]["id"]
    api.post(f"/posts/{pending_id}/approve", as_="moderator")
    figures = participation(world.forum.id)
    assert (figures.messages, figures.participants, figures.parties) == (2, 2, 2)
    assert "2 messages from 2 participants" in _figures(client, world.forum.slug)
