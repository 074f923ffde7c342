"""Hostile bodies on every API write: JSON nested 100,000 deep, dates at the ends of time,
lone surrogates and NUL; and times at year 1 written as valid ISO 8601. A 4xx naming the
field, never a 500, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from forum.extensions import db
from forum.models import Forum
from tests.api.support import API, assert_error
from tests.helpers import make_reply

DEEP = 100_000
END_OF_TIME = ["9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
               "10000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:60Z"]


def _write_routes(app) -> list[tuple[str, str]]:
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith(API + "/")
                  for method in rule.methods & {"POST", "PUT", "PATCH"})


def _url(rule: str, world, pending) -> str:
    return (rule.replace("<slug>", world.forum.slug)
            .replace("<int:thread_id>", str(world.thread.id))
            .replace("<int:post_id>", str(pending.id)))


@pytest.mark.parametrize("shape", ["[" * DEEP + "]" * DEEP,
                                   '{"a":' * DEEP + "1" + "}" * DEEP,
                                   '{"title": ' + "[" * DEEP + "]" * DEEP + "}"],
                         ids=["arrays", "objects", "inside-a-field"])
def test_json_nested_past_any_sense_is_a_400_on_every_write(app, api, world, shape):
    pending = make_reply(world.thread, world.participant, "Awaiting moderation")
    routes = _write_routes(app)
    assert len(routes) >= 8
    for method, rule in routes:
        response = api.client.open(_url(rule, world, pending), method=method, data=shape,
                                   content_type="application/json",
                                   headers=world.headers["secretariat"])
        assert response.status_code in (400, 422), (rule, response.status_code)
        assert response.is_json and "error" in response.get_json()


@pytest.mark.parametrize("value", END_OF_TIME)
@pytest.mark.parametrize("name", ["opens_at", "closes_at"])
def test_forum_dates_at_the_end_of_time_are_a_422(api, world, name, value):
    data = {"slug": "edge-of-time", "title": "T", "opens_at": "2030-01-01T00:00:00Z",
            "closes_at": "2030-02-01T00:00:00Z", name: value}
    assert_error(api.post("/forums", data, as_="secretariat"), 422, "validation_error", name)


@pytest.mark.parametrize("value", END_OF_TIME)
@pytest.mark.parametrize("name", ["opens_at", "closes_at"])
def test_topic_dates_at_the_end_of_time_are_a_422(api, world, name, value):
    response = api.post(f"/forums/{world.forum.slug}/topics", {"title": "T", name: value},
                        as_="moderator")
    assert_error(response, 422, "validation_error", name)


def test_the_last_representable_instant_is_accepted(api, world):
    data = {"slug": "far-future", "title": "T", "opens_at": "9999-12-31T00:00:00Z",
            "closes_at": "9999-12-31T23:59:59Z"}
    response = api.post("/forums", data, as_="secretariat")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["closes_at"] == "9999-12-31T23:59:59Z"
    assert api.get("/forums/far-future").status_code == 200
    assert api.client.get("/forums/far-future").status_code == 200  # and its page


# A JSON body holds "\ud800" as the escape itself: json.dumps writes it that way.
@pytest.mark.parametrize("bad", ["\ud800", "\udfff", "a\x00b"], ids=["high", "low", "nul"])
def test_a_lone_surrogate_or_nul_in_any_text_field_is_a_422_naming_it(api, world, bad):
    pending = make_reply(world.thread, world.participant, "Awaiting moderation")
    writes = [
        ("/forums", {"slug": "s-" + "x", "title": bad, "opens_at": "2030-01-01T00:00:00Z",
                     "closes_at": "2030-02-01T00:00:00Z"}, "title"),
        ("/forums", {"slug": "surrogates", "title": "T", "objective": bad,
                     "opens_at": "2030-01-01T00:00:00Z",
                     "closes_at": "2030-02-01T00:00:00Z"}, "objective"),
        (f"/forums/{world.forum.slug}/moderators", {"email": f"a{bad}@example.org"}, "email"),
        (f"/forums/{world.forum.slug}/topics", {"title": "T", "description": bad},
         "description"),
        (f"/forums/{world.forum.slug}/threads", {"title": "T", "body": "B",
                                                 "questions": ["ok", bad]}, "questions.1"),
        (f"/threads/{world.thread.id}/posts", {"body": f"Hello {bad}"}, "body"),
        (f"/posts/{pending.id}/reject", {"reason": bad}, "reason"),
    ]
    for path, data, field in writes:
        response = api.post(path, data, as_="secretariat")
        assert_error(response, 422, "validation_error", field)
    assert db.session.query(Forum).filter_by(slug="surrogates").count() == 0


def test_a_surrogate_in_a_json_key_is_refused(api, world):
    response = api.post(f"/threads/{world.thread.id}/posts", as_="participant",
                        data='{"body": "B", "\\ud800": 1}', content_type="application/json")
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("raw", [b'{"body": "\xed\xa0\x80"}', b'{"body": "\xff"}'])
def test_invalid_utf8_in_a_json_body_is_refused(api, world, raw):
    response = api.post(f"/threads/{world.thread.id}/posts", as_="participant", data=raw,
                        content_type="application/json")
    # Python's JSON reader lets an encoded surrogate through as a lone surrogate: then the
    # string check names the field (422); other invalid bytes are unreadable JSON (400).
    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


@pytest.mark.parametrize("query", ["page=1%00", "page=%ED%A0%80", "per_page=%FF"])
def test_bad_characters_in_an_api_query_are_a_400_naming_the_parameter(api, world, query):
    response = api.get(f"/forums?{query}")
    assert_error(response, 400, "bad_request", query.split("=")[0])


def test_year_one_is_written_as_iso_8601(app, api, world):
    world.forum.opens_at = datetime(1, 1, 1)
    db.session.commit()
    body = api.get(f"/forums/{world.forum.slug}").get_json()
    assert body["opens_at"] == "0001-01-01T00:00:00Z"
    assert datetime.fromisoformat(body["opens_at"].replace("Z", "+00:00")).year == 1
    assert api.client.get(f"/forums/{world.forum.slug}").status_code == 200
