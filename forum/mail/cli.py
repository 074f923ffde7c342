"""`forum mail ...`: deliver the outbox once or continuously, show it, retry dead letters,
and queue the daily digests. Thin wrappers over forum/mail/delivery.py."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from forum.mail.delivery import PassResult

log = logging.getLogger("forum.mail.worker")


@click.group(help="Email: deliver the outbox, show it, queue daily digests, receive replies.")
def mail() -> None:
    pass


def _summary(result: PassResult) -> str:
    return f"sent {result.sent}, retrying {result.retrying}, dead {result.dead}"


@mail.command("send", help="Deliver the messages that are due, once. Exits 1 if any failed.")
@with_appcontext
def mail_send():
    from sqlalchemy.exc import SQLAlchemyError

    from forum.mail.delivery import deliver_due, outbox_status

    try:
        result = deliver_due()
        status = outbox_status()
    except ValueError as error:
        raise click.ClickException(f"MAIL_SENDER: {error}") from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"cannot read the outbox: {error.__class__.__name__}: "
                                   f"{str(error).splitlines()[0]}") from None
    click.echo(f"{_summary(result)}; {status.pending} pending, {status.dead} dead in all")
    if result.failed:
        raise SystemExit(1)


@mail.command("worker", help="Deliver continuously until SIGTERM or SIGINT.")
@click.option("--poll", type=float, default=None,
              help="Seconds between passes (default: MAIL_POLL_SECONDS).")
@with_appcontext
def mail_worker(poll):
    from forum.mail.worker import run_worker, stop_on_signals

    app = current_app._get_current_object()
    poll = float(poll if poll is not None else app.config["MAIL_POLL_SECONDS"])
    if poll <= 0:
        raise click.ClickException("--poll must be more than 0 seconds")
    target = app.config.get("MAIL_SERVER") or app.config["MAIL_OUTBOX"]
    stop = threading.Event()
    stop_on_signals(stop)
    # Logged, not echoed: the worker's lines share the server's format (LOG_FORMAT).
    log.info("mail worker: delivering to %s every %g s", target, poll)
    run_worker(app, stop, poll=poll,
               report=lambda result: log.info("mail worker: %s", _summary(result),
                                              extra={"sent": result.sent,
                                                     "retrying": result.retrying,
                                                     "dead": result.dead}))
    log.info("mail worker: stopped")


@mail.command("inbound", help="Receive emailed replies for FORUM_REPLY_DOMAIN over SMTP "
              "until SIGTERM or SIGINT (docs/email.md).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=2525, show_default=True,
              help="Port to listen on (25 needs privileges; or relay from your MTA).")
@with_appcontext
def mail_inbound(host, port):
    from forum.mail.inbound.server import run_inbound
    from forum.mail.worker import stop_on_signals

    app = current_app._get_current_object()
    if not app.config.get("REPLY_DOMAIN"):
        raise click.ClickException("set FORUM_REPLY_DOMAIN (the domain of the reply "
                                   "addresses) before receiving replies")
    stop = threading.Event()
    stop_on_signals(stop)
    try:
        log.info("mail inbound: receiving replies for %s on %s:%s",
                 app.config["REPLY_DOMAIN"], host, port)
        run_inbound(app, host, port, stop)
    except (OSError, RuntimeError) as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error}") from None
    log.info("mail inbound: stopped")


@mail.command("status", help="Count the outbox's messages by state; list dead letters.")
@click.option("--dead", "show_dead", is_flag=True, help="Also list the dead letters.")
@with_appcontext
def mail_status(show_dead):
    from forum.mail.delivery import dead_messages, outbox_status

    status = outbox_status()
    oldest = f" (oldest queued {status.oldest_pending:%Y-%m-%d %H:%M} UTC)" \
        if status.oldest_pending else ""
    click.echo(f"pending {status.pending} ({status.due} due now){oldest}")
    click.echo(f"sent {status.sent} (kept for MAIL_KEEP_SENT_DAYS)")
    click.echo(f"dead {status.dead}")
    if show_dead:
        for message in dead_messages():
            click.echo(f"  #{message.id} to {message.recipient} after {message.attempts} "
                       f"attempt(s): {message.last_error}")


@mail.command("retry", help="Queue dead letters again (all, or the ids given).")
@click.argument("ids", nargs=-1, type=int)
@with_appcontext
def mail_retry(ids):
    from forum.mail.delivery import retry_dead

    click.echo(f"queued {retry_dead(list(ids))} dead message(s) again")


@mail.command("daily", help="Queue the daily digest emails for daily watchers.")
@with_appcontext
def mail_daily():
    from forum.database import write_intent
    from forum.notify import send_daily_digests

    with write_intent():
        count = send_daily_digests()
    click.echo(f"queued {count} digest(s); `forum mail send` or the worker delivers them")
