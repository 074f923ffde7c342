"""`forum worker` (either backend) and `forum jobs status|retry`."""

from __future__ import annotations

import logging
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

log = logging.getLogger("forum.jobs.worker")


def register(app: Flask) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs)


@click.command("worker", help="Run background jobs until SIGTERM or SIGINT: from RQ when "
               "FORUM_REDIS_URL is set, else from the database.")
@click.option("--backend", type=click.Choice(["database", "rq"]), default=None,
              help="Override JOBS_BACKEND.")
@click.option("--burst", is_flag=True, help="Run what is due now, then exit.")
@click.option("--poll", type=float, default=None,
              help="Seconds between passes (default: JOB_POLL_SECONDS).")
@with_appcontext
def worker_command(backend: str | None, burst: bool, poll: float | None) -> None:
    from forum.jobs import queue
    from forum.jobs.worker import run_database_worker, run_due, run_rq_worker

    app = current_app._get_current_object()
    if backend:
        app.config["JOBS_BACKEND"] = backend
    try:
        chosen = queue.backend(app)
        if chosen == "rq":
            queue.rq_queue(app)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    poll = float(poll if poll is not None else app.config["JOB_POLL_SECONDS"])
    if poll <= 0:
        raise click.ClickException("--poll must be more than 0 seconds")
    log.info("worker: %s backend%s", chosen, " (burst)" if burst else "")
    if chosen == "rq":
        try:
            run_rq_worker(app, burst=burst, poll=poll)
        except Exception as error:  # noqa: BLE001 (Redis away: one line, not a traceback)
            raise click.ClickException(f"rq worker: {type(error).__name__}: {error}") from None
    elif burst:
        counts = run_due()
        click.echo(", ".join(f"{outcome} {n}" for outcome, n in counts.items()))
    else:
        from forum.mail.worker import stop_on_signals

        stop = threading.Event()
        stop_on_signals(stop)
        run_database_worker(app, stop, poll=poll)
    log.info("worker: stopped")


@click.group(help="Background jobs: status and retries.")
def jobs() -> None:
    pass


@jobs.command("status", help="Count jobs by state; list failed ones with their error.")
@with_appcontext
def jobs_status() -> None:
    from forum.jobs import queue
    from forum.jobs.queries import failed_jobs, job_counts

    counts = job_counts()
    click.echo(f"backend {queue.backend()}")
    click.echo(f"pending {counts.pending} ({counts.failing} after a failed attempt; oldest "
               f"{counts.oldest_pending_seconds:.0f} s)")
    click.echo(f"running {counts.running}")
    click.echo(f"done {counts.done} (kept for JOB_KEEP_DONE_DAYS)")
    click.echo(f"failed {counts.failed}")
    for job in failed_jobs():
        click.echo(f"  #{job.id} {job.kind} after {job.attempts} attempt(s): {job.last_error}")


@jobs.command("retry", help="Run failed jobs again (all, or the ids given).")
@click.argument("ids", nargs=-1, type=int)
@click.option("--pending", is_flag=True,
              help="Also hand waiting jobs to the queue again (after Redis was away).")
@with_appcontext
def jobs_retry(ids: tuple[int, ...], pending: bool) -> None:
    from forum.jobs.actions import retry_jobs

    click.echo(f"queued {retry_jobs(list(ids), pending=pending)} job(s) again")
