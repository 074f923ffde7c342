"""The two backends that decide who runs a job row.

- `database`: `forum worker` polls the table and claims due rows in one short transaction,
  as forum/mail/delivery.py claims the outbox: `FOR UPDATE SKIP LOCKED` on PostgreSQL (a
  second worker takes the next rows instead of waiting), BEGIN IMMEDIATE on SQLite
  (`write_intent`: claims queue).
- `rq`: the ids of the jobs a transaction enqueued are pushed to an RQ queue on Redis once
  that transaction has committed (an RQ worker could otherwise look before the row
  exists); RQ workers run `run_rq(id)`, which claims the row by id. RQ's Retry re-queues a
  failed attempt after JOB_RETRY_SECONDS (doubled), so the scheduler must run
  (`forum worker` starts it).

The row stays the truth in both: a push that reaches Redis twice, or a retry from the
table, finds the row already claimed or done and does nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from forum.clock import now
from forum.database import write_intent
from forum.extensions import db
from forum.models import Job, JobState

log = logging.getLogger(__name__)
PUSH = "forum_jobs_to_push"  # session.info: ids enqueued in the open transaction
BACKENDS = ("database", "rq")
_clients: dict[tuple, Any] = {}


def backend(app: Flask | None = None) -> str:
    """`rq` when JOBS_BACKEND says so, or it is empty and FORUM_REDIS_URL is set."""
    config = (app or current_app).config
    chosen = (config.get("JOBS_BACKEND") or "").strip().lower()
    if not chosen:
        chosen = "rq" if config.get("REDIS_URL") else "database"
    if chosen not in BACKENDS:
        raise ValueError(f"JOBS_BACKEND must be one of {', '.join(BACKENDS)}, not {chosen!r}")
    return chosen


def redis_client(url: str, *, worker: bool = False,
                 app: Flask | None = None):  # noqa: ANN201 (redis.Redis, imported lazily)
    """One client (a connection pool) per Redis URL and process, waiting at most
    REDIS_CONNECT_TIMEOUT to connect and REDIS_SOCKET_TIMEOUT for each answer.

    `worker`: the RQ worker's own client. Its dequeue blocks on Redis for minutes, and RQ
    raises the socket timeout of the connection it is given above that (RQ's
    Worker._set_connection changes the pool in place): on a shared client that would
    let every other call of the process hang as long."""
    config = (app or current_app).config if (app or has_app_context()) else {}
    connect = float(config.get("REDIS_CONNECT_TIMEOUT", 2.0))
    answer = float(config.get("REDIS_SOCKET_TIMEOUT", 2.0))
    key = (url, worker, connect, answer)
    client = _clients.get(key)
    if client is None:
        import redis

        client = _clients[key] = redis.Redis.from_url(
            url, socket_connect_timeout=connect, socket_timeout=None if worker else answer)
    return client


def rq_queue(app: Flask | None = None, *, worker: bool = False):  # noqa: ANN201 (rq.Queue)
    from rq import Queue

    config = (app or current_app).config
    if not config.get("REDIS_URL"):
        raise ValueError("the rq backend needs FORUM_REDIS_URL")
    return Queue(config.get("JOBS_QUEUE") or "forum",
                 connection=redis_client(config["REDIS_URL"], worker=worker, app=app))


def retry_intervals(app: Flask | None = None) -> list[int]:
    """Seconds to wait before each further attempt: JOB_RETRY_SECONDS, doubled each time."""
    config = (app or current_app).config
    base = int(config["JOB_RETRY_SECONDS"])
    return [base * 2 ** n for n in range(max(int(config["JOB_MAX_ATTEMPTS"]) - 1, 1))]


def push(job_ids: list[int]) -> None:
    """Hand committed jobs to RQ (the rq backend only; the database backend polls)."""
    if not job_ids or backend() != "rq":
        return
    from rq import Retry

    from forum.jobs.worker import run_rq

    queue = rq_queue()
    timeout = int(current_app.config["JOB_CLAIM_SECONDS"])
    for job_id in job_ids:
        try:
            queue.enqueue(run_rq, job_id, job_timeout=timeout,
                          retry=Retry(max=len(retry_intervals()), interval=retry_intervals()),
                          description=f"forum job {job_id}")
        except Exception:  # noqa: BLE001 (the row is kept: `forum jobs retry` pushes it again)
            log.exception("job %s could not be handed to Redis; it waits in the table", job_id)


def register(app: Flask) -> None:
    """Push each transaction's jobs after its commit; forget them after a rollback."""
    if getattr(register, "done", False):
        return
    register.done = True

    @event.listens_for(Session, "after_commit")
    def _after_commit(session: Session) -> None:
        ids = session.info.pop(PUSH, None)
        if ids and has_app_context():
            try:
                push(ids)
            except Exception:  # noqa: BLE001 (the commit stands; the rows wait)
                log.exception("jobs %s were committed but not handed to the queue", ids)

    @event.listens_for(Session, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(PUSH, None)


def _due(moment):  # noqa: ANN001, ANN202
    # Pending and due, or running past its claim (the worker that claimed it died).
    return (Job.state.in_((JobState.PENDING, JobState.RUNNING)), Job.next_attempt_at <= moment)


def _claim(where: tuple, moment, limit: int | None) -> list[tuple]:  # noqa: ANN001
    lease = moment + timedelta(seconds=float(current_app.config["JOB_CLAIM_SECONDS"]))
    chosen = select(Job.id).where(*where).order_by(Job.id).with_for_update(skip_locked=True)
    if limit is not None:
        chosen = chosen.limit(limit)
    with write_intent():
        db.session.commit()
        # Two statements, as for the outbox: the ids locked here are held to the commit.
        ids = db.session.scalars(chosen).all()
        rows = db.session.execute(
            update(Job).where(Job.id.in_(ids), *where)
            .values(state=JobState.RUNNING, attempts=Job.attempts + 1, next_attempt_at=lease)
            .returning(Job.id, Job.kind, Job.args, Job.attempts, Job.request_id)
            .execution_options(synchronize_session=False)).all() if ids else []
        db.session.commit()
    return sorted(rows)


def claim_due(size: int, *, skip: set[int] | frozenset[int] = frozenset()) -> list[tuple]:
    """Claim up to `size` due jobs, oldest first, except those in `skip` (the database
    backend)."""
    moment = now()
    where = _due(moment) + ((Job.id.not_in(skip),) if skip else ())
    # A plain read first: an idle worker polling every few seconds takes no write lock.
    anything = db.session.scalar(select(Job.id).where(*where).limit(1))
    db.session.commit()
    return _claim(where, moment, size) if anything is not None else []


def claim_by_id(job_id: int) -> tuple | None:
    """Claim one job by id (the rq backend): pending whenever it was pushed, or running
    past its claim; None if it is taken, done or failed."""
    moment = now()
    lapsed = (Job.state == JobState.RUNNING) & (Job.next_attempt_at <= moment)
    where = (Job.id == job_id, or_(Job.state == JobState.PENDING, lapsed))
    rows = _claim(where, moment, None)
    return rows[0] if rows else None
