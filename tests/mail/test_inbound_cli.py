"""`forum mail inbound`: the real command in its own process receives a reply over SMTP and
stops cleanly on SIGTERM; without a reply domain or a free port it says so in one line."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from forum.extensions import db
from forum.mail.inbound.address import make_token
from forum.models import Post
from tests.conftest import _free_port
from tests.helpers import setup_forum
from tests.mail.inbound_support import REPLY_DOMAIN
from tests.web.support import fast_password_hashing  # noqa: F401

REPO = Path(__file__).resolve().parents[2]


def test_inbound_refuses_to_start_without_a_reply_domain(app):
    app.config["REPLY_DOMAIN"] = None
    result = app.test_cli_runner().invoke(args=["mail", "inbound", "--port", "2525"])
    assert result.exit_code == 1
    assert "FORUM_REPLY_DOMAIN" in result.output and "Traceback" not in result.output


def test_inbound_says_when_it_cannot_listen(app):
    app.config["REPLY_DOMAIN"] = REPLY_DOMAIN
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = app.test_cli_runner().invoke(
            args=["mail", "inbound", "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[0]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("forum mail inbound did not listen within 30 s")


def test_inbound_posts_a_reply_and_stops_on_sigterm(app, tmp_path):
    forum, moderator, participant, thread = setup_forum()
    app.config["REPLY_DOMAIN"] = REPLY_DOMAIN
    to = f"reply+{make_token(participant.id, thread.id)}@{REPLY_DOMAIN}"
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": url,
           "SECRET_KEY": app.config["SECRET_KEY"], "FORUM_REPLY_DOMAIN": REPLY_DOMAIN,
           "FORUM_MAIL_OUTBOX": str(tmp_path), "FORUM_RATELIMIT_ENABLED": "false"}
    server = subprocess.Popen(
        [sys.executable, "-c", "from forum.cli import main; main()", "mail", "inbound",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for_port(port, server)
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = participant.email, to, "Re: x"
        message.set_content("Sent through the real command.\n\n> quoted\n")
        with smtplib.SMTP("127.0.0.1", port, timeout=15) as client:
            client.send_message(message)
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=15)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, output
    assert "mail inbound: stopped" in output and "Traceback" not in output
    db.session.commit()  # a fresh snapshot: SQLite's reader sees the server's write
    [post] = db.session.scalars(select(Post).where(Post.author_id == participant.id)).all()
    assert (post.state, post.body) == ("pending", "Sent through the real command.")
