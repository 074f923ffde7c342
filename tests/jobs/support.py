"""Helpers of the jobs tests: a pass of the database backend, and the jobs as tuples."""

from __future__ import annotations

from forum.jobs.worker import run_due
from forum.models import Job


def run_all() -> dict:
    """The database backend's pass, as `forum worker --burst` runs it."""
    return {str(k): v for k, v in run_due().items() if v}


def states(session) -> list[tuple[str, str, int]]:
    session.expire_all()
    return [(j.kind, j.state, j.attempts) for j in session.query(Job).order_by(Job.id)]
