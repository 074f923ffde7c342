"""Rate limits as people meet them: sign-in keyed on account and address (an attacker
guessing elsewhere never locks the owner out), one posting limit per account shared by the
web and the API, looser for staff. (Across gunicorn workers: tests/ops/test_shared_limits.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db, limiter
from forum.models import Post
from tests.helpers import PASSWORD, login, make_thread, make_user, setup_forum, token_for
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    input_value,
    reply_form,
    textarea,
    visible,
)

TOO_MANY = "Too many attempts. Please wait a while and try again."


@pytest.fixture
def limits_on(app):
    limiter.reset()
    app.config.update(RATELIMIT_ENABLED=True)
    yield app.config
    limiter.reset()


def sign_in(client, email: str, password: str = "wrong password", address: str = "10.0.0.1",
            **headers):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


# Signing in ---------------------------------------------------------------------------------

def test_the_seventh_failure_in_a_minute_from_one_address_is_refused(app, client, limits_on):
    user = make_user()
    for _ in range(6):
        assert sign_in(client, user.email).status_code == 400
    refused = sign_in(client, user.email, PASSWORD)
    assert refused.status_code == 429 and TOO_MANY in visible(refused)
    assert input_value(refused.get_data(as_text=True), "email") == user.email  # kept
    assert client.get("/account").status_code == 302  # not signed in
    assert client.get("/login").status_code == 200  # the page itself still opens


def test_the_thirty_first_attempt_in_an_hour_from_one_address_is_refused(app, client,
                                                                         limits_on):
    # The per-minute parts aside, to see the hourly one.
    limits_on.update(LOGIN_LIMIT="100 per minute; 30 per hour",
                     LOGIN_ADDRESS_LIMIT="100 per minute; 200 per hour")
    user = make_user()
    statuses = [sign_in(client, user.email).status_code for _ in range(31)]
    assert statuses == [400] * 30 + [429]


def test_the_owner_signs_in_from_another_address_while_someone_guesses(app, limits_on):
    user = make_user()
    attacker = app.test_client()
    for _ in range(10):
        sign_in(attacker, user.email, address="203.0.113.9")
    assert sign_in(attacker, user.email, PASSWORD, address="203.0.113.9").status_code == 429
    owner = app.test_client()
    assert sign_in(owner, user.email, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_success_forgets_the_owners_own_typos(app, client, limits_on):
    user = make_user()
    for _ in range(5):
        sign_in(client, user.email)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(5):
        assert sign_in(client, user.email).status_code == 400


def test_guessing_one_account_from_rotating_addresses_stops_below_100_an_hour(app, limits_on):
    user = make_user()
    usual_browser = app.test_client()
    assert sign_in(usual_browser, user.email, PASSWORD, address="198.51.100.7").status_code \
        == 302
    usual_browser.post("/logout")

    attacker = app.test_client()
    statuses = [sign_in(attacker, user.email, address=f"10.{n // 250}.{n % 250}.1").status_code
                for n in range(120)]
    # 60 an hour (LOGIN_ACCOUNT_LIMIT), the owner's own sign-in from a new browser included.
    assert statuses.count(400) == 59 and statuses.count(429) == 61
    # A browser the account never used is held back for the hour (a soft, expiring limit)...
    stranger = app.test_client()
    assert sign_in(stranger, user.email, PASSWORD, address="192.0.2.1").status_code == 429
    # ...but the guessing never locks the owner out of the browser they signed in from.
    assert sign_in(usual_browser, user.email, PASSWORD,
                   address="198.51.100.8").status_code == 302


def test_a_forged_known_browser_cookie_is_ignored(app, limits_on):
    limits_on.update(LOGIN_ACCOUNT_LIMIT="2 per hour")
    user = make_user()
    attacker = app.test_client()
    attacker.set_cookie("known_signin", "forged.value")
    statuses = [sign_in(attacker, user.email, address=f"10.0.0.{n}").status_code
                for n in range(1, 5)]
    assert statuses == [400, 400, 429, 429]


def test_a_client_sent_forwarded_for_header_does_not_change_the_address(app, client,
                                                                        limits_on):
    user = make_user()
    statuses = [sign_in(client, user.email, **{"X-Forwarded-For": f"10.9.9.{n}"}).status_code
                for n in range(7)]
    assert statuses == [400] * 6 + [429]


def test_without_rate_limits_sign_in_is_not_throttled(app, client):
    limiter.reset()
    user = make_user()
    for _ in range(12):
        sign_in(client, user.email)
    login(client, user)


# Posting -----------------------------------------------------------------------------------

def _posts() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Post.id)))


def test_the_web_and_the_api_share_one_posting_limit_per_account(app, client, limits_on):
    limits_on.update(POST_LIMIT="3 per hour")
    forum, moderator, participant, thread = setup_forum()
    headers = token_for(participant)
    api = app.test_client()
    path = f"/api/v1/threads/{thread.id}/posts"
    assert api.post(path, json={"body": "One."}, headers=headers).status_code == 201
    assert api.post(path, json={"body": "Two."}, headers=headers).status_code == 201
    login(client, participant)
    reply = f"/threads/{thread.id}/reply"
    assert client.post(reply, data=reply_form("Three.", "k3")).status_code == 302
    before = _posts()

    refused = client.post(reply, data=reply_form("Four, carefully typed.", "k4"))
    assert refused.status_code == 429
    assert "You are posting faster than the forum allows." in visible(refused)
    assert textarea(refused.get_data(as_text=True), "body") == "Four, carefully typed."
    flooded = api.post(path, json={"body": "Five."}, headers=headers)
    assert flooded.status_code == 429
    assert flooded.get_json()["error"]["code"] == "rate_limited"
    opened = api.post(f"/api/v1/forums/{forum.slug}/threads", headers=token_for(moderator),
                      json={"title": "Another", "body": "Framing."})
    assert opened.status_code == 201  # the limit is the participant's, not the forum's
    assert _posts() == before + 1


def test_a_repeated_submission_is_not_counted_twice(app, limits_on):
    limits_on.update(POST_LIMIT="1 per hour")
    forum, moderator, participant, thread = setup_forum()
    headers = {**token_for(participant), "Idempotency-Key": "same"}
    api = app.test_client()
    path = f"/api/v1/threads/{thread.id}/posts"
    assert api.post(path, json={"body": "Once."}, headers=headers).status_code == 201
    assert api.post(path, json={"body": "Once."}, headers=headers).status_code == 200


def test_staff_have_a_looser_posting_limit_of_their_own(app, limits_on):
    limits_on.update(POST_LIMIT="1 per hour", POST_LIMIT_STAFF="3 per hour")
    forum, moderator, participant, thread = setup_forum()
    api = app.test_client()
    headers = token_for(moderator)
    path = f"/api/v1/forums/{forum.slug}/threads"
    statuses = [api.post(path, headers=headers,
                         json={"title": f"Thread {n}", "body": "Framing."}).status_code
                for n in range(4)]
    assert statuses == [201, 201, 201, 429]


def test_actions_outside_a_request_are_not_limited(app, limits_on):
    limits_on.update(POST_LIMIT="1 per hour", POST_LIMIT_STAFF="1 per hour")
    forum, moderator, participant, thread = setup_forum()
    for n in range(3):
        make_thread(forum, moderator, title=f"Imported {n}")
