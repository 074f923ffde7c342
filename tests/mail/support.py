"""Helpers of the mail tests: outbox rows, a closed port, delivery passes."""

from __future__ import annotations

import socket

from sqlalchemy import select

from forum.extensions import db
from forum.models import OutboxMessage


def outbox(**where) -> list[OutboxMessage]:
    """The outbox rows (optionally filtered by column values), oldest first."""
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(db.session.scalars(query))


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def header_names(message) -> list[str]:
    return [name.lower() for name in message]
