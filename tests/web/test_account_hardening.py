"""Holes closed in accounts: API tokens outlive a password change or reset; registration
and reset reveal which addresses have accounts; the CLI accepts addresses the forms refuse."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import User
from tests.helpers import PASSWORD, login, make_user, token_for
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    body_of,
    fast_password_hashing,
    link_after,
    visible,
)

NEW_PASSWORD = "a brand new passphrase"


def _api_works(app, headers: dict) -> bool:
    """A revoked token is refused on every route (401), even on public ones."""
    return app.test_client().get("/api/v1/forums", headers=headers).status_code == 200


def test_changing_the_password_revokes_api_tokens_and_says_so(app, client):
    user = make_user()
    headers = token_for(user)
    assert _api_works(app, headers)
    login(client, user)
    done = client.post("/account/password", data={
        "pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD,
        "pw-confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert "your API tokens were revoked" in visible(client.get(done.location))
    assert not _api_works(app, headers)


def test_a_password_reset_revokes_api_tokens_and_says_so(app, client, smtp):
    user = make_user()
    headers = token_for(user)
    client.post("/reset", data={"email": user.email})
    [message] = smtp.wait_for(1)
    link = link_after(message, "choose a new password here:")
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert "your API tokens were revoked" in visible(client.get(done.location))
    assert not _api_works(app, headers)


def registration(email: str) -> dict:
    return {"title": "Mr.", "name": "Ramatha Letchumanan", "email": email,
            "organization": "Ministry of Natural Resources & Environment",
            "affiliation": "party", "country": "MY", "password": PASSWORD,
            "confirm": PASSWORD, "consent": "y"}


def _answer(client, path: str, data: dict) -> tuple[int, bytes, str | None, str]:
    response = client.post(path, data=data)
    shown = client.get(response.location) if response.status_code == 302 else response
    return response.status_code, response.data, response.location, visible(shown)


def test_registration_answers_the_same_for_a_known_and_an_unknown_address(app, client, smtp):
    make_user(email="taken@example.org")
    known = _answer(app.test_client(), "/register", registration("taken@example.org"))
    unknown = _answer(app.test_client(), "/register", registration("fresh@example.org"))
    assert known == unknown
    assert db.session.scalar(select(func.count(User.id))) == 2
    messages = smtp.wait_for(2)
    [owner] = [m for m in messages if m["To"] == "taken@example.org"]
    assert "someone tried to register with your address" in body_of(owner)
    assert "reset your password" in body_of(owner)
    [newcomer] = [m for m in messages if m["To"] == "fresh@example.org"]
    assert newcomer["Subject"] == "Confirm your email address"


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(app, client, smtp):
    make_user(email="known@example.org")
    known = _answer(app.test_client(), "/reset", {"email": "known@example.org"})
    unknown = _answer(app.test_client(), "/reset", {"email": "nobody@example.org"})
    assert known == unknown
    assert [m["To"] for m in smtp.wait_for(1)] == ["known@example.org"]


@pytest.mark.parametrize("email", ["not-an-email", "two@@example.org", "a@localhost", ""])
def test_cli_user_creation_refuses_an_invalid_email_in_one_line(app, email):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", email, "--name", "N",
                                 "--password-stdin"], input="a long enough password\n")
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "email" in lines[0].lower(), result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_cli_user_creation_accepts_a_valid_email(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "Someone@Example.org", "--name", "N",
              "--password-stdin"], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "someone@example.org" in result.output
