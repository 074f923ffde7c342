"""One log line per request, plain (development) or JSON (LOG_FORMAT=json), each carrying
a request id that is also sent back as `X-Request-ID` and shown on the 500 page.

What is logged is chosen so that a log never holds a secret: the route's rule
(`/confirm/<token>`), never the path or its query string; an unmatched path is logged as
`(no route)` for the same reason. User input (a method, a header) can never start a new
line: the plain format escapes CR, LF and other control characters, JSON escapes them by
construction (SECURITY-THREATS.md row 32).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import inspect

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id may look like to be reused: UUIDs, hex, base64url-ish tokens.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# The attributes every LogRecord has; anything else was passed in `extra=` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Control characters, and what str.splitlines() and some log viewers take for a line
# break besides CR and LF (NEL, the Unicode line and paragraph separators).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# What JSON leaves raw (it escapes only below U+0020) but still breaks a line for some.
_JSON_BREAKS = re.compile(r"[\x7f-\x9f\u2028\u2029]")
request_log = logging.getLogger("forum.request")


def escape(text: str) -> str:
    """`text` on one line: control characters become visible escapes (\\n, \\r, \\x1b)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# Outside a request, the id of the request whose work is being done (a background job
# carries the id of the request that enqueued it: forum/jobs/worker.py).
_carried: ContextVar[str | None] = ContextVar("carried_request_id", default=None)


def request_id() -> str | None:
    """The current request's id, or the one a background job carries (else None)."""
    return g.get("request_id") if has_request_context() else _carried.get()


@contextmanager
def carried_request_id(value: str | None) -> Iterator[None]:
    """Log (and audit) the work inside this block under the request id `value`."""
    token = _carried.set(value)
    try:
        yield
    finally:
        _carried.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds the request id to every record logged while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # Readable non-ASCII text (Chinese names), but never a raw line break of any kind.
        line = json.dumps(entry, ensure_ascii=False, default=str)
        return _JSON_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


class PlainFormatter(logging.Formatter):
    """The development format, with the request id; a record is one line whatever its
    message holds. A traceback follows on lines marked `    | `, so no text inside it
    (an exception's message may quote user input) can pass for a record of its own."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached its own, unmarked traceback on the record.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging API)
        if not hasattr(record, "request_id"):
            record.request_id = None
        return escape(super().formatMessage(record))

    def formatException(self, ei) -> str:  # noqa: N802, ANN001 (logging API)
        lines = super().formatException(ei).splitlines()
        return "\n".join("    | " + escape(line) for line in lines)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging API)
        return "\n".join("    | " + escape(line) for line in stack_info.splitlines())


def configure_logging(log_format: str, level: str = "INFO",
                      stream: IO[str] | None = None) -> logging.Handler:
    """Send the `forum` loggers (the app's, the request log, the mail worker's) to stderr
    (or `stream`) in `log_format`: "plain" or "json"."""
    from flask.logging import default_handler

    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
    handler.addFilter(RequestIdFilter())
    handler.set_name("forum")
    logger = logging.getLogger("forum")
    logger.removeHandler(default_handler)
    for old in [h for h in logger.handlers if h.get_name() == "forum"]:
        logger.removeHandler(old)
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    return handler


def _incoming_id() -> str:
    from flask import current_app

    sent = request.headers.get(REQUEST_ID_HEADER, "")
    if current_app.config.get("TRUST_REQUEST_ID") and SAFE_REQUEST_ID.fullmatch(sent):
        return sent
    return secrets.token_hex(16)


def route_rule() -> str:
    """The matched route's rule, e.g. `/unwatch/<token>`: never the token itself."""
    rule = request.url_rule
    return rule.rule if rule is not None else "(no route)"


def _identity(user: object) -> int | None:
    """A loaded row's primary key, read from the session's identity map: no query, even
    when a rollback expired its attributes (a 503 while another writer holds the lock)."""
    state = inspect(user, raiseerr=False)
    if state is None or state.identity is None:
        return None
    return state.identity[0]


def signed_in_user_id() -> int | None:
    """The id of the user this request already loaded, without loading anyone."""
    api_user = g.get("api_user")
    if api_user is not None:
        return _identity(api_user)
    user = g.get("_login_user")  # Flask-Login's cache: set only if the request looked
    return _identity(user) if user is not None else None


def register(app: Flask) -> None:
    if not app.config.get("TESTING") or app.config.get("LOG_FORMAT") == "json":
        configure_logging(app.config.get("LOG_FORMAT", "plain"), app.config.get("LOG_LEVEL",
                                                                                "INFO"))

    def start() -> None:
        g.request_id = _incoming_id()
        g.request_started = time.perf_counter()

    # First of all: the request check (forum/inputs.py) may refuse the request, and its
    # 400 needs an id and a log line too.
    app.before_request_funcs.setdefault(None, []).insert(0, start)

    @app.after_request
    def log_request(response: Response) -> Response:
        if "request_id" not in g:  # a response made before any before-request function
            start()
        response.headers[REQUEST_ID_HEADER] = g.request_id
        seconds = time.perf_counter() - g.request_started
        g.request_seconds = seconds
        request_log.info(
            "%s %s %s %.1fms", request.method, route_rule(), response.status_code,
            seconds * 1000,
            extra={"method": request.method, "path": route_rule(),
                   "status": response.status_code, "duration_ms": round(seconds * 1000, 1),
                   "user_id": signed_in_user_id(), "request_id": g.request_id})
        return response
