"""Account rules every surface shares (SECURITY-THREATS.md rows 8 and 23): password length
checked by the action (forms, CLI and reset alike), scrypt storage, no composition rules,
and no field a visitor may set beyond those offered (mass assignment)."""

from __future__ import annotations

import pytest

from forum.auth.actions import MIN_PASSWORD, AccountError, create_user, set_password
from forum.extensions import db
from forum.models import User
from tests.helpers import make_user, setup_forum, token_for
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)
from tests.web.test_accounts import registration

pytestmark = pytest.mark.db


def test_the_action_refuses_a_short_password_on_every_path(app):
    with pytest.raises(AccountError) as refused:
        create_user(email="short@example.org", name="S", password="x" * (MIN_PASSWORD - 1))
    assert refused.value.field == "password"
    user = make_user()
    with pytest.raises(AccountError):
        set_password(user, "short")
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "--email", "cli@example.org", "--name", "C", "--role", "moderator",
        "--password-stdin"], input="tiny\n")
    assert result.exit_code != 0
    assert "at least" in result.output and "Traceback" not in result.output
    assert db.session.query(User).filter_by(email="cli@example.org").count() == 0


def test_long_passphrases_without_composition_rules_are_stored_with_scrypt(app, monkeypatch):
    monkeypatch.undo()  # the real hashing, not the fast one the other tests use
    user = create_user(email="long@example.org", name="L", password="words " * 12)
    assert user.password_hash.startswith("scrypt:")
    with pytest.raises(AccountError):
        create_user(email="role@example.org", name="R", password="x" * 20, role="admin")


def test_registration_ignores_fields_it_does_not_offer(app, client):
    response = client.post("/register", data=registration(
        role="secretariat", is_moderator="1", confirmed_at="2020-01-01", forum_ids="1"))
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="ramatha@example.org").one()
    assert user.role == "participant" and user.confirmed_at is None


def test_the_api_shows_no_private_field_of_a_person(app, client):
    forum, moderator, participant, thread = setup_forum()
    data = client.get(f"/api/v1/threads/{thread.id}/posts",
                      headers=token_for(participant)).get_json()
    people = [item["author"] for item in data["items"]]
    assert people
    for person in people:
        assert set(person) <= {"id", "name", "title", "country", "organization", "affiliation"}
