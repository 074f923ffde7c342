"""Sending email: over SMTP when MAIL_SERVER is set, else into a file outbox (development).

Callers send only after their transaction has committed, so no email ever describes a
state the database does not hold.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def public_url(path: str) -> str:
    """Absolute address built from FORUM_PUBLIC_URL, never from the request's Host header."""
    return current_app.config["PUBLIC_URL"] + path


def public_url_for(endpoint: str, **values: object) -> str:
    """Like url_for(..., _external=True), but from FORUM_PUBLIC_URL and usable outside a
    request (the CLI and background jobs have none)."""
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    return public_url(adapter.build(endpoint, values))


def send_mail(to: str, subject: str, body: str, *, headers: dict[str, str] | None = None) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="forum.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)

    if config.get("MAIL_SERVER"):
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException):
            # A mail outage must not undo a committed post or approval; it is logged.
            log.exception("could not send mail to %s", to)
        return

    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").replace("@", "_")
    (outbox / f"{name}.eml").write_bytes(bytes(message))
    log.info("mail to %s written to the outbox: %s", to, subject)
