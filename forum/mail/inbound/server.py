"""The SMTP server behind `forum mail inbound` (aiosmtpd): one surface of the reply action.

RCPT accepts only reply addresses we signed (one per message); DATA reads the message,
runs the action in a worker thread inside an app context (the database calls block, the
event loop must not), and answers with what happened. Everything the action refuses is
translated here, in one place, into an SMTP answer or a bounce (forum/mail/inbound/actions.py).
"""

from __future__ import annotations

import asyncio
import logging
import threading

from aiosmtpd.controller import Controller
from flask import Flask

from forum.database import write_intent
from forum.extensions import db
from forum.mail import one_line
from forum.mail.inbound.actions import ReplyRefused, bounce, recipient_refusal, reply_by_email
from forum.mail.inbound.parse import MalformedMail, read_mail
from forum.ratelimit import participants_acting

log = logging.getLogger(__name__)
_SMTP_TEXT_MAX = 400


def smtp_text(message: str) -> str:
    """A reason as SMTP can carry it: one line of ASCII."""
    return one_line(message).encode("ascii", "replace").decode()[:_SMTP_TEXT_MAX]


class InboundHandler:
    """aiosmtpd handler: the hooks' names and signatures are aiosmtpd's."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if envelope.rcpt_tos:
            # RFC 5321 4.5.3.1.10: the client sends the other recipients in a later message.
            return "452 4.5.3 One reply address per message"
        with self.app.app_context():
            refusal = recipient_refusal(address)
        if refusal:
            return f"550 5.1.1 {smtp_text(refusal)}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.receive, envelope.rcpt_tos[0],
                                          envelope.original_content or envelope.content,
                                          envelope.mail_from or "")

    def receive(self, recipient: str, raw: bytes, envelope_sender: str) -> str:
        """The SMTP answer to one message for `recipient`."""
        # Rate limits count here as on the web: a participant is acting, not an operator.
        with self.app.app_context(), participants_acting():
            try:
                return self._receive(recipient, raw, envelope_sender)
            except Exception:  # noqa: BLE001 (a bug or a database outage: the sender retries)
                # Not the recipient: its token is as good as a password to the sender.
                log.exception("inbound mail failed; answered 451 so that it is sent again")
                db.session.rollback()
                return "451 4.3.0 Temporary failure, please try again later"
            finally:
                db.session.remove()

    def _receive(self, recipient: str, raw: bytes, envelope_sender: str) -> str:
        try:
            mail = read_mail(raw, envelope_sender)
        except MalformedMail as error:
            log.info("inbound mail refused: %s", error)
            return f"550 5.6.0 {smtp_text(str(error))}"
        if mail.automatic:
            # Auto-replies and bounces are neither posted nor answered: no mail loops.
            log.info("inbound mail ignored: an automatic message")
            return "250 OK, automatic message ignored"
        # Writers take SQLite's lock at BEGIN, as a POST request does (forum/database.py).
        with write_intent():
            try:
                post, created = reply_by_email(recipient, mail)
            except ReplyRefused as refusal:
                db.session.rollback()
                if refusal.owner is None:
                    log.info("inbound mail refused: %s", refusal.message)
                    return f"550 5.7.1 {smtp_text(refusal.message)}"
                log.info("inbound reply of user %s not posted: %s", refusal.owner.id,
                         refusal.message)
                bounce(refusal)
                return "250 OK, not posted: the reason was sent to you by email"
        log.info("inbound reply: post %s by user %s (%s)", post.id, post.author_id,
                 "created" if created else "already received")
        return "250 OK, your reply awaits moderation" if post.state == "pending" \
            else "250 OK, your reply is posted"


def start_inbound(app: Flask, host: str, port: int) -> Controller:
    """An SMTP server for REPLY_DOMAIN on host:port, running in its own thread."""
    controller = Controller(
        InboundHandler(app), hostname=host, port=port,
        data_size_limit=int(app.config["INBOUND_MAX_BYTES"]),
        server_hostname=app.config["REPLY_DOMAIN"], ident="forum inbound",
    )
    controller.start()
    return controller


def run_inbound(app: Flask, host: str, port: int, stop: threading.Event) -> None:
    """Serve until `stop` is set (SIGTERM/SIGINT in `forum mail inbound`)."""
    controller = start_inbound(app, host, port)
    try:
        stop.wait()
    finally:
        controller.stop()
