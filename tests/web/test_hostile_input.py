"""Hostile values in paths, query strings and forms get a 4xx naming what is wrong, never a
500, on SQLite and PostgreSQL: integers past 32 and 64 bits, NUL bytes, lone surrogates and
invalid UTF-8, and dates at the ends of time."""

from __future__ import annotations

import pytest

from forum.extensions import db
from tests.helpers import login
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    csrf_token,
    fast_password_hashing,
    page,
)
from tests.web.test_security import rich_world, route_values, url_of

HOSTILE_INTS = [str(n) for n in (2**31, 2**63, 2**64, -1, 0)] + ["9" * 5000]
SURROGATE = "%ED%A0%80"  # U+D800 encoded as if it were UTF-8: not valid UTF-8


def int_rules(app):
    return sorted((rule for rule in app.url_map.iter_rules()
                   if any(type(c).__name__.lower().startswith(("int", "bounded"))
                          for c in rule._converters.values())),
                  key=lambda rule: rule.rule)


def _bad(response, where: str) -> None:
    assert 400 <= response.status_code < 500, (where, response.status_code,
                                                response.data[:300])
    assert b"Traceback" not in response.data, where


@pytest.mark.parametrize("value", HOSTILE_INTS, ids=lambda v: v[:20])
def test_every_integer_in_a_path_is_a_4xx_for_values_no_row_can_have(app, value):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    adapter = app.url_map.bind("forum.test")
    rules = int_rules(app)
    assert len(rules) >= 20
    for rule in rules:
        values = route_values(world, rule.endpoint)
        names = [n for n, c in rule._converters.items()
                 if not type(c).__name__.startswith(("Unicode", "Path", "Any"))]
        url = url_of(adapter, rule, values)
        for name in names:
            real = str(values[name])
            hostile = url.replace(f"/{real}", f"/{value}", 1) if f"/{real}" in url else None
            assert hostile, (rule.rule, name)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(hostile, method=method, data={"body": "x"})
                _bad(response, f"{method} {hostile}")


@pytest.mark.parametrize("number", [2**31, 2**31 - 1, 10**20])
def test_post_numbers_past_the_column_are_not_found(app, client, number):
    rich_world(app)
    assert client.get(f"/n/{number}").status_code == 404
    assert client.get(f"/posts/{number}").status_code == 404


QUERIES = [
    ("/threads/{thread}", "page"), ("/threads/{thread}", "per_page"),
    ("/admin/audit", "page"), ("/moderation/{slug}", "topic"),
]


@pytest.mark.parametrize("path,name", QUERIES)
@pytest.mark.parametrize("value", ["9223372036854775808", str(2**31), str(10**30), "-1",
                                   "abc", "1.5"])
def test_an_integer_query_parameter_out_of_range_is_a_400_naming_it(app, path, name, value):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    url = path.format(thread=world["thread"].id, slug=world["forum"].slug)
    response = client.get(f"{url}?{name}={value}")
    assert response.status_code == 400, (url, name, value, response.status_code)
    assert name in page(response)


def test_audit_paging_at_the_last_page_is_fine(app):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    assert client.get(f"/admin/audit?page={2**31 - 1}").status_code == 200


@pytest.mark.parametrize("version", [str(2**31), str(2**63), str(2**64), "-1"])
def test_a_moderation_version_past_the_column_is_refused(app, version):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["moderator"])
    post = world["pending"]
    response = client.post(f"/moderation/posts/{post.id}/decide",
                           data={"version": version, "approve": "Approve"})
    _bad(response, "decide")
    response = client.post(f"/moderation/posts/{post.id}/edit",
                           data={"version": version, "body": "Edited"})
    _bad(response, "edit")
    response = client.post(f"/moderation/{world['forum'].slug}/bulk",
                           data={"item": f"{post.id}:{version}", "approve": "Approve"})
    assert response.status_code < 500
    response = client.post(f"/moderation/{world['forum'].slug}/bulk",
                           data={"item": f"{2**63}:1", "approve": "Approve"})
    assert response.status_code < 500


# NUL, surrogates, invalid UTF-8 --------------------------------------------------------------

@pytest.mark.parametrize("bad", ["%00", SURROGATE, "%FF"])
def test_a_bad_character_in_a_url_slug_is_a_400(app, client, bad):
    world = rich_world(app)
    for url in (f"/forums/a{bad}b", f"/forums/{world['forum'].slug}{bad}",
                f"/digest/x{bad}", f"/moderation/x{bad}"):
        response = client.get(url)
        _bad(response, url)


@pytest.mark.parametrize("bad", ["%00", SURROGATE, "%FF"])
def test_a_bad_character_in_a_query_parameter_is_a_400_naming_it(app, bad):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    for url, name in ((f"/admin/audit?forum=a{bad}b", "forum"), (f"/login?next=/a{bad}", "next"),
                      (f"/threads/{world['thread'].id}?page=1{bad}", "page")):
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert name in page(response), url


@pytest.mark.parametrize("bad", ["%00", SURROGATE, "%FF"])
def test_a_bad_character_in_a_form_field_is_a_400_naming_it(app, bad):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["participant"])
    forms = [(f"/threads/{world['thread'].id}/reply", "body", f"body=Hello{bad}there"),
             ("/account/tokens", "name", f"name=lap{bad}top"),
             ("/logout", "anything", f"anything=x{bad}")]
    for url, name, data in forms:
        response = client.post(url, data=data,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400, (url, response.status_code, response.location)
        assert name in page(response), url
    anonymous = app.test_client()
    response = anonymous.post("/login", data=f"email=a{bad}@example.org&password=x",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "email" in page(response)


def test_a_nul_in_a_multipart_form_field_is_a_400(app):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["participant"])
    response = client.post(f"/threads/{world['thread'].id}/reply",
                           data={"body": "with \x00 NUL"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "body" in page(response)


# Dates at the ends of time -------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0000-01-01T00:00", "10000-01-01T00:00", "+10000-01-01T00:00",
                                   "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_form_dates_beyond_the_calendar_are_refused(app, value):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    slug = world["forum"].slug
    forms = [
        ("/admin/", {"slug": "edge-of-time", "title": "T", "language": "en",
                     "opens_at": value, "closes_at": "2030-01-01T00:00",
                     "posting": "registered"}),
        (f"/admin/forums/{slug}/window/extend", {"until": value, "reason": "r"}),
        (f"/admin/forums/{slug}/topics", {"title": "T", "opens_at": value}),
        (f"/moderation/topics/{world['forum'].topics[0].id}/edit",
         {"title": "T", "opens_at": value}),
    ]
    for url, data in forms:
        response = client.post(url, data=data)
        assert response.status_code in (400, 422), (url, response.status_code)


@pytest.mark.parametrize("bad", ["%00", SURROGATE, "%FF"])
def test_the_form_check_runs_with_csrf_on_and_a_valid_token(app, bad):
    """CSRF protection reads the form first in production; the check must still see the
    raw body."""
    from urllib.parse import quote

    world = rich_world(app)
    client = app.test_client()
    login(client, world["participant"])
    app.config["WTF_CSRF_ENABLED"] = True
    token = csrf_token(page(client.get(f"/threads/{world['thread'].id}")))
    response = client.post(f"/threads/{world['thread'].id}/reply",
                           data=f"csrf_token={quote(token)}&body=Hello{bad}there",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400, response.status_code
    assert "body" in page(response)


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "9" * 5000, "-1", "abc"])
def test_an_on_behalf_moderator_id_past_the_column_keeps_the_form(app, value):
    world = rich_world(app)
    client = app.test_client()
    login(client, world["secretariat"])
    response = client.post(f"/threads/{world['thread'].id}/on-behalf",
                           data={"moderator_id": value, "body": "Closing words",
                                 "kind": "closing"})
    assert response.status_code == 400
    assert "Closing words" in page(response)


INT_FIELDS = ("post", "comment", "version", "words", "moderator_id", "topic_id", "word_budget",
              "item", "number")


@pytest.mark.parametrize("value", [str(2**31), str(2**63), str(2**64), "-1", "9" * 5000])
def test_every_post_route_survives_integers_past_the_columns_in_its_form(app, value):
    """Every integer a form may carry, set past 32 and 64 bits, on every page POST route,
    against a forum with a digest under review: a 4xx or a normal answer, never a 500."""
    from forum.archive.seed import load_seed
    from forum.digest import review_actions
    from forum.models import Forum

    world = rich_world(app)
    load_seed()
    seeded = db.session.query(Forum).filter_by(slug="cbforum2014").one()
    review_actions.open_review_round(seeded, acting_user=world["secretariat"])
    client = app.test_client()
    login(client, world["secretariat"])
    adapter = app.url_map.bind("forum.test")
    routes = [r for r in app.url_map.iter_rules()
              if "POST" in r.methods and not r.rule.startswith("/api/")
              and r.endpoint not in ("auth.logout",)]
    # Read every id first: some routes delete what others point at.
    known = {rule.endpoint: route_values(world, rule.endpoint) for rule in routes}
    for rule in sorted(routes, key=lambda r: r.rule):
        values = known[rule.endpoint]
        for slug in {values["slug"], "cbforum2014"} if "slug" in rule.arguments else {None}:
            url = url_of(adapter, rule, {**values, "slug": slug or values["slug"]})
            data = {name: value for name in INT_FIELDS} | {
                "body": "Words", "reason": "r", "title": "T", "addressed": "1",
                "approve": "Approve"}
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "-1", "9" * 5000, "%00", SURROGATE])
def test_every_get_route_survives_hostile_query_parameters(app, value):
    from forum.archive.seed import load_seed

    world = rich_world(app)
    load_seed()
    client = app.test_client()
    login(client, world["secretariat"])
    adapter = app.url_map.bind("forum.test")
    names = ("page", "per_page", "topic", "words", "forum", "key", "next", "version", "number")
    query = "&".join(f"{name}={value}" for name in names)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = route_values(world, rule.endpoint)
        for slug in {values["slug"], "cbforum2014"}:
            url = url_of(adapter, rule, {**values, "slug": slug})
            response = client.get(f"{url}?{query}")
            assert response.status_code < 500, (url, response.status_code)
