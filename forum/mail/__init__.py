"""Email through an outbox: actions queue messages in their own transaction (`queue_mail`),
and `forum mail send` / `forum mail worker` deliver them later (forum/mail/delivery.py),
over SMTP when MAIL_SERVER is set, else into the file outbox (development).

So a message exists exactly when the change it describes was committed, a request never
waits on SMTP, and a failed delivery is retried instead of lost.
"""

from __future__ import annotations

import logging

from flask import current_app

from forum.clock import now
from forum.extensions import db
from forum.mail.compose import mailbox, one_line
from forum.models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)

__all__ = ["one_line", "public_url", "public_url_for", "queue_mail"]


def public_url(path: str) -> str:
    """Absolute address built from FORUM_PUBLIC_URL, never from the request's Host header."""
    return current_app.config["PUBLIC_URL"] + path


def public_url_for(endpoint: str, **values: object) -> str:
    """Like url_for(..., _external=True), but from FORUM_PUBLIC_URL and usable outside a
    request (the CLI and background jobs have none)."""
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    return public_url(adapter.build(endpoint, values))


def queue_mail(to: str, subject: str, body: str, *,
               headers: dict[str, str] | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction (the caller commits)."""
    try:
        mailbox(to)
    except ValueError:
        # An address that can never receive mail must not make the action fail.
        log.warning("not queued: invalid recipient %r", to)
        return None
    moment = now()
    message = OutboxMessage(
        recipient=to.strip(), subject=one_line(subject)[:500], body=body,
        headers={name: one_line(value) for name, value in (headers or {}).items()},
        state=OutboxState.PENDING, attempts=0, next_attempt_at=moment, last_error="",
        created_at=moment,
    )
    db.session.add(message)
    # A delivery job in the same transaction: with a worker running, mail leaves at once
    # (one job serves every message queued before it runs).
    from forum.jobs.actions import enqueue_mail_delivery

    enqueue_mail_delivery()
    return message
