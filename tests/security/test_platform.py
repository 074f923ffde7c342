"""Threats the platform answers as a whole (SECURITY-THREATS.md rows 12, 13, 16, 22, 30):
the server never fetches what users link, templates never evaluate user text, oversized
bodies are refused unread, sign-in does not reveal which addresses exist, and a forced
error tells nothing about the code."""

from __future__ import annotations

import socket

import pytest

from forum.markdown import render_markdown
from tests.helpers import login, make_reply, make_user, setup_forum, token_for
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db


def test_rendering_and_reading_posts_never_opens_a_connection(app, client, monkeypatch):
    forum, moderator, participant, thread = setup_forum()
    links = ["http://127.0.0.1:9/x", "http://169.254.169.254/latest", "http://[::1]/",
             "http://0x7f000001/", "https://example.org/image.png"]
    for i in range(50):
        make_reply(thread, moderator, body=f"See [{i}]({links[i % len(links)]}) and "
                                            f"![img]({links[(i + 1) % len(links)]})")
    attempts = []
    real_connect = socket.socket.connect

    def record(self, address):
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    for _ in range(3):
        assert client.get(f"/threads/{thread.id}").status_code == 200
        assert client.get(f"/api/v1/threads/{thread.id}/posts").status_code == 200
    for i in range(200):
        render_markdown(f"![x]({links[i % len(links)]}) <{links[i % len(links)]}>")
    outbound = [a for a in attempts if not (isinstance(a, tuple) and a[0] in (
        "127.0.0.1", "::1") and app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgres"))]
    assert outbound == []


def test_template_syntax_in_user_text_is_shown_literally(app, client):
    forum, moderator, participant, thread = setup_forum()
    make_reply(thread, moderator, body="Total {{7*7}} and {% for x in y %}loop{% endfor %}")
    html = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "{{7*7}}" in html and "49" not in html.split("Total", 1)[1][:20]
    assert "{% for x in y %}" in html


def test_no_template_is_built_from_a_string(app):
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "forum"
    users = [p for p in package.rglob("*.py") if "render_template_string" in p.read_text()]
    assert users == []


def test_a_body_over_the_request_limit_is_refused_with_413(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(f"/threads/{thread.id}/reply",
                           data={"body": huge, "submission_key": "k"})
    assert response.status_code == 413
    api = client.post(f"/api/v1/threads/{thread.id}/posts", data=huge,
                      content_type="application/json", headers=token_for(participant))
    assert api.status_code == 413


def test_sign_in_answers_alike_for_unknown_and_known_addresses(app, client):
    user = make_user()
    known = client.post("/login", data={"email": user.email, "password": "wrong password"})
    unknown = client.post("/login", data={"email": "nobody@example.org",
                                          "password": "wrong password"})
    assert known.status_code == unknown.status_code == 400
    def text(response) -> str:
        return response.get_data(as_text=True).replace(user.email, "E").replace(
            "nobody@example.org", "E")

    assert text(known) == text(unknown)


def test_a_forced_error_is_generic(app):
    from forum import create_app

    fresh = create_app({**app.config, "PROPAGATE_EXCEPTIONS": False, "TESTING": False})

    @fresh.get("/__boom")
    def boom():
        raise RuntimeError("secret detail /srv/app/forum/x.py SELECT password")

    client = fresh.test_client()
    response = client.get("/__boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    for leak in ("Traceback", "secret detail", "SELECT", "/srv/app", "RuntimeError"):
        assert leak not in body
    api = client.get("/api/v1/../__boom")
    assert api.status_code in (404, 500)
    assert client.get("/.git/HEAD").status_code == 404
    assert client.get("/static/../.git/HEAD").status_code == 404
