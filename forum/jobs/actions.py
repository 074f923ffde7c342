"""Enqueueing rules and the Secretariat's retry. `enqueue` joins the caller's transaction
(the caller commits); the others commit themselves."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from forum import audit
from forum.clock import now
from forum.database import purge, write_intent
from forum.extensions import db
from forum.jobs import queue
from forum.jobs.tasks import KINDS
from forum.models import Forum, Job, JobState, OutboxMessage, OutboxState, User
from forum.ops.logs import request_id
from forum.permissions import can_administer
from forum.refusals import Conflict, Forbidden, NotFound

MAIL_KEY = "mail.deliver"


def enqueue(kind: str, args: dict | None = None, *, key: str = "") -> Job:
    """Add a job to the caller's transaction. A job with a `key` is not added twice: while
    one with that key waits untried, asking again returns it (the work is the same)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of job {kind!r}")
    if key:
        waiting = db.session.scalar(select(Job).where(
            Job.key == key, Job.state == JobState.PENDING, Job.attempts == 0).limit(1))
        if waiting is not None:
            # Hand it to the queue again: if its first push to Redis was lost (Redis away
            # at that commit), nothing else would. A second push is harmless: a worker
            # claims a job only while it is still pending.
            pushed = db.session.info.setdefault(queue.PUSH, [])
            if waiting.id not in pushed:
                pushed.append(waiting.id)
            return waiting
    moment = now()
    job = Job(kind=kind, args=args or {}, key=key, state=JobState.PENDING, attempts=0,
              next_attempt_at=moment, last_error="", result="", request_id=request_id(),
              created_at=moment)
    db.session.add(job)
    db.session.flush()  # the id, to hand it to Redis after the commit
    db.session.info.setdefault(queue.PUSH, []).append(job.id)
    return job


def enqueue_mail_delivery() -> Job:
    """Deliver the outbox soon (called when a message is queued; one job serves them all)."""
    return enqueue("mail.deliver", key=MAIL_KEY)


def enqueue_due_mail() -> Job | None:
    """The worker's tick: outbox messages whose retry time has come get a delivery job."""
    due = db.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now())
        .limit(1))
    if due is None:
        db.session.commit()
        return None
    with write_intent():
        db.session.commit()
        job = enqueue_mail_delivery()
        db.session.commit()
    return job


def request_reindex(slug: str | None = None) -> Job:
    """Rebuild the search index in the background (the operators' command)."""
    with write_intent():
        db.session.commit()
        if slug is not None and db.session.scalar(select(Forum.id).where(Forum.slug == slug)) \
                is None:
            raise NotFound(f"No forum {slug!r}.", field="slug")
        job = enqueue("search.reindex", {"slug": slug}, key=f"search.reindex:{slug or '*'}")
        db.session.commit()
    return job


def request_import(path: str, *, replace: bool = False, trust_roles: bool = False) -> Job:
    """Import an archive file in the background (the file must stay where it is)."""
    with write_intent():
        db.session.commit()
        job = enqueue("archive.import", {"path": path, "replace": replace,
                                         "trust_roles": trust_roles})
        db.session.commit()
    return job


def request_digest(forum: Forum, words: int | None = None) -> Job:
    """Generate a forum's draft digest in the background (its draft page waits for it).

    The page asks on every reload: a job already waiting or running for the same draft is
    returned instead of a new one, and so is one that failed for good (the page says so
    and no new job is made until the Secretariat retries it, at /jobs)."""
    key = f"digest.generate:{forum.id}:{words or ''}"
    latest = db.session.scalar(select(Job).where(Job.key == key).order_by(Job.id.desc())
                               .limit(1))
    if latest is not None and latest.state in (JobState.PENDING, JobState.RUNNING,
                                               JobState.FAILED):
        return latest
    with write_intent():
        db.session.commit()
        job = enqueue("digest.generate", {"forum_id": forum.id, "words": words}, key=key)
        db.session.commit()
    return job


def _revive(query) -> list[int]:  # noqa: ANN001
    ids = list(db.session.scalars(query.with_only_columns(Job.id)))
    if ids:
        db.session.execute(update(Job).where(Job.id.in_(ids)).values(
            state=JobState.PENDING, attempts=0, next_attempt_at=now(), last_error="",
            finished_at=None).execution_options(synchronize_session=False))
        db.session.info.setdefault(queue.PUSH, []).extend(ids)
    return ids


def retry_job(job_id: int, *, acting_user: User) -> Job:
    """The Secretariat gives a failed job a fresh set of attempts (audited)."""
    if not can_administer(acting_user):
        raise Forbidden("Only the Secretariat may retry jobs.")
    job = db.session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job.")
    if job.state != JobState.FAILED:
        raise Conflict("Only a failed job can be retried; this one is "
                       f"{job.state}.")
    if not _revive(select(Job).where(Job.id == job_id, Job.state == JobState.FAILED)):
        raise Conflict("The job was retried at the same moment.")
    audit.record(acting_user, "job.retry", job, kind=job.kind, error=job.last_error[:200])
    db.session.commit()
    return job


def retry_jobs(ids: list[int] | None = None, *, pending: bool = False) -> int:
    """The operators' command: failed jobs (all, or those ids) run again; with `pending`,
    waiting jobs are handed to the queue again too (after Redis was away)."""
    states = [JobState.FAILED] + ([JobState.PENDING] if pending else [])
    query = select(Job).where(Job.state.in_(states))
    if ids:
        query = query.where(Job.id.in_(ids))
    with write_intent():
        db.session.commit()
        count = len(_revive(query))
        db.session.commit()
    return count


def purge_finished() -> int:
    """Forget done jobs older than JOB_KEEP_DONE_DAYS (failed ones are kept)."""
    days = float(current_app.config["JOB_KEEP_DONE_DAYS"])
    if days < 0:
        return 0
    return purge(Job, Job.state == JobState.DONE, Job.finished_at < now() - timedelta(days=days))
