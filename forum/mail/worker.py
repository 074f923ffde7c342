"""The long-running delivery loop behind `forum mail worker`."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from flask import Flask

from forum.extensions import db
from forum.mail.delivery import PassResult, deliver_due

log = logging.getLogger(__name__)


def run_worker(app: Flask, stop: threading.Event, *, poll: float,
               report: Callable[[PassResult], None] | None = None) -> None:
    """Deliver what is due every `poll` seconds until `stop` is set. A pass that fails
    (database away, a bug) is logged and the loop goes on: mail waits, it is not lost."""
    while not stop.is_set():
        try:
            with app.app_context():
                try:
                    result = deliver_due(stop=stop)
                finally:
                    db.session.remove()
            if report is not None and (result.sent or result.failed):
                report(result)
        except Exception:  # noqa: BLE001 (the worker must outlive a failed pass)
            log.exception("mail delivery pass failed; trying again in %s s", poll)
        stop.wait(poll)


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end the loop after the batch in hand (no message half recorded)."""

    def handle(signum: int, _frame: object) -> None:
        log.info("signal %s: stopping after the current batch", signum)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
