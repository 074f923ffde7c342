"""Measuring: SQL statements per request, throughput with wrk (or a Python fallback),
sequential latency."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from sqlalchemy import event
from sqlalchemy.engine import Engine

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


@dataclass
class Statements:
    """Statements a block sent to the database (transaction control left out)."""

    sql: list[str]

    @property
    def count(self) -> int:
        return len(self.sql)

    @property
    def writes(self) -> list[str]:
        return [s for s in self.sql if s.lstrip().upper().startswith(WRITES)]


@contextmanager
def statements(engine: Engine) -> Iterator[Statements]:
    """Count what is executed on `engine` inside the block (before_cursor_execute)."""
    seen = Statements([])

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            seen.sql.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


@dataclass
class Throughput:
    url: str
    rps: float
    latency_ms: float  # mean
    requests: int
    errors: int
    tool: str


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def throughput(url: str, *, seconds: float = 10, connections: int = 8,
               headers: dict[str, str] | None = None) -> Throughput:
    """Requests per second at `connections` concurrent connections: wrk if installed.
    `headers` go with every request (a signed-in reader's Cookie, a bearer token)."""
    if wrk_available():
        return _wrk(url, seconds, connections, headers or {})
    return _python_load(url, seconds, connections, headers or {})


def _wrk(url: str, seconds: float, connections: int, headers: dict[str, str]) -> Throughput:
    extra = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency",
                          *extra, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[latency.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    failed += sum(map(int, socket_errors.groups())) if socket_errors else 0
    return Throughput(url, rps, float(latency.group(1)) * scale, done, failed, "wrk")


def _python_load(url: str, seconds: float, connections: int,
                 headers: dict[str, str]) -> Throughput:
    """The fallback: `connections` threads with keep-alive sessions (slower than wrk: the
    client's own CPU use weighs more on 2 cores, so compare only ratios within one run)."""
    deadline = time.monotonic() + seconds
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        session.headers.update(headers)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            ok = session.get(url, timeout=60).status_code < 400
            with lock:
                times.append(time.perf_counter() - started)
                errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Throughput(url, len(times) / seconds, statistics.mean(times) * 1000, len(times),
                      errors[0], "python")


def sequential_latency(session: requests.Session, method: str, urls: list[str],
                       **kwargs) -> tuple[float, float, list[int]]:
    """(median ms, p95 ms, statuses) of one client sending the requests one at a time."""
    times, statuses = [], []
    for url in urls:
        started = time.perf_counter()
        response = session.request(method, url, timeout=60, **kwargs)
        times.append(time.perf_counter() - started)
        statuses.append(response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times) * 1000, p95 * 1000, statuses


def reset_postgres(url: str) -> None:
    """An empty public schema on a PostgreSQL `url` (a bench's own database), for migrations
    to build from scratch; nothing for other databases."""
    if not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
