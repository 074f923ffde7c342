"""Where delivered messages go: an SMTP server (MAIL_SERVER set) or the file outbox."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...
    def close(self) -> None: ...


class SmtpTransport:
    """One SMTP connection for a batch, opened on first use. If connecting fails, the rest
    of the batch fails at once with the same error instead of waiting on each timeout."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.unreachable: Exception | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        try:
            connection = smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                                      timeout=float(config["MAIL_TIMEOUT"]))
            if config.get("MAIL_USE_TLS"):
                connection.starttls()
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as error:
            self.unreachable = error
            raise
        return connection

    def send(self, message: EmailMessage) -> None:
        if self.unreachable is not None:
            raise self.unreachable
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(message)
        except (OSError, smtplib.SMTPServerDisconnected):
            self.close()  # the next message gets a fresh connection
            raise
        except smtplib.SMTPException:
            # The server refused this message; the session may be mid-transaction.
            self._reset()
            raise

    def _reset(self) -> None:
        try:
            if self.connection is not None:
                self.connection.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.quit()
        except (OSError, smtplib.SMTPException):
            self.connection.close()
        self.connection = None


class FileTransport:
    """Development without a mail server: each message becomes an .eml file."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_")
        (self.directory / f"{name}.eml").write_bytes(bytes(message))

    def close(self) -> None:
        pass


def open_transport(config: dict[str, Any]) -> Transport:
    """SMTP when MAIL_SERVER is set, else the file outbox."""
    if config.get("MAIL_SERVER"):
        return SmtpTransport(config)
    return FileTransport(config["MAIL_OUTBOX"])
