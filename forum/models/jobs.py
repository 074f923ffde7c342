"""Background jobs (forum/jobs): one row per piece of work, whichever backend runs it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.clock import now
from forum.extensions import db


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    """A job of `kind` with JSON `args`. `key` names jobs that do the same work, so a
    second request for it while one is pending adds nothing (e.g. "deliver due mail")."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("state IN ('pending', 'running', 'done', 'failed')", name="state"),
        # The database backend looks for due jobs; enqueueing looks for a pending key.
        Index("ix_jobs_due", "state", "next_attempt_at"),
        Index("ix_jobs_key", "key", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(10), default=JobState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    # When a pending job may run; while running, when its claim runs out (a dead worker).
    next_attempt_at: Mapped[datetime] = mapped_column(default=now)
    last_error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    request_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=now)
    finished_at: Mapped[datetime | None]
