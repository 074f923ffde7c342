"""Helpers of the reply-by-email tests: a real inbound SMTP server, and sending to it with
smtplib one command at a time, so a test sees each SMTP answer."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from forum.extensions import db
from forum.mail.inbound.server import start_inbound
from tests.conftest import _free_port

REPLY_DOMAIN = "reply.forum.test"


@dataclass
class Answer:
    code: int
    text: str


class Inbound:
    """`forum mail inbound`'s server, started in this process on a free port."""

    def __init__(self, app) -> None:
        self.port = _free_port()
        self.controller = start_inbound(app, "127.0.0.1", self.port)

    def stop(self) -> None:
        self.controller.stop()

    def send_raw(self, raw: bytes, *, to: str, mail_from: str = "someone@example.org"
                 ) -> Answer:
        """Send `raw` to `to`; the answer to RCPT if refused there, else to DATA."""
        db.session.commit()  # the server works in its own transactions
        with smtplib.SMTP("127.0.0.1", self.port, timeout=15) as client:
            client.ehlo("client.example.org")
            client.mail(mail_from)
            code, text = client.rcpt(to)
            if code >= 400:
                client.rset()
                return Answer(code, text.decode())
            code, text = client.data(raw)
        db.session.expire_all()
        return Answer(code, text.decode())

    def send(self, *, sender: str, to: str, body: str, subject: str = "Re: the thread",
             message_id: str | None = None, headers: dict[str, str] | None = None) -> Answer:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = message_id or make_msgid(domain="client.example.org")
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content(body)
        return self.send_raw(bytes(message), to=to, mail_from=sender)


def quoting(reply: str, original: str) -> str:
    """A reply as mail clients write it: the new text, an attribution line, the quote."""
    quoted = "\n".join(f"> {line}" for line in original.splitlines())
    return (f"{reply}\n\nOn Thu, 3 Dec 2026 at 10:15, BCH Forum <forum@localhost> wrote:\n"
            f"{quoted}\n\n-- \nSent with care\n")
