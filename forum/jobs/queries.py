"""Reading the jobs table: counts for `forum jobs status`, /metrics and the admin page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from forum.clock import now
from forum.extensions import db
from forum.models import Job, JobState


@dataclass(frozen=True)
class JobCounts:
    pending: int
    running: int
    done: int
    failed: int
    failing: int  # pending again after a failed attempt
    oldest_pending_seconds: float


def job_counts() -> JobCounts:
    """Jobs by state, and the age of the oldest pending one, in one query."""
    pending = Job.state == JobState.PENDING
    row = db.session.execute(select(
        func.count(case((pending, 1))),
        func.count(case((Job.state == JobState.RUNNING, 1))),
        func.count(case((Job.state == JobState.DONE, 1))),
        func.count(case((Job.state == JobState.FAILED, 1))),
        func.count(case((and_(pending, Job.last_error != ""), 1))),
        func.min(case((pending, Job.created_at))),
    )).one()
    oldest = max(0.0, (now() - row[5]).total_seconds()) if row[5] else 0.0
    return JobCounts(*row[:5], oldest_pending_seconds=oldest)


def failed_jobs(limit: int = 100) -> list[Job]:
    """The most recent failed jobs, with their last error."""
    return list(db.session.scalars(select(Job).where(Job.state == JobState.FAILED)
                                   .order_by(Job.id.desc()).limit(limit)))


def waiting_jobs(limit: int = 20) -> list[Job]:
    """Jobs pending or running, oldest first."""
    return list(db.session.scalars(
        select(Job).where(Job.state.in_((JobState.PENDING, JobState.RUNNING)))
        .order_by(Job.id).limit(limit)))
