"""Every API route, called by the role it is for and from the wrong side: no token is a
401, a token without the right is a 403, something the caller may not know exists is a
404 (CONTRACTS.md, JSON API and the permission table)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.clock import system_now
from tests.api.support import assert_error, assert_list
from tests.helpers import make_forum, make_reply, make_user, token_for

WINDOW = {"opens_at": "2030-05-26T00:00:00Z", "closes_at": "2030-06-14T00:00:00Z"}


# --- forums -------------------------------------------------------------------------


def test_anyone_lists_forums(api, world):
    response = api.get("/forums")
    assert response.status_code == 200
    items = assert_list(response.get_json())
    slugs = {item["slug"] for item in items}
    assert {world.forum.slug, world.other_forum.slug} <= slugs
    assert response.get_json()["total"] == 2
    first = next(item for item in items if item["slug"] == world.forum.slug)
    assert first["id"] == world.forum.id and first["status"] == "open"


def test_forum_list_pages(api, world):
    for n in range(3):
        make_forum(slug=f"extra-{n}")
    everything = assert_list(api.get("/forums?per_page=200").get_json(), per_page=200)
    assert len(everything) == 5
    body = api.get("/forums?page=2&per_page=2").get_json()
    assert assert_list(body, page=2, per_page=2) == everything[2:4] and body["total"] == 5
    beyond = api.get("/forums?page=9&per_page=2").get_json()
    assert beyond["items"] == [] and beyond["total"] == 5


def test_per_page_is_capped_at_200(api, world):
    assert api.get("/forums?per_page=200").status_code == 200
    assert_error(api.get("/forums?per_page=201"), 400)


def test_secretariat_creates_a_forum(api, world):
    response = api.post("/forums", {"slug": "bsforum2030", "title": "Online forum 2030",
                                    **WINDOW, "posting": "accredited"}, as_="secretariat")
    assert response.status_code == 201, response.data
    body = response.get_json()
    assert isinstance(body["id"], int) and body["slug"] == "bsforum2030"
    assert body["posting"] == "accredited" and body["status"] == "upcoming"
    assert response.headers["Location"].endswith("/api/v1/forums/bsforum2030")
    assert api.get("/forums/bsforum2030").get_json()["id"] == body["id"]


def test_forum_slugs_are_unique(api, world):
    response = api.post("/forums", {"slug": world.forum.slug, "title": "Again", **WINDOW},
                        as_="secretariat")
    assert_error(response, 409, field="slug")


@pytest.mark.parametrize("who", ["participant", "moderator"])
def test_only_the_secretariat_creates_forums(api, world, who):
    assert_error(api.post("/forums", {"slug": "nope", "title": "No", **WINDOW}), 401)
    assert_error(api.post("/forums", {"slug": "nope", "title": "No", **WINDOW}, as_=who), 403)
    assert api.get("/forums/nope").status_code == 404


def test_anyone_reads_a_forum(api, world):
    response = api.get(f"/forums/{world.forum.slug}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == world.forum.id and body["slug"] == world.forum.slug
    assert [t["title"] for t in body["topics"]] == ["Topic 1"]
    assert [m["name"] for m in body["moderators"]] == [world.moderator.name]


def test_unknown_forum_is_404(api, world):
    assert_error(api.get("/forums/no-such-forum"), 404, "not_found")
    assert_error(api.get("/forums/no-such-forum/threads"), 404)
    assert_error(api.post("/forums/no-such-forum/threads", {"title": "t", "body": "b"},
                          as_="secretariat"), 404)
    assert_error(api.get("/forums/no-such-forum/queue", as_="secretariat"), 404)
    for what, body in (("moderators", {"email": world.other.email}),
                       ("participants", {"email": world.other.email}),
                       ("topics", {"title": "A topic"})):
        assert_error(api.post(f"/forums/no-such-forum/{what}", body, as_="secretariat"), 404)


# --- moderators, accreditation, topics --------------------------------------------------


def test_secretariat_assigns_a_moderator(api, world):
    slug = world.forum.slug
    assert_error(api.get(f"/forums/{slug}/queue", as_="outsider"), 403)
    response = api.post(f"/forums/{slug}/moderators", {"email": world.outsider.email},
                        as_="secretariat")
    assert response.status_code == 201
    assert response.get_json()["id"] == world.outsider.id
    assert api.get(f"/forums/{slug}/queue", as_="outsider").status_code == 200
    names = [m["name"] for m in api.get(f"/forums/{slug}").get_json()["moderators"]]
    assert world.outsider.name in names


@pytest.mark.parametrize("what", ["moderators", "participants"])
def test_only_the_secretariat_assigns_and_accredits(api, world, what):
    path = f"/forums/{world.forum.slug}/{what}"
    body = {"email": world.other.email}
    assert_error(api.post(path, body), 401)
    for who in ("participant", "moderator", "outsider"):
        assert_error(api.post(path, body, as_=who), 403)


@pytest.mark.parametrize("what", ["moderators", "participants"])
def test_assigning_an_unknown_address_names_the_field(api, world, what):
    response = api.post(f"/forums/{world.forum.slug}/{what}", {"email": "nobody@example.org"},
                        as_="secretariat")
    assert_error(response, 422, field="email")


def test_accreditation_lets_a_participant_post(app, api, world):
    forum = make_forum(slug="accredited-only", posting="accredited")
    thread_id = api.post(f"/forums/{forum.slug}/threads", {"title": "Q", "body": "Share."},
                         as_="secretariat").get_json()["id"]
    reply = {"body": "From Malaysia"}
    assert_error(api.post(f"/threads/{thread_id}/posts", reply, as_="participant"), 403)
    response = api.post(f"/forums/{forum.slug}/participants",
                        {"email": world.participant.email}, as_="secretariat")
    assert response.status_code == 201 and response.get_json()["id"] == world.participant.id
    again = api.post(f"/forums/{forum.slug}/participants", {"email": world.participant.email},
                     as_="secretariat")
    assert again.status_code == 201  # accrediting twice changes nothing
    posted = api.post(f"/threads/{thread_id}/posts", reply, as_="participant")
    assert posted.status_code == 201 and posted.get_json()["status"] == "pending"


@pytest.mark.parametrize("who", ["secretariat", "moderator"])
def test_secretariat_and_the_forums_moderators_add_topics(api, world, who):
    response = api.post(f"/forums/{world.forum.slug}/topics",
                        {"title": "Capacity-building", "description": "Needs and gaps"},
                        as_=who)
    assert response.status_code == 201, response.data
    body = response.get_json()
    assert isinstance(body["id"], int) and body["title"] == "Capacity-building"
    titles = [t["title"] for t in api.get(f"/forums/{world.forum.slug}").get_json()["topics"]]
    assert titles == ["Topic 1", "Capacity-building"]


def test_others_may_not_add_topics(api, world):
    path = f"/forums/{world.forum.slug}/topics"
    assert_error(api.post(path, {"title": "T"}), 401)
    assert_error(api.post(path, {"title": "T"}, as_="participant"), 403)
    assert_error(api.post(path, {"title": "T"}, as_="outsider"), 403)


# --- threads --------------------------------------------------------------------------


def test_anyone_lists_threads(api, world):
    response = api.get(f"/forums/{world.forum.slug}/threads")
    assert response.status_code == 200
    items = assert_list(response.get_json())
    assert [(t["id"], t["title"]) for t in items] == [(world.thread.id, "Guiding questions")]
    assert items[0]["questions"] == ["What worked?", "What did not?"]
    assert assert_list(api.get(f"/forums/{world.other_forum.slug}/threads").get_json()) == []


@pytest.mark.parametrize("who", ["moderator", "secretariat"])
def test_moderators_open_threads(api, world, who):
    topic_id = world.forum.topics[0].id
    response = api.post(f"/forums/{world.forum.slug}/threads",
                        {"title": "Risk assessment", "body": "Please share experiences.",
                         "topic_id": topic_id, "questions": ["What worked?"]}, as_=who)
    assert response.status_code == 201, response.data
    body = response.get_json()
    assert isinstance(body["id"], int) and body["topic_id"] == topic_id
    posts = api.get(f"/threads/{body['id']}/posts").get_json()["items"]
    assert [(p["kind"], p["status"]) for p in posts] == [("opening", "approved")]
    assert isinstance(posts[0]["number"], int)


def test_who_may_not_open_threads(api, world):
    path = f"/forums/{world.forum.slug}/threads"
    data = {"title": "Mine", "body": "My question"}
    assert_error(api.post(path, data), 401)
    assert_error(api.post(path, data, as_="participant"), 403)
    assert_error(api.post(path, data, as_="outsider"), 403)


def test_a_topic_of_another_forum_is_refused(api, world):
    response = api.post(f"/forums/{world.forum.slug}/threads",
                        {"title": "T", "body": "B", "topic_id": world.other_forum.topics[0].id},
                        as_="moderator")
    assert_error(response, 422, field="topic_id")


def test_participant_opens_a_pending_thread_where_allowed(api, world):
    forum = make_forum(slug="open-floor", participants_may_open_threads=True)
    response = api.post(f"/forums/{forum.slug}/threads", {"title": "Mine", "body": "Question"},
                        as_="participant")
    assert response.status_code == 201
    thread_id = response.get_json()["id"]
    own = api.get(f"/threads/{thread_id}/posts", as_="participant").get_json()["items"]
    assert [(p["status"], p["number"]) for p in own] == [("pending", None)]
    assert_error(api.get(f"/threads/{thread_id}/posts"), 404)
    assert api.get(f"/forums/{forum.slug}/threads").get_json()["items"] == []


# --- posts ----------------------------------------------------------------------------


def test_anyone_reads_a_threads_posts(api, world):
    response = api.get(f"/threads/{world.thread.id}/posts")
    assert response.status_code == 200
    items = assert_list(response.get_json())
    assert len(items) == 1
    post = items[0]
    assert post["id"] == world.opening().id and post["status"] == "approved"
    assert isinstance(post["number"], int) and post["author"]["name"] == world.moderator.name


def test_unknown_thread_is_404(api, world):
    assert_error(api.get("/threads/999999/posts"), 404)
    assert_error(api.post("/threads/999999/posts", {"body": "x"}, as_="participant"), 404)


def test_participant_reply_is_pending(api, world):
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": "In Malaysia we ..."},
                        as_="participant")
    assert response.status_code == 201
    body = response.get_json()
    assert isinstance(body["id"], int)
    assert body["status"] == "pending" and body["number"] is None
    assert body["kind"] == "reply" and body["version"] == 1


@pytest.mark.parametrize("who", ["moderator", "secretariat"])
def test_moderator_reply_is_approved_and_numbered(api, world, who):
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": "Thank you all."},
                        as_=who)
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "approved" and body["number"] == world.opening().number + 1


def test_reply_needs_a_token(api, world):
    assert_error(api.post(f"/threads/{world.thread.id}/posts", {"body": "hi"}), 401)


def test_nobody_but_moderators_replies_after_closing(app, api, world):
    app.config["CLOCK"] = lambda: system_now() + timedelta(days=30)
    assert_error(api.post(f"/threads/{world.thread.id}/posts", {"body": "Late"},
                          as_="participant"), 409)
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": "Closing"},
                        as_="moderator")
    assert response.status_code == 201


def test_an_unconfirmed_user_may_not_reply(api, world):
    headers = token_for(make_user("participant", confirmed=False))
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": "hi"}, headers=headers)
    assert_error(response, 403)


def test_get_post(api, world):
    opening = world.opening()
    response = api.get(f"/posts/{opening.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == opening.id and body["number"] == opening.number
    assert body["status"] == "approved" and "tags" not in body
    assert "tags" in api.get(f"/posts/{opening.id}", as_="moderator").get_json()
    assert_error(api.get("/posts/999999"), 404, "not_found")


# --- moderation -----------------------------------------------------------------------


def test_moderator_sees_the_queue(api, world):
    pending = make_reply(world.thread, world.participant, "Awaiting")
    for who in ("moderator", "secretariat"):
        response = api.get(f"/forums/{world.forum.slug}/queue", as_=who)
        assert response.status_code == 200
        items = assert_list(response.get_json())
        assert [(p["id"], p["status"], p["number"]) for p in items] == [
            (pending.id, "pending", None)]
    other_queue = api.get(f"/forums/{world.other_forum.slug}/queue", as_="outsider")
    assert other_queue.status_code == 200 and other_queue.get_json()["items"] == []


def test_the_queue_is_for_the_forums_moderators(api, world):
    path = f"/forums/{world.forum.slug}/queue"
    assert_error(api.get(path), 401)
    assert_error(api.get(path, as_="participant"), 403)
    assert_error(api.get(path, as_="outsider"), 403)


def test_queue_pages(api, world):
    for n in range(3):
        make_reply(world.thread, world.participant, f"reply {n}")
    body = api.get(f"/forums/{world.forum.slug}/queue?page=2&per_page=2",
                   as_="moderator").get_json()
    assert len(assert_list(body, page=2, per_page=2)) == 1 and body["total"] == 3
    assert_error(api.get(f"/forums/{world.forum.slug}/queue?per_page=0", as_="moderator"),
                 400)


@pytest.mark.parametrize("who", ["moderator", "secretariat"])
def test_moderator_approves(api, world, who):
    pending = make_reply(world.thread, world.participant, "Approve me")
    response = api.post(f"/posts/{pending.id}/approve", {"version": 1}, as_=who)
    assert response.status_code == 200, response.data
    body = response.get_json()
    assert body["id"] == pending.id and body["status"] == "approved"
    assert body["number"] == world.opening().number + 1
    assert api.get(f"/posts/{pending.id}").get_json()["status"] == "approved"


def test_approve_without_a_body_approves_the_current_version(api, world):
    pending = make_reply(world.thread, world.participant, "Approve me")
    response = api.post(f"/posts/{pending.id}/approve", as_="moderator")
    assert response.status_code == 200 and response.get_json()["status"] == "approved"


@pytest.mark.parametrize("action,body", [("approve", {"version": 1}),
                                         ("reject", {"reason": "Off-topic."})])
def test_only_the_forums_moderators_decide(api, world, action, body):
    pending = make_reply(world.thread, world.participant, "Decide on me")
    path = f"/posts/{pending.id}/{action}"
    assert_error(api.post(path, body), 401)
    assert_error(api.post(path, body, as_="participant"), 403)  # the author: sees, may not
    assert_error(api.post(path, body, as_="other"), 404)  # may not know it exists
    assert_error(api.post(path, body, as_="outsider"), 404)
    assert_error(api.post(f"/posts/{world.opening().id}/{action}", body, as_="other"), 403)
    assert_error(api.post(f"/posts/{world.opening().id}/{action}", body, as_="outsider"), 403)
    assert_error(api.post(f"/posts/999999/{action}", body, as_="moderator"), 404)
    assert api.get(f"/posts/{pending.id}", as_="participant").get_json()["status"] == "pending"


def test_moderator_rejects_with_a_reason(api, world):
    pending = make_reply(world.thread, world.participant, "Buy our seeds!")
    response = api.post(f"/posts/{pending.id}/reject",
                        {"reason": "Commercial promotion or advertising."}, as_="moderator")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "rejected" and body["number"] is None
    assert body["reason"] == "Commercial promotion or advertising."
    seen = api.get(f"/posts/{pending.id}", as_="participant").get_json()
    assert seen["status"] == "rejected" and seen["reason"] == body["reason"]
