"""Delivering the outbox: retries with backoff, dead letters, the file outbox, and two
delivery passes at once sending every message exactly once."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime

from forum.extensions import db
from forum.mail import queue_mail
from forum.mail.delivery import deliver_due, outbox_status, retry_dead
from tests.conftest import SmtpSink, _free_port
from tests.mail.support import closed_port, outbox
from tests.web.support import set_clock


def queue(count: int = 1, to: str = "reader@example.org") -> None:
    for n in range(count):
        queue_mail(to, f"Message {n}", f"Body {n}\n")
    db.session.commit()


def test_failed_deliveries_back_off_then_become_dead_letters_with_their_last_error(app, smtp):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    app.config.update(MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_SECONDS=60, MAIL_PORT=closed_port())
    queue()

    waits = []
    for attempt in (1, 2):
        result = deliver_due()
        assert (result.sent, result.retrying, result.dead) == (0, 1, 0)
        [message] = outbox()
        assert message.state == "pending" and message.attempts == attempt
        waits.append((message.next_attempt_at - clock()).total_seconds())
        assert deliver_due().failed == 0  # not due again before its backoff
        clock.advance(seconds=waits[-1])
    assert waits == [60, 120]  # doubling

    result = deliver_due()
    assert (result.sent, result.retrying, result.dead) == (0, 0, 1)
    [message] = outbox()
    assert message.state == "dead" and message.attempts == 3
    assert "refused" in message.last_error.lower()
    clock.advance(days=1)
    assert deliver_due().failed == 0  # a dead letter is kept, never tried again by itself
    status = outbox_status()
    assert (status.pending, status.sent, status.dead) == (0, 0, 1)

    # Once the server is back, the operator queues it again.
    app.config["MAIL_PORT"] = smtp.port
    assert retry_dead() == 1
    [mail] = smtp.wait_for(1)
    assert mail["Subject"] == "Message 0"
    assert outbox()[0].state == "sent"


def test_without_a_mail_server_delivery_writes_eml_files(app, tmp_path):
    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX=str(tmp_path / "outbox"))
    queue(2)
    assert deliver_due().sent == 2
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    assert b"Subject: Message" in files[0].read_bytes()
    assert {m.state for m in outbox()} == {"sent"}


def test_sent_messages_are_forgotten_after_the_retention_period(app, tmp_path):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX=str(tmp_path), MAIL_KEEP_SENT_DAYS=7)
    queue(1)
    deliver_due()
    clock.advance(days=6)
    deliver_due()
    assert len(outbox()) == 1
    clock.advance(days=2)
    deliver_due()
    assert outbox() == []


class SlowSink(SmtpSink):
    """A sink that takes a moment per message, so two delivery passes overlap."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def test_two_delivery_passes_at_once_send_each_message_once(app):
    from aiosmtpd.controller import Controller

    sink = SlowSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_BATCH_SIZE=4)
    try:
        queue(40)
        start = threading.Barrier(2)
        results, errors = [], []

        def worker() -> None:
            # Its own app context: its own session and database connection.
            try:
                with app.app_context():
                    start.wait()
                    results.append(deliver_due())
                    db.session.remove()
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        controller.stop()

    assert errors == []
    subjects = [m["Subject"] for m in sink.messages]
    assert sorted(subjects) == sorted(f"Message {n}" for n in range(40))  # each once
    assert sum(r.sent for r in results) == 40
    assert all(r.sent for r in results), "both passes should have taken a share"
    assert {(m.state, m.attempts) for m in outbox()} == {("sent", 1)}
