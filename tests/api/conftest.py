"""Fixtures of the API tests: a forum with a thread and one person per role, each with
a bearer token, and a caller that speaks JSON to /api/v1 as one of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.models import User
from tests.api.support import Api, World
from tests.helpers import make_forum, make_user, setup_forum, token_for


def _quick_hash(password: str) -> str:
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def world(app, monkeypatch) -> World:
    # These tests sign in with tokens only: a cheap password hash keeps setup fast.
    monkeypatch.setattr("forum.auth.actions.generate_password_hash", _quick_hash)
    forum, moderator, participant, thread = setup_forum()
    secretariat = db.session.scalars(select(User).where(User.role == "secretariat")).one()
    other = make_user("participant", country="BR", name="Other Participant")
    outsider = make_user("moderator", country="FR", name="Outside Moderator")
    other_forum = make_forum(moderators=[outsider])
    people = {"secretariat": secretariat, "moderator": moderator, "participant": participant,
              "other": other, "outsider": outsider}
    return World(forum=forum, thread=thread, secretariat=secretariat, moderator=moderator,
                 participant=participant, other=other, outsider=outsider,
                 other_forum=other_forum,
                 headers={name: token_for(user) for name, user in people.items()})


@pytest.fixture
def api(client, world) -> Api:
    return Api(client, world)
