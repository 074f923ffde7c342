"""A rate-limit store in a SQLite file, shared by every worker process on the machine.

The `limits` library (under Flask-Limiter) counts in memory by default, so each gunicorn
worker kept its own counters and 4 workers allowed 4x every limit. This is a `limits`
storage registered for the scheme `forum+sqlite` (`forum+sqlite:////abs/path.sqlite3`,
four slashes for an absolute path, as in SQLAlchemy): the library's own strategies (fixed
window) run on it unchanged. It is a file of its own,
not the forum's database, so counting never waits on (or rolls back with) a request's
transaction, and it works the same whichever database the forum uses. Several machines
need a store they share: Redis (`redis://…`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

SCHEME = "forum+sqlite"
# Expired counters are swept now and then, not on every write.
_SWEEP_EVERY = 500

_INCR = """
INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN counters.expires_at <= ? THEN excluded.count
               ELSE counters.count + excluded.count END,
  expires_at = CASE WHEN counters.expires_at <= ? THEN excluded.expires_at
                    ELSE counters.expires_at END
RETURNING count
"""


class SqliteFileStorage(Storage):
    """Fixed-window counters in one SQLite file; each increment is one atomic statement."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: object) -> None:
        # As SQLAlchemy writes SQLite URLs: forum+sqlite:////abs/path, forum+sqlite:///rel.
        path = uri[len(SCHEME) + len(":///"):] if uri.startswith(f"{SCHEME}:///") else ""
        if not path or path == ":memory:":
            raise ValueError(f"{SCHEME}:// needs a file path, e.g. {SCHEME}:////srv/limits.db")
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self._writes = 0
        self._lock = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        # One connection per process: a connection must not cross gunicorn's fork.
        if self._conn is None or self._pid != os.getpid():
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=15, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, "
                         "count INTEGER NOT NULL, expires_at REAL NOT NULL)")
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        moment = time.time()
        with self._lock:
            db = self._db()
            (count,) = db.execute(_INCR, (key, amount, moment + expiry, moment,
                                          moment)).fetchone()
            self._writes += 1
            if self._writes % _SWEEP_EVERY == 0:
                db.execute("DELETE FROM counters WHERE expires_at <= ?", (moment,))
        return int(count)

    def get(self, key: str) -> int:
        with self._lock:
            row = self._db().execute(
                "SELECT count FROM counters WHERE key = ? AND expires_at > ?",
                (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            row = self._db().execute(
                "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?",
                (key, time.time())).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        try:
            with self._lock:
                self._db().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._lock:
            return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._lock:
            self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
