"""Delivering the outbox: claim due messages, send them, record the outcome.

A claim selects due rows and marks them in one short transaction: on PostgreSQL the
select locks them `FOR UPDATE SKIP LOCKED`, so a second worker skips rows the first is
claiming; on SQLite the claim runs under BEGIN IMMEDIATE (`write_intent`), so claims queue. A claim
counts an attempt and moves `next_attempt_at` a lease ahead (MAIL_CLAIM_SECONDS): the row
is not due for anyone else meanwhile, and if the worker dies mid-send it becomes due again
once the lease runs out. Sending happens outside any transaction, so a slow mail server
never holds a database lock. Each outcome is written by a conditional UPDATE naming the
attempt that was claimed.

Delivery is at least once: a worker that dies after the server accepted a message but
before recording it leaves the message to be sent again after the lease. Two live workers
never send one message twice.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address

from flask import current_app
from sqlalchemy import func, select, update

from forum.clock import now
from forum.database import purge, write_intent
from forum.extensions import db
from forum.mail.compose import build_message, sender
from forum.mail.transport import open_transport
from forum.models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """A message this worker has claimed, as it was read when claimed."""

    id: int
    attempt: int
    recipient: str
    subject: str
    body: str
    headers: dict


@dataclass
class PassResult:
    """What one delivery pass did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0

    @property
    def failed(self) -> int:
        return self.retrying + self.dead


def backoff(attempt: int) -> timedelta:
    """Wait before the next attempt: MAIL_RETRY_SECONDS doubled per failed attempt,
    at most MAIL_RETRY_MAX_SECONDS."""
    config = current_app.config
    base = float(config["MAIL_RETRY_SECONDS"])
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0),
                                 float(config["MAIL_RETRY_MAX_SECONDS"])))


def claim_due(size: int, *, skip: set[int] | frozenset[int] = frozenset()) -> list[Claim]:
    """Claim up to `size` pending messages that are due, oldest first, except those in
    `skip`; commits the claim (and whatever the session held before)."""
    moment = now()
    is_due = (OutboxMessage.state == OutboxState.PENDING,
              OutboxMessage.next_attempt_at <= moment)
    due = select(OutboxMessage.id).where(*is_due)
    if skip:
        due = due.where(OutboxMessage.id.not_in(skip))
    # A plain read first: an idle worker polling every few seconds should not take
    # SQLite's write lock each time.
    anything = db.session.scalar(due.limit(1))
    db.session.commit()
    if anything is None:
        return []
    due = due.order_by(OutboxMessage.id).limit(size).with_for_update(skip_locked=True)
    lease = moment + timedelta(seconds=float(current_app.config["MAIL_CLAIM_SECONDS"]))
    with write_intent():
        # Two statements: a LIMIT subquery inside the UPDATE may be run again per row by
        # PostgreSQL's planner (a probe claimed all 40 rows with LIMIT 4); the ids locked
        # here are held until the commit below.
        ids = db.session.scalars(due).all()
        rows = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), *is_due)
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=lease)
            .returning(OutboxMessage.id, OutboxMessage.attempts, OutboxMessage.recipient,
                       OutboxMessage.subject, OutboxMessage.body, OutboxMessage.headers)
            .execution_options(synchronize_session=False)
        ).all() if ids else []
        db.session.commit()
    return sorted((Claim(*row) for row in rows), key=lambda claim: claim.id)


def _record(claim: Claim, **values: object) -> None:
    with write_intent():
        db.session.commit()
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claim.id, OutboxMessage.attempts == claim.attempt,
                   OutboxMessage.state == OutboxState.PENDING)
            .values(**values).execution_options(synchronize_session=False)
        )
        db.session.commit()


def _failed(claim: Claim, error: Exception, result: PassResult, *, permanent: bool) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    if permanent or claim.attempt >= int(current_app.config["MAIL_MAX_ATTEMPTS"]):
        _record(claim, state=OutboxState.DEAD, last_error=text)
        result.dead += 1
        log.error("mail %s to %s is dead after %s attempt(s): %s", claim.id, claim.recipient,
                  claim.attempt, text)
    else:
        _record(claim, last_error=text, next_attempt_at=now() + backoff(claim.attempt))
        result.retrying += 1
        log.warning("mail %s to %s failed (attempt %s), will retry: %s", claim.id,
                    claim.recipient, claim.attempt, text)


def _deliver(claims: list[Claim], result: PassResult, from_address: Address) -> None:
    transport = open_transport(current_app.config)
    try:
        for claim in claims:
            try:
                message = build_message(
                    sender_address=from_address, recipient=claim.recipient,
                    subject=claim.subject, body=claim.body, headers=claim.headers)
            except ValueError as error:  # it will never become a valid message
                _failed(claim, error, result, permanent=True)
                continue
            try:
                transport.send(message)
            except Exception as error:  # noqa: BLE001 (recorded on the message, retried)
                _failed(claim, error, result, permanent=False)
                continue
            _record(claim, state=OutboxState.SENT, sent_at=now(), last_error="")
            result.sent += 1
    finally:
        transport.close()


def deliver_due(*, stop: threading.Event | None = None) -> PassResult:
    """One delivery pass: deliver every message due now, in batches (until `stop` is set);
    each message is tried at most once per pass."""
    result = PassResult()
    # A misconfigured sender is the operator's to fix: refuse the pass, touch no message.
    from_address = sender(current_app.config["MAIL_SENDER"])
    purge_sent()
    tried: set[int] = set()
    size = int(current_app.config["MAIL_BATCH_SIZE"])
    while stop is None or not stop.is_set():
        claims = claim_due(size, skip=tried)
        if not claims:
            break
        tried.update(claim.id for claim in claims)
        _deliver(claims, result, from_address)
    return result


def purge_sent() -> int:
    """Forget sent messages older than MAIL_KEEP_SENT_DAYS (they hold one-time links)."""
    days = current_app.config["MAIL_KEEP_SENT_DAYS"]
    if days is None or float(days) < 0:
        return 0
    cutoff = now() - timedelta(days=float(days))
    return purge(OutboxMessage, OutboxMessage.state == OutboxState.SENT,
                 OutboxMessage.sent_at < cutoff)


@dataclass(frozen=True)
class Status:
    """Counts by state; `due` of the pending ones may be sent now."""

    pending: int
    due: int
    sent: int
    dead: int
    oldest_pending: datetime | None


def outbox_status() -> Status:
    """How many messages wait, were sent (and kept), or are dead."""
    counts = dict(db.session.execute(
        select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    pending = OutboxMessage.state == OutboxState.PENDING
    due = db.session.scalar(select(func.count()).where(
        pending, OutboxMessage.next_attempt_at <= now())) or 0
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at)).where(pending))
    return Status(pending=counts.get(OutboxState.PENDING, 0), due=due,
                  sent=counts.get(OutboxState.SENT, 0), dead=counts.get(OutboxState.DEAD, 0),
                  oldest_pending=oldest)


def dead_messages(limit: int = 50) -> list[OutboxMessage]:
    """The most recent dead letters, with their last error."""
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.state == OutboxState.DEAD).order_by(OutboxMessage.id.desc())
        .limit(limit)).all()


def retry_dead(ids: list[int] | None = None) -> int:
    """Give dead messages (all, or those in `ids`) a fresh set of attempts."""
    query = update(OutboxMessage).where(OutboxMessage.state == OutboxState.DEAD)
    if ids:
        query = query.where(OutboxMessage.id.in_(ids))
    with write_intent():
        db.session.commit()
        count = db.session.execute(query.values(
            state=OutboxState.PENDING, attempts=0, next_attempt_at=now())
            .execution_options(synchronize_session=False)).rowcount
        db.session.commit()
    return count
