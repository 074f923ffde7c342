"""What the API answers to bad requests: JSON errors with a 4xx status, never a 500;
409 for decisions on a stale or settled post; one post per Idempotency-Key."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.auth.actions import revoke_api_token
from forum.extensions import db
from forum.models import ApiToken, Post, Thread
from forum.threads import actions as writing
from tests.api.support import API, assert_error
from tests.helpers import make_reply

# Each POST route with a valid body, called by someone allowed to use it.
WRITES = [
    ("/forums", {"slug": "newforum", "title": "New", "opens_at": "2030-01-01T00:00:00Z",
                 "closes_at": "2030-02-01T00:00:00Z"}),
    ("/forums/{slug}/moderators", {"email": "{email}"}),
    ("/forums/{slug}/participants", {"email": "{email}"}),
    ("/forums/{slug}/topics", {"title": "A topic"}),
    ("/forums/{slug}/threads", {"title": "A thread", "body": "Its framing text"}),
    ("/threads/{thread}/posts", {"body": "A reply"}),
    ("/posts/{pending}/reject", {"reason": "Off-topic."}),
]
LISTS = ["/forums", "/forums/{slug}/threads", "/threads/{thread}/posts", "/forums/{slug}/queue"]


def _path(template: str, world, pending_id: int | None = None) -> str:
    return template.format(slug=world.forum.slug, thread=world.thread.id, pending=pending_id)


def _fill(body: dict, world) -> dict:
    return {k: (world.other.email if v == "{email}" else v) for k, v in body.items()}


@pytest.fixture
def pending(world) -> Post:
    return make_reply(world.thread, world.participant, "Awaiting moderation")


@pytest.mark.parametrize("template,body", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("payload,content_type", [
    ('{"title": "unterminated', "application/json"),
    ("not json at all", "application/json"),
    ("", "application/json"),
    ('["a", "list"]', "application/json"),
    ('"a string"', "application/json"),
    ("null", "application/json"),
    ("title=form+data", "application/x-www-form-urlencoded"),
    (b"\xff\xfe{}", "application/json; charset=utf-8"),
], ids=["truncated", "text", "empty", "array", "string", "null", "form", "bytes"])
def test_a_body_that_is_not_a_json_object_is_a_400(api, world, pending, template, body,
                                                   payload, content_type):
    response = api.post(_path(template, world, pending.id), as_="secretariat", data=payload,
                        content_type=content_type)
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("payload", ['{"version": ', "[1]", '"1"'])
def test_approve_with_a_malformed_body_is_a_400(api, pending, payload):
    response = api.post(f"/posts/{pending.id}/approve", as_="moderator", data=payload,
                        content_type="application/json")
    assert_error(response, 400, "bad_request")
    assert api.get(f"/posts/{pending.id}", as_="moderator").get_json()["status"] == "pending"


def _required_fields():
    for template, body in WRITES:
        for name in body:
            yield pytest.param(template, body, name, id=f"{template}:{name}")


@pytest.mark.parametrize("template,body,name", list(_required_fields()))
@pytest.mark.parametrize("value", ["<missing>", "", "   ", None, 42, ["x"], {"a": 1}])
def test_a_missing_or_empty_field_is_named(api, world, pending, template, body, name, value):
    data = _fill(body, world)
    if value == "<missing>":
        del data[name]
    else:
        data[name] = value
    response = api.post(_path(template, world, pending.id), data, as_="secretariat")
    error = assert_error(response, 422)
    assert error["field"] == name and name in error["message"], error


@pytest.mark.parametrize("name,value", [("opens_at", "26 May 2014"), ("closes_at", "2014-13-01"),
                                        ("slug", "Not A Slug!"), ("posting", "everyone"),
                                        ("title", "x" * 301)])
def test_invalid_forum_fields_are_named(api, world, name, value):
    data = {**WRITES[0][1], name: value}
    assert_error(api.post("/forums", data, as_="secretariat"), 422, "validation_error", name)


def test_a_window_that_ends_before_it_starts_is_refused(api, world):
    data = {**WRITES[0][1], "closes_at": "2029-01-01T00:00:00Z"}
    assert_error(api.post("/forums", data, as_="secretariat"), 422, field="closes_at")


@pytest.mark.parametrize("name,value", [("topic_id", "1"), ("topic_id", 10**30),
                                        ("topic_id", True), ("questions", "one question"),
                                        ("questions", ""), ("questions", 0),
                                        ("questions", [1, 2]), ("questions", ["ok", None]),
                                        ("questions", ["with \x00 NUL"])])
def test_invalid_thread_fields_are_named(api, world, name, value):
    data = {"title": "T", "body": "B", name: value}
    response = api.post(f"/forums/{world.forum.slug}/threads", data, as_="moderator")
    error = assert_error(response, 422)
    assert error["field"].split(".")[0] == name, error  # questions.1: the failing item


@pytest.mark.parametrize("name,value", [("opens_at", ""), ("closes_at", "tomorrow"),
                                        ("description", 7)])
def test_invalid_topic_fields_are_named(api, world, name, value):
    response = api.post(f"/forums/{world.forum.slug}/topics", {"title": "T", name: value},
                        as_="moderator")
    assert_error(response, 422, field=name)


def test_an_overlong_reply_is_refused(app, api, world):
    body = "x" * (app.config["POST_MAX_CHARS"] + 1)
    response = api.post(f"/threads/{world.thread.id}/posts", {"body": body}, as_="participant")
    assert_error(response, 422, field="body")


@pytest.mark.parametrize("template,body", WRITES, ids=[w[0] for w in WRITES])
def test_nul_characters_are_refused_not_a_500(api, world, pending, template, body):
    data = _fill(body, world)
    name = next(iter(data))
    data[name] = "with \x00 inside"
    response = api.post(_path(template, world, pending.id), data, as_="secretariat")
    assert_error(response, 422, field=name)


def test_nul_in_a_slug_is_a_400_naming_it(api, world):
    assert_error(api.get("/forums/a%00b"), 400, "bad_request", "slug")


@pytest.mark.parametrize("template", LISTS)
@pytest.mark.parametrize("query", ["page=0", "page=-1", "page=abc", "page=1.5", "per_page=0",
                                   "per_page=201", "per_page=x", "page=", f"page={2**31}",
                                   f"page={10**40}"])
def test_bad_paging_is_a_400(api, world, template, query):
    response = api.get(f"{_path(template, world)}?{query}", as_="moderator")
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("template", LISTS)
def test_the_largest_page_is_just_empty(api, world, template):
    response = api.get(f"{_path(template, world)}?page={2**31 - 1}&per_page=200",
                       as_="moderator")
    assert response.status_code == 200
    assert response.get_json()["items"] == []


@pytest.mark.parametrize("method,template", [
    ("get", "/posts/{id}"), ("get", "/threads/{id}/posts"), ("post", "/threads/{id}/posts"),
    ("post", "/posts/{id}/approve"), ("post", "/posts/{id}/reject"),
])
@pytest.mark.parametrize("ident", [0, 2**31, 10**30])
def test_ids_no_row_can_have_are_404(api, world, method, template, ident):
    path = template.format(id=ident)
    if method == "get":
        response = api.get(path, as_="secretariat")
    else:
        response = api.post(path, {"body": "b", "reason": "r"}, as_="secretariat")
    assert_error(response, 404)


def test_unknown_api_urls_answer_json(api, world):
    assert_error(api.get("/no/such/thing"), 404, "not_found")
    response = api.client.delete(f"{API}/forums")
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwdw==",
                                    "token-without-scheme"])
def test_a_bad_token_is_a_401(api, world, header):
    response = api.get("/forums", headers={"Authorization": header})
    assert_error(response, 401, "unauthorized")


def test_a_revoked_token_is_a_401(api, world):
    token = db.session.scalars(select(ApiToken).where(
        ApiToken.user_id == world.secretariat.id)).one()
    revoke_api_token(world.secretariat, token.id)
    assert_error(api.get(f"/forums/{world.forum.slug}/queue", as_="secretariat"), 401)


def test_a_token_of_a_deactivated_account_is_a_401(api, world):
    world.moderator.is_active_account = False
    db.session.commit()
    assert_error(api.get(f"/forums/{world.forum.slug}/queue", as_="moderator"), 401)


# --- conflicts ------------------------------------------------------------------------


def test_approving_a_stale_version_is_a_409(api, world, pending):
    writing.edit_own_post(pending, author=world.participant, body="Edited text", version=1)
    response = api.post(f"/posts/{pending.id}/approve", {"version": 1}, as_="moderator")
    error = assert_error(response, 409, "conflict")
    assert "version 2" in error["message"]
    seen = api.get(f"/posts/{pending.id}", as_="moderator").get_json()
    assert (seen["status"], seen["number"], seen["version"]) == ("pending", None, 2)
    approved = api.post(f"/posts/{pending.id}/approve", {"version": 2}, as_="moderator")
    assert approved.status_code == 200 and approved.get_json()["body"] == "Edited text"


@pytest.mark.parametrize("version", ["1", 1.5, True, None, 10**30])
def test_a_version_that_is_not_an_integer_is_a_422(api, pending, version):
    response = api.post(f"/posts/{pending.id}/approve", {"version": version}, as_="moderator")
    assert_error(response, 422, field="version")


@pytest.mark.parametrize("first,second", [("approve", "approve"), ("approve", "reject"),
                                          ("reject", "approve"), ("reject", "reject")])
def test_deciding_twice_is_a_409(api, pending, first, second):
    bodies = {"approve": {"version": 1}, "reject": {"reason": "Duplicate."}}
    assert api.post(f"/posts/{pending.id}/{first}", bodies[first],
                    as_="moderator").status_code == 200
    settled = api.get(f"/posts/{pending.id}", as_="moderator").get_json()
    error = assert_error(api.post(f"/posts/{pending.id}/{second}", bodies[second],
                                  as_="secretariat"), 409, "conflict")
    assert "already" in error["message"]
    assert api.get(f"/posts/{pending.id}", as_="moderator").get_json() == settled


# --- idempotency ----------------------------------------------------------------------


def _count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


@pytest.mark.parametrize("who", ["participant", "moderator"])
def test_the_same_reply_twice_creates_one_post(api, world, who):
    before = _count(Post, thread_id=world.thread.id)
    headers = {"Idempotency-Key": "reply-2014-05-27-0001"}
    first = api.post(f"/threads/{world.thread.id}/posts", {"body": "Once"}, as_=who,
                     headers=headers)
    second = api.post(f"/threads/{world.thread.id}/posts", {"body": "Once"}, as_=who,
                      headers=headers)
    assert first.status_code == 201 and second.status_code == 200
    assert second.get_json()["id"] == first.get_json()["id"]
    assert second.get_json()["number"] == first.get_json()["number"]
    assert _count(Post, thread_id=world.thread.id) == before + 1


def test_the_key_is_per_author(api, world):
    headers = {"Idempotency-Key": "same-key"}
    mine = api.post(f"/threads/{world.thread.id}/posts", {"body": "Mine"}, as_="participant",
                    headers=headers)
    theirs = api.post(f"/threads/{world.thread.id}/posts", {"body": "Theirs"}, as_="other",
                      headers=headers)
    assert mine.status_code == theirs.status_code == 201
    assert mine.get_json()["id"] != theirs.get_json()["id"]


def test_without_a_key_each_request_is_a_new_post(api, world):
    ids = {api.post(f"/threads/{world.thread.id}/posts", {"body": f"Again {i}"},
                    as_="participant").get_json()["id"] for i in range(2)}
    assert len(ids) == 2


def test_the_same_text_again_within_minutes_is_refused_as_a_repeat(api, world):
    first = api.post(f"/threads/{world.thread.id}/posts", {"body": "Flood"}, as_="participant")
    again = api.post(f"/threads/{world.thread.id}/posts", {"body": "Flood"}, as_="participant")
    assert first.status_code == 201 and again.status_code == 409
    assert again.get_json()["error"]["field"] == "body"


def test_the_same_thread_twice_creates_one_thread(api, world):
    before = _count(Thread, forum_id=world.forum.id)
    headers = {"Idempotency-Key": "thread-0001"}
    data = {"title": "Once", "body": "Framing"}
    first = api.post(f"/forums/{world.forum.slug}/threads", data, as_="moderator",
                     headers=headers)
    second = api.post(f"/forums/{world.forum.slug}/threads", data, as_="moderator",
                      headers=headers)
    assert first.status_code == 201 and second.status_code in (200, 201)
    assert second.get_json()["id"] == first.get_json()["id"]
    assert _count(Thread, forum_id=world.forum.id) == before + 1


@pytest.mark.parametrize("template", ["/threads/{thread}/posts", "/forums/{slug}/threads"])
def test_an_overlong_idempotency_key_is_refused(api, world, template):
    response = api.post(_path(template, world), {"title": "T", "body": "B"}, as_="moderator",
                        headers={"Idempotency-Key": "k" * 81})
    assert_error(response, 422, field="Idempotency-Key")


def test_a_key_reused_for_another_request_is_refused(api, world):
    headers = {"Idempotency-Key": "reused-0001"}
    reply = api.post(f"/threads/{world.thread.id}/posts", {"body": "A reply"}, as_="moderator",
                     headers=headers)
    assert reply.status_code == 201
    other = api.post(f"/forums/{world.forum.slug}/threads", {"title": "T", "body": "B"},
                     as_="moderator", headers=headers)
    assert_error(other, 422, field="Idempotency-Key")
    thread = api.post(f"/forums/{world.forum.slug}/threads", {"title": "T", "body": "B"},
                      as_="moderator", headers={"Idempotency-Key": "thread-0002"}).get_json()
    elsewhere = api.post(f"/threads/{thread['id']}/posts", {"body": "A reply"},
                         as_="moderator", headers=headers)
    assert_error(elsewhere, 422, field="Idempotency-Key")
    assert _count(Post, idempotency_key="reused-0001") == 1
