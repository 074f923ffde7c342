"""`forum mail send | worker | status | retry | daily`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from forum.extensions import db
from forum.mail import queue_mail
from forum.threads import actions as writing
from tests.helpers import make_reply, make_user, setup_forum
from tests.mail.support import closed_port, outbox
from tests.web.support import fast_password_hashing, reload, set_clock  # noqa: F401

REPO = Path(__file__).resolve().parents[2]


def forum(app, *args: str):
    return app.test_cli_runner().invoke(args=["mail", *args])


def queue(count: int = 1) -> None:
    for n in range(count):
        queue_mail(f"reader{n}@example.org", f"Message {n}", "Body\n")
    db.session.commit()


def test_mail_send_delivers_what_is_due_and_prints_the_counts(app, smtp):
    queue(2)
    result = forum(app, "send")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 2, retrying 0, dead 0; 0 pending, 0 dead in all"
    assert len(smtp.messages) == 2
    assert forum(app, "send").output.startswith("sent 0,")  # nothing due: still success


def test_mail_send_exits_non_zero_when_a_delivery_failed(app, smtp):
    app.config.update(MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=1)
    queue(1)
    result = forum(app, "send")
    assert result.exit_code == 1
    assert result.output.strip() == "sent 0, retrying 0, dead 1; 0 pending, 1 dead in all"


def test_mail_status_counts_pending_sent_and_dead_and_lists_dead_letters(app, smtp):
    set_clock(app, datetime(2026, 12, 3, 9, 0))
    queue(3)
    forum(app, "send")
    app.config.update(MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=1)
    queue(2)
    forum(app, "send")
    queue(1)
    result = forum(app, "status", "--dead")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "pending 1 (1 due now) (oldest queued 2026-12-03 09:00 UTC)"
    assert lines[1].startswith("sent 3 ")
    assert lines[2] == "dead 2"
    assert len(lines) == 5 and "after 1 attempt(s): ConnectionRefusedError" in lines[3]

    dead = [m.id for m in outbox(state="dead")]
    assert forum(app, "retry", str(dead[0])).output.strip() == \
        "queued 1 dead message(s) again"
    assert [m.id for m in outbox(state="dead")] == dead[1:]


def test_mail_daily_queues_digests_through_the_outbox(app, client, smtp):
    clock = set_clock(app, datetime(2014, 5, 28, 8, 0))
    forum_, moderator, participant, thread = setup_forum()
    watcher = make_user(email="daily@example.org")
    writing.watch(watcher, forum=forum_, mode="daily")
    clock.advance(hours=1)
    from forum.moderation import actions as moderation

    post = make_reply(thread, participant, "Today's message.")
    moderation.approve_post(reload(post), acting_user=moderator, version=1)
    clock.advance(hours=20)
    result = forum(app, "daily")
    assert result.exit_code == 0
    assert result.output.startswith("queued 1 digest(s)")
    assert [m.subject for m in outbox(recipient=watcher.email)] == [
        "Daily digest: 1 new message"]
    smtp.wait_for(3)
    assert len(smtp.to(watcher.email)) == 1


def test_mail_worker_delivers_until_sigterm_and_stops_cleanly(app, smtp, tmp_path):
    queue(1)
    db.session.remove()
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONPATH": str(REPO), "DATABASE_URL": url,
           "SECRET_KEY": "test-secret-key", "FORUM_MAIL_SERVER": "127.0.0.1",
           "FORUM_MAIL_PORT": str(smtp.port), "FORUM_MAIL_OUTBOX": str(tmp_path)}
    worker = subprocess.Popen(
        [sys.executable, "-c", "from forum.cli import main; main()", "mail", "worker",
         "--poll", "0.2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while not smtp.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [m["Subject"] for m in smtp.messages] == ["Message 0"]
        queue_mail("later@example.org", "Queued while it runs", "Body\n")
        db.session.commit()
        deadline = time.monotonic() + 10
        while len(smtp.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert smtp.messages[-1]["Subject"] == "Queued while it runs"
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=15)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output
    assert "mail worker: stopped" in output and "Traceback" not in output
    assert {m.state for m in outbox()} == {"sent"}


def test_mail_send_with_a_bad_sender_setting_says_so_and_touches_no_message(app, smtp):
    app.config["MAIL_SENDER"] = "Forum <not an address>"
    queue(1)
    result = forum(app, "send")
    assert result.exit_code == 1
    assert result.output.startswith("Error: MAIL_SENDER: not an email address")
    [message] = outbox()
    assert (message.state, message.attempts) == ("pending", 0)
