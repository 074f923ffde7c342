"""Forged and redirected requests (SECURITY-THREATS.md rows 4, 5 and 28): a CSRF token
from another session is refused, mutating routes refuse GET, the API is not reachable with
a session cookie (so it needs no CSRF token), and no `next` leaves the site."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Post
from tests.helpers import login, make_user, setup_forum
from tests.web.support import fast_password_hashing, snapshot  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

OFF_SITE = ["//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example",
            "http:evil.example", "https:/\\evil.example", "/%09/evil.example",
            " //evil.example", "javascript:alert(1)", "/\t/evil.example", "///evil.example",
            "/\\/evil.example", "\x00//evil.example", "https:evil.example/%2f.."]


def _same_origin_path(location: str) -> bool:
    return (location.startswith("/") and not location.startswith(("//", "/\\"))
            and not re.search(r"[\x00-\x20]", location))


@pytest.mark.parametrize("target", OFF_SITE)
def test_no_next_leaves_the_site(app, client, target):
    user = make_user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": "correct horse battery"})
    if response.status_code == 400:  # a NUL is refused before sign-in (forum/inputs.py)
        assert "\x00" in target and response.location is None
        return
    assert response.status_code in (302, 303), response.status_code
    assert _same_origin_path(response.location), response.location
    assert "evil" not in response.location


def test_signing_out_stays_on_the_site(app, client):
    user = make_user()
    login(client, user)
    response = client.post("/logout", query_string={"next": "//evil.example"})
    assert _same_origin_path(response.location)


def test_a_csrf_token_from_another_session_is_refused(app):
    forum, moderator, participant, thread = setup_forum()
    other = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    mine, theirs = app.test_client(), app.test_client()
    login_with_csrf(mine, participant)
    login_with_csrf(theirs, other)
    page = theirs.get(f"/threads/{thread.id}").get_data(as_text=True)
    foreign = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    before = snapshot()
    response = mine.post(f"/threads/{thread.id}/reply", data={
        "body": "Forged words", "submission_key": "k", "csrf_token": foreign})
    assert response.status_code == 400
    assert snapshot() == before
    assert db.session.query(Post).filter_by(body="Forged words").count() == 0


def login_with_csrf(client, user):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email,
                                           "password": "correct horse battery",
                                           "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_mutating_routes_refuse_get(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, moderator)
    readable = {r.rule for r in app.url_map.iter_rules() if "GET" in r.methods}
    post_only = [r for r in app.url_map.iter_rules()
                 if "POST" in r.methods and r.rule not in readable and not r.arguments]
    assert post_only
    for rule in post_only:
        assert client.get(rule.rule).status_code == 405, rule.rule


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/json"])
def test_the_api_ignores_a_session_cookie(app, client, content_type):
    """A forged cross-site POST carries the cookie, never a bearer token: the API treats it
    as anonymous, so it can change nothing."""
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    before = snapshot()
    response = client.post(f"/api/v1/threads/{thread.id}/posts",
                           data='{"body": "forged"}', content_type=content_type)
    assert response.status_code in (400, 401, 415, 422)
    assert snapshot() == before
