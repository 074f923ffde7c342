"""Serving the forum (or a baseline app) with gunicorn for load runs and benchmarks.

The database is migrated once with `forum db upgrade` before any worker starts: workers
that created tables themselves would race (TOOLBOX.md).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SECRET = "load-and-bench-secret-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sqlalchemy_url(url: str) -> str:
    """postgresql://… as the app expects it (psycopg 3)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def server_env(database_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a load server: no CSRF, no rate limits, mail to a folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUM_")}
    env.update({
        "DATABASE_URL": sqlalchemy_url(database_url),
        "SECRET_KEY": SECRET,
        "FORUM_ENV": "development",  # session cookies over plain http
        "FORUM_WTF_CSRF_ENABLED": "false",
        "FORUM_RATELIMIT_ENABLED": "false",
        "FORUM_MAIL_OUTBOX": str(tmp / "outbox"),
        "FORUM_PUBLIC_URL": "http://127.0.0.1",
    })
    env.update(extra)
    return env


def forum_command(*args: str, env: dict[str, str]) -> str:
    """Run the `forum` CLI of this virtualenv; raise with its stderr on failure."""
    exe = Path(sys.executable).with_name("forum")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "forum.cli"]
    done = subprocess.run([*command, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"forum {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def gunicorn(app: str, env: dict[str, str], tmp: Path, *, workers: int = 4,
             ready_path: str = "/", name: str = "server", cwd: Path = ROOT) -> Iterator[Server]:
    """Serve `app` ("module:factory()") with `workers` sync workers on a free port, importing
    it from `cwd` (another tree of the forum, to compare with)."""
    port = free_port()
    log = tmp / f"{name}-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "10",
             "--log-level", "warning", "--error-logfile", "-", app],
            env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(server, ready_path)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log_text()[-2000:]}")
        try:
            if requests.get(server.base + path, timeout=30).status_code < 500:
                return
        except requests.RequestException:  # not listening yet, or workers still booting
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: "
                       f"{server.log_text()[-2000:]}")
