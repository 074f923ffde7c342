"""Authorization bypass by parameter type confusion (SECURITY-THREATS.md row 7): ids sent as
lists, padded or fractional strings, negatives, zero, 2**63, "1;2" or {"$gt": 0}, in paths,
query strings and JSON bodies, get 400, 404 or 422 -- never a 200 with another object's
data, and nothing changes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Thread
from tests.api.support import assert_error
from tests.helpers import login, make_reply

CONFUSED = [[1, 2], "1 ", " 1", 1.0, -1, 0, 2**63, 2**64, "1;2", {"$gt": 0}, "1", True, None,
            "0x1", [1], {"id": 1}]
CONFUSED_IDS = [repr(v)[:20] for v in CONFUSED]
IN_PATH = ["1%20", "%201", "1.0", "-1", "0", str(2**63), str(2**64), "1;2", "1,2", "[1,2]",
           "%7B%22%24gt%22%3A0%7D", "1%00", "0x1", "１"]  # the last is a fullwidth digit


@pytest.fixture
def pending(world) -> Post:
    """A post only its author and the forum's moderators may see."""
    return make_reply(world.thread, world.participant, "Only for the moderators' eyes")


def _count_posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


@pytest.mark.parametrize("ident", IN_PATH)
@pytest.mark.parametrize("template", ["/posts/{}", "/threads/{}/posts"])
def test_a_confused_id_in_a_path_names_nothing(api, world, pending, template, ident):
    for who in ("other", "participant", "secretariat", None):
        response = api.get(template.format(ident), as_=who)
        assert response.status_code in (400, 404), (template, ident, who,
                                                    response.status_code)


@pytest.mark.parametrize("ident", IN_PATH)
def test_a_confused_id_cannot_approve_or_reject(api, world, pending, ident):
    for action, body in (("approve", {"version": 1}), ("reject", {"reason": "No."})):
        response = api.post(f"/posts/{ident}/{action}", body, as_="moderator")
        assert response.status_code in (400, 404), (ident, action, response.status_code)
    assert db.session.get(Post, pending.id).state == "pending"


@pytest.mark.parametrize("query", [
    "id[]=1&id[]=2", "id=1", "page[]=1&page[]=2", "page=1&page=2", "page=1.0", "page=1%20",
    "page=%201", "page=-1", "page=0", f"page={2**63}", "page=1;2", "page[$gt]=0",
    "page=%7B%22%24gt%22%3A0%7D", "per_page[]=200", "per_page=1e2", "page=0x1",
])
@pytest.mark.parametrize("template", ["/forums", "/forums/{slug}/threads",
                                      "/threads/{thread}/posts", "/forums/{slug}/queue",
                                      "/posts/{pending}"])
def test_a_confused_query_parameter_is_a_400(api, world, pending, template, query):
    path = template.format(slug=world.forum.slug, thread=world.thread.id, pending=pending.id)
    response = api.get(f"{path}?{query}", as_="moderator")
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("value", CONFUSED, ids=CONFUSED_IDS)
def test_a_confused_topic_id_never_opens_a_thread_elsewhere(api, world, value):
    before = db.session.scalar(select(func.count()).select_from(Thread))
    data = {"title": "T", "body": "B", "topic_id": value}
    response = api.post(f"/forums/{world.forum.slug}/threads", data, as_="moderator")
    if value is None:  # null is documented as "no topic"
        assert response.status_code == 201
        assert response.get_json()["topic_id"] is None
        return
    assert_error(response, 422, "validation_error", "topic_id")
    assert db.session.scalar(select(func.count()).select_from(Thread)) == before


@pytest.mark.parametrize("value", CONFUSED, ids=CONFUSED_IDS)
def test_a_confused_version_never_approves(api, world, pending, value):
    response = api.post(f"/posts/{pending.id}/approve", {"version": value}, as_="moderator")
    assert response.status_code in (400, 409, 422), (value, response.status_code)
    assert response.status_code != 200
    assert db.session.get(Post, pending.id).state == "pending"


@pytest.mark.parametrize("value", CONFUSED, ids=CONFUSED_IDS)
@pytest.mark.parametrize("route", ["moderators", "participants"])
def test_a_confused_email_never_names_a_person(api, world, route, value):
    response = api.post(f"/forums/{world.forum.slug}/{route}", {"email": value},
                        as_="secretariat")
    assert_error(response, 422, "validation_error", "email")


@pytest.mark.parametrize("body", [[1, 2], [{"body": "x"}], '"x"', 1, None])
def test_a_body_that_is_a_list_or_scalar_is_a_400(api, world, body):
    response = api.post(f"/threads/{world.thread.id}/posts", as_="participant",
                        data=json.dumps(body), content_type="application/json")
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("extra", [{"id": 1}, {"author_id": 1}, {"status": "approved"},
                                   {"state": "approved"}, {"thread_id": 1}, {"number": 1}])
def test_extra_fields_are_refused_not_assigned(api, world, extra):
    before = _count_posts()
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": "B", **extra},
                        as_="participant")
    assert_error(response, 422, "validation_error", next(iter(extra)))
    assert _count_posts() == before


# The pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ident", IN_PATH)
@pytest.mark.parametrize("template", ["/posts/{}", "/threads/{}", "/n/{}",
                                      "/moderation/posts/{}/edit"])
def test_a_confused_id_in_a_page_address_names_nothing(app, world, pending, template, ident):
    client = app.test_client()
    login(client, world.other)
    response = client.get(template.format(ident))
    assert response.status_code in (400, 404), (template, ident, response.status_code)


@pytest.mark.parametrize("query", ["page=1&page=2", "page=1.0", "page=%201", "page=-1",
                                   f"page={2**63}", "page=1;2", "page=0x1", "page=１",
                                   "per_page=1e2"])
def test_a_confused_page_parameter_is_a_400(app, world, query):
    response = app.test_client().get(f"/threads/{world.thread.id}?{query}")
    assert response.status_code == 400, (query, response.status_code)
