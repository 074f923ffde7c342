"""Engine behaviour that the ORM does not give by default.

SQLite: WAL, a busy timeout and foreign keys on every connection; and write transactions
start with BEGIN IMMEDIATE. Under several workers, "read, then insert" with SQLite's
default deferred transactions lost 348 of 600 posts to SQLITE_BUSY in a probe (TOOLBOX.md);
taking the write lock up front makes writers queue on the busy timeout instead. Reads
(GET and HEAD) keep deferred transactions so readers never wait for a writer.
"""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15_000


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
        read_only = has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
