"""Helpers of the operations tests: another app on another database, statement counting,
log capture."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import event

from forum import create_app
from forum.extensions import db
from forum.ops.logs import configure_logging
from tests.conftest import BASE_CONFIG

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


def app_on(url: str, tmp: Path, **settings) -> Flask:
    """A second app like the tests' own, on the database at `url` (not migrated here)."""
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url,
                       "MAIL_OUTBOX": str(tmp / "outbox"),
                       "RATELIMIT_STORAGE_URI": f"forum+sqlite:///{tmp / 'limits2.sqlite3'}",
                       **settings})


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements `app`'s engine runs inside the block."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def captured_logs(log_format: str) -> Iterator[io.StringIO]:
    """What the `forum` loggers write in `log_format` inside the block; the loggers are put
    back as they were afterwards."""
    logger = logging.getLogger("forum")
    saved = (list(logger.handlers), logger.level, logger.propagate, logger.disabled)
    stream = io.StringIO()
    configure_logging(log_format, "INFO", stream)
    try:
        yield stream
    finally:
        logger.handlers[:] = saved[0]
        logger.level, logger.propagate, logger.disabled = saved[1:]


def json_lines(stream: io.StringIO) -> list[dict]:
    """Every line of `stream` as JSON (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def request_lines(stream: io.StringIO) -> list[dict]:
    return [entry for entry in json_lines(stream) if entry["logger"] == "forum.request"]
