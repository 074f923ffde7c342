"""Every 429 says when to come back (Retry-After), on pages and under /api alike: the
limits of Flask-Limiter (anonymous search), the posting limit (an action's refusal) and the
sign-in limit (a form page that shows the refusal)."""

from __future__ import annotations

import pytest

from forum.extensions import limiter
from tests.helpers import PASSWORD, login, setup_forum, token_for
from tests.web.support import fast_password_hashing, reply_form  # noqa: F401 (autouse)


@pytest.fixture
def limits_on(app):
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True)
    yield app.config
    limiter.reset()


@pytest.mark.parametrize("path", ["/search", "/api/v1/search"])
def test_a_search_limit_says_when_to_retry(client, limits_on, path):
    limits_on.update(SEARCH_LIMIT="2 per minute")
    here = {"REMOTE_ADDR": "10.0.0.8"}
    answers = [client.get(path, query_string={"q": "x"}, environ_base=here) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].headers["Retry-After"] == "60"
    assert "Retry-After" not in answers[0].headers


def test_the_posting_limit_says_when_to_retry_in_the_api_and_the_form(app, client,
                                                                      limits_on):
    limits_on.update(POST_LIMIT="1 per hour")
    forum, moderator, participant, thread = setup_forum()
    api = app.test_client()
    path = f"/api/v1/threads/{thread.id}/posts"
    headers = token_for(participant)
    assert api.post(path, json={"body": "One."}, headers=headers).status_code == 201
    flooded = api.post(path, json={"body": "Two."}, headers=headers)
    assert flooded.status_code == 429
    assert flooded.get_json()["error"]["code"] == "rate_limited"
    assert flooded.headers["Retry-After"] == "3600"  # the limit's window
    login(client, participant)
    refused = client.post(f"/threads/{thread.id}/reply", data=reply_form("Three.", "k3"))
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"


def test_the_sign_in_limit_says_when_to_retry(app, client, limits_on):
    limits_on.update(LOGIN_LIMIT="2 per minute")
    forum, moderator, participant, thread = setup_forum()
    form = {"email": participant.email, "password": "wrong"}
    here = {"REMOTE_ADDR": "10.0.0.9"}
    statuses = [client.post("/login", data=form, environ_base=here) for _ in range(3)]
    assert [s.status_code for s in statuses] == [400, 400, 429]
    assert statuses[-1].headers["Retry-After"] == "60"
    good = client.post("/login", data={**form, "password": PASSWORD}, environ_base=here)
    assert good.status_code == 429 and "Retry-After" in good.headers
