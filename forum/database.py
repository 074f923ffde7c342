"""Engine behaviour that the ORM does not give by default.

SQLite: WAL, a busy timeout and foreign keys on every connection; and write transactions
start with BEGIN IMMEDIATE. Under several workers, "read, then insert" with SQLite's
default deferred transactions lost 348 of 600 posts to SQLITE_BUSY in a probe (TOOLBOX.md);
taking the write lock up front makes writers queue on the busy timeout instead. So
transactions of state-changing requests (POST and friends), and of code that declares
`write_intent()` (CLI commands that write), begin IMMEDIATE; everything else (GET pages,
tests' own reads) begins deferred, so a reader never holds the write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000
_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)
_reads_only: ContextVar[bool] = ContextVar("reads_only", default=False)


@contextmanager
def write_intent() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock at BEGIN."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def reads_only() -> Iterator[None]:
    """Transactions begun inside this block are deferred even in a POST: the busy page
    must render (it reads the signed-in user) while another writer still holds the lock."""
    token = _reads_only.set(True)
    try:
        yield
    finally:
        _reads_only.reset(token)


def purge(model: type, *where: object) -> int:
    """Delete the rows of `model` matching `where`, in their own transaction; the count.

    A plain read comes first: the workers call this on every pass, and must not take
    SQLite's write lock each time when there is nothing to forget."""
    from sqlalchemy import delete, select

    from forum.extensions import db

    if db.session.scalar(select(model.id).where(*where).limit(1)) is None:
        db.session.commit()
        return 0
    with write_intent():
        db.session.commit()
        count = db.session.execute(delete(model).where(*where)).rowcount
        db.session.commit()
    return count


def _wants_write_lock() -> bool:
    if _reads_only.get():
        return False
    if _write_intent.get():
        return True
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        # Let SQLAlchemy (not the sqlite3 module) emit BEGIN, so we can choose its kind.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")
