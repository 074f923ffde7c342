"""Running jobs: one attempt (`execute`), the database backend's loop, and RQ's entry."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from flask import Flask, current_app, has_app_context
from sqlalchemy import update

from forum.clock import now
from forum.database import write_intent
from forum.extensions import db
from forum.jobs import queue
from forum.jobs.tasks import KINDS, PermanentError
from forum.models import Job, JobState
from forum.ops.logs import carried_request_id

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    DONE = "done"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # taken, done or failed already (a duplicate push)


class TryAgain(Exception):
    """Raised to RQ so that its Retry queues the job's next attempt."""


@dataclass(frozen=True)
class Claim:
    id: int
    kind: str
    args: dict
    attempt: int
    request_id: str | None


def _record(claim: Claim, **values: object) -> None:
    with write_intent():
        db.session.commit()
        db.session.execute(
            update(Job).where(Job.id == claim.id, Job.attempts == claim.attempt,
                              Job.state == JobState.RUNNING)
            .values(**values).execution_options(synchronize_session=False))
        db.session.commit()


def _extra(claim: Claim) -> dict:
    # Named on the record itself too, so every handler sees it (not only those with the
    # request id filter).
    return {"job_id": claim.id, "kind": claim.kind, "request_id": claim.request_id}


def backoff(attempt: int) -> timedelta:
    intervals = queue.retry_intervals()
    return timedelta(seconds=intervals[min(attempt - 1, len(intervals) - 1)])


def execute(claim: Claim) -> Outcome:
    """Run one claimed attempt and record how it ended, under the enqueuing request's id."""
    with carried_request_id(claim.request_id):
        task = KINDS.get(claim.kind)
        log.info("job %s (%s) attempt %s started", claim.id, claim.kind, claim.attempt,
                 extra=_extra(claim))
        try:
            if task is None:
                raise PermanentError(f"unknown kind of job {claim.kind!r}")
            result = task(**(claim.args or {}))
        except Exception as error:  # noqa: BLE001 (recorded on the job, retried or kept)
            db.session.rollback()
            return _failed(claim, error)
        _record(claim, state=JobState.DONE, result=str(result)[:2000], last_error="",
                finished_at=now())
        log.info("job %s (%s) done: %s", claim.id, claim.kind, result, extra=_extra(claim))
        return Outcome.DONE


def _failed(claim: Claim, error: Exception) -> Outcome:
    text = f"{type(error).__name__}: {error}"[:2000]
    final = (isinstance(error, PermanentError)
             or claim.attempt >= int(current_app.config["JOB_MAX_ATTEMPTS"]))
    extra = _extra(claim)
    if final:
        _record(claim, state=JobState.FAILED, last_error=text, finished_at=now())
        log.error("job %s (%s) failed after %s attempt(s), kept for the Secretariat: %s",
                  claim.id, claim.kind, claim.attempt, text, extra=extra,
                  exc_info=not isinstance(error, PermanentError))
        return Outcome.FAILED
    _record(claim, state=JobState.PENDING, last_error=text,
            next_attempt_at=now() + backoff(claim.attempt))
    log.warning("job %s (%s) attempt %s failed, will retry: %s", claim.id, claim.kind,
                claim.attempt, text, extra=extra)
    return Outcome.RETRY


def run_due(*, stop: threading.Event | None = None, size: int = 10) -> dict[Outcome, int]:
    """The database backend's pass: run every job due now, in claimed batches; each job is
    tried at most once per pass."""
    counts = {outcome: 0 for outcome in Outcome}
    tried: set[int] = set()
    while stop is None or not stop.is_set():
        claims = [Claim(*row) for row in queue.claim_due(size, skip=tried)]
        if not claims:
            break
        tried.update(claim.id for claim in claims)
        for claim in claims:
            counts[execute(claim)] += 1
    return counts


def run_rq(job_id: int) -> str:
    """What RQ runs: claim the row by id and execute it. Needs the Flask app: the one whose
    context the worker runs in (`forum worker`), else one built from the environment."""
    if not has_app_context():
        with _app().app_context():
            return run_rq(job_id)
    try:
        row = queue.claim_by_id(job_id)
        if row is None:
            return Outcome.SKIPPED
        outcome = execute(Claim(*row))
    finally:
        db.session.remove()
    if outcome is Outcome.RETRY:
        raise TryAgain(f"job {job_id} will be tried again")
    return outcome


_apps: list[Flask] = []


def _app() -> Flask:
    if not _apps:
        from forum import create_app

        _apps.append(create_app())
    return _apps[0]


def run_database_worker(app: Flask, stop: threading.Event, *, poll: float) -> None:
    """Run due jobs every `poll` seconds until `stop` is set; a failed pass is logged and
    the loop goes on (the jobs wait in the table)."""
    while not stop.is_set():
        try:
            with app.app_context():
                try:
                    from forum.jobs.actions import enqueue_due_mail, purge_finished

                    purge_finished()
                    enqueue_due_mail()
                    run_due(stop=stop)
                finally:
                    db.session.remove()
        except Exception:  # noqa: BLE001 (the worker must outlive a failed pass)
            log.exception("job pass failed; trying again in %s s", poll)
        stop.wait(poll)


def run_rq_worker(app: Flask, *, burst: bool = False, poll: float = 5.0) -> bool:
    """An RQ worker on this app's queue (in this process: SimpleWorker, so jobs share the
    app and its connection pool), with RQ's scheduler for delayed retries. Outbox messages
    whose own retry time comes are handed over by a small thread every `poll` seconds."""
    from rq import SimpleWorker

    stop = threading.Event()
    ticker = threading.Thread(target=_tick_mail, args=(app, stop, poll), daemon=True)
    if not burst:
        ticker.start()
    try:
        jobs = queue.rq_queue(app, worker=True)  # its own connection (queue.redis_client)
        rq_worker = SimpleWorker([jobs], connection=jobs.connection)
        return rq_worker.work(burst=burst, with_scheduler=not burst,
                              logging_level=str(app.config.get("LOG_LEVEL", "INFO")))
    finally:
        stop.set()


def _tick_mail(app: Flask, stop: threading.Event, poll: float) -> None:
    while not stop.wait(poll):
        try:
            with app.app_context():
                from forum.jobs.actions import enqueue_due_mail, purge_finished

                try:
                    purge_finished()
                    enqueue_due_mail()
                finally:
                    db.session.remove()
        except Exception:  # noqa: BLE001
            log.exception("could not look for due mail")
