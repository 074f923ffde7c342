"""One log line per request, with a request id sent back to the client; rules, not paths,
so a token in a link never reaches the log; user input never starts a line of its own."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys

import pytest

from forum.auth.tokens import make_token
from forum.extensions import db
from forum.ops.logs import SAFE_REQUEST_ID
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.ops.support import app_on, captured_logs, json_lines, request_lines
from tests.web.support import fast_password_hashing  # noqa: F401 (autouse)

pytestmark = pytest.mark.db
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_each_request_is_one_json_line_with_its_rule_status_duration_and_user(app, client):
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    with captured_logs("json") as stream:
        response = client.get(f"/threads/{thread.id}?page=1&secret=hunter2")
        anonymous = app.test_client().get("/no/such/page?token=tok-Zq9")
    entries = request_lines(stream)
    assert len(entries) == 2
    signed_in, missing = entries
    assert signed_in["method"] == "GET"
    assert signed_in["path"] == "/threads/<int:thread_id>"
    assert signed_in["status"] == 200
    assert isinstance(signed_in["duration_ms"], float)
    assert signed_in["user_id"] == participant.id
    assert signed_in["request_id"] == response.headers["X-Request-ID"]
    assert signed_in["level"] == "INFO" and signed_in["time"].endswith("Z")
    assert missing["path"] == "(no route)" and missing["status"] == 404
    assert "user_id" not in missing
    assert missing["request_id"] == anonymous.headers["X-Request-ID"]
    assert "hunter2" not in stream.getvalue() and "tok-Zq9" not in stream.getvalue()


def test_tokens_in_links_are_logged_as_the_rule_never_the_token(app, client):
    user = make_user(confirmed=False)
    token = make_token(user, "confirm")
    with captured_logs("json") as stream:
        client.get(f"/confirm/{token}")
        client.get(f"/unwatch/{token}")
        client.get(f"/reset/{token}")
    assert token not in stream.getvalue()
    paths = [entry["path"] for entry in request_lines(stream)]
    assert paths[0] == "/confirm/<token>" and all("<token>" in path for path in paths)


def test_the_api_user_is_logged_by_id(app, client):
    from tests.helpers import token_for

    user = make_user()
    headers = token_for(user)
    with captured_logs("json") as stream:
        client.get("/api/v1/forums", headers=headers)
    (entry,) = request_lines(stream)
    assert entry["user_id"] == user.id and entry["path"] == "/api/v1/forums"


def test_request_ids_are_generated_unless_a_trusted_safe_one_is_sent(app, client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first != second and SAFE_REQUEST_ID.fullmatch(first)
    sent = "3f2c9a1e-77b0-4d1e-9d4c-0a1b2c3d4e5f"
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] != sent
    app.config["TRUST_REQUEST_ID"] = True
    with captured_logs("json") as stream:
        echoed = client.get("/healthz", headers={"X-Request-ID": sent})
    assert echoed.headers["X-Request-ID"] == sent
    assert request_lines(stream)[0]["request_id"] == sent
    for hostile in ("short", "x" * 200, "abc def ghi", "abcdefgh<script>", "abcdefgh\x1bX",
                    "../../etc/passwd"):
        answered = client.get("/healthz", headers={"X-Request-ID": hostile})
        assert answered.headers["X-Request-ID"] != hostile, hostile
        assert SAFE_REQUEST_ID.fullmatch(answered.headers["X-Request-ID"])


@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_cr_and_lf_in_user_input_never_start_a_new_log_line(app, log_format):
    title = "A title\r\n2026-12-03 12:00:00,000 INFO forum.auth [x] admin signed in\u2028!"
    with captured_logs(log_format) as stream:
        logging.getLogger("forum.threads").warning("thread opened: %s", title)
        try:
            raise ValueError(title)
        except ValueError:
            logging.getLogger("forum").exception("failed with %s", title)
    lines = stream.getvalue().splitlines()
    if log_format == "json":
        entries = json_lines(stream)
        assert len(entries) == 2
        assert entries[0]["message"] == f"thread opened: {title}"
        return
    records = [line for line in lines if not line.startswith("    | ")]
    assert len(records) == 2, lines
    assert "\\r\\n" in records[0] and "\\u2028" in records[0]
    # In the traceback, the exception's message is on lines marked as its continuation.
    forged = [line for line in lines if "admin signed in" in line and "\\n" not in line]
    assert forged and all(line.startswith("    | ") for line in forged)


def test_the_500_page_shows_the_request_id_to_quote(app, tmp_path):
    fresh = app_on(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, PROPAGATE_EXCEPTIONS=False)

    @fresh.get("/__boom")
    def boom():
        raise RuntimeError("no detail for the reader")

    with captured_logs("json") as stream:
        response = fresh.test_client().get("/__boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.get_data(as_text=True)
    entries = json_lines(stream)
    error = next(entry for entry in entries if entry["level"] == "ERROR")
    assert error["request_id"] == request_id and "RuntimeError" in error["exception"]
    assert request_lines(stream)[0]["status"] == 500
    api = fresh.test_client().get("/api/v1/nothing-here")
    assert api.headers["X-Request-ID"]


def test_the_mail_worker_logs_json_lines_too(app, tmp_path):
    db.session.remove()
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": REPO, "DATABASE_URL": url, "LOG_FORMAT": "json",
           "SECRET_KEY": "test-secret-key", "FORUM_MAIL_OUTBOX": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "forum.cli", "mail", "worker", "--poll", "0.2"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = worker.stderr.readline()  # once it logs, its signal handlers are set
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=15)
        errors = first + errors
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, errors
    entries = [json.loads(line) for line in errors.splitlines()]
    assert [e["message"] for e in entries][-1] == "mail worker: stopped"
    assert all(e["logger"].startswith("forum.mail") for e in entries)


def test_an_audit_row_carries_the_request_id_of_the_request_that_acted(app, client):
    from sqlalchemy import select

    from forum.models import AuditEntry

    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant)
    login(client, moderator)
    response = client.post(f"/moderation/posts/{post.id}/decide",
                           data={"approve": "Approve", "version": "1"})
    assert response.status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "post.approve",
                                                        AuditEntry.target_id == post.id)).one()
    assert entry.request_id == response.headers["X-Request-ID"]
    cli_entries = db.session.scalars(select(AuditEntry).where(AuditEntry.id != entry.id)).all()
    assert cli_entries and all(e.request_id is None for e in cli_entries)  # made outside
