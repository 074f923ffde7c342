"""A Redis that is down or hung costs a request REDIS_CONNECT_TIMEOUT or
REDIS_SOCKET_TIMEOUT, then falls back as docs/operations.md says: the shared cache is a
miss, a job waits in its table, and a rate limit answers 503 with Retry-After (not a 500,
not a worker held for good). The hung Redis is a real socket that accepts connections and
never answers; RQ's worker keeps a connection of its own whose timeout RQ raises for its
blocking dequeue without slowing the app's."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select

from forum import sharedcache
from forum.config import load_config
from forum.extensions import db, limiter
from forum.jobs import actions, queue
from forum.models import Job
from tests.helpers import setup_forum, token_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """redis://… of a server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nothing listens there now


def test_the_app_and_the_limits_get_the_timeouts(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_REDIS_URL", "redis://127.0.0.1:6379/5")
    monkeypatch.setenv("FORUM_REDIS_SOCKET_TIMEOUT", "0.5")
    config = load_config(str(tmp_path), {"SECRET_KEY": "x"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/5"
    assert config["RATELIMIT_STORAGE_OPTIONS"] == {"socket_connect_timeout": 2.0,
                                                   "socket_timeout": 0.5}


@pytest.mark.parametrize("away", ["silent_redis", "closed_port"])
def test_the_shared_cache_is_a_miss_and_a_job_waits(app, request, away):
    url = request.getfixturevalue(away)
    app.config.update(REDIS_URL=url, REDIS_SOCKET_TIMEOUT=0.3, REDIS_CONNECT_TIMEOUT=0.3,
                      JOBS_BACKEND="")
    sharedcache.put("digest", "k", b"value", ttl=60, limit=4)  # no error
    assert sharedcache.get("digest", "k", ttl=60) is None
    job = actions.enqueue("mail.deliver", {})
    db.session.commit()  # the hand-over to RQ fails after the commit: the row waits
    assert db.session.scalar(select(Job.state).where(Job.id == job.id)) == "pending"


@pytest.mark.parametrize("away", ["silent_redis", "closed_port"])
def test_a_limit_in_an_unreachable_redis_answers_503_with_retry_after(app, request, away,
                                                                     monkeypatch):
    url = request.getfixturevalue(away)
    options = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
    # The limiter's store as RATELIMIT_STORAGE_OPTIONS makes it, on the unreachable Redis.
    monkeypatch.setattr(limiter, "_limiter",
                        FixedWindowRateLimiter(storage_from_string(url, **options)))
    app.config.update(RATELIMIT_ENABLED=True, POST_LIMIT="5 per hour")
    forum, moderator, participant, thread = setup_forum()
    api = app.test_client()
    answer = api.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Hello."},
                      headers=token_for(participant))
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "unavailable"
    assert answer.headers["Retry-After"] == "10"
    page = app.test_client().post("/login", data={"email": participant.email,
                                                  "password": "x"})
    assert page.status_code == 503 and page.headers["Retry-After"] == "10"
    with pytest.raises(Exception) as raised:  # the store itself: a clear error, fast
        FixedWindowRateLimiter(storage_from_string(url, **options)).hit(parse("1/minute"), "k")
    assert type(raised.value).__module__.startswith("redis")


def test_the_rq_worker_has_a_connection_of_its_own(app):
    app.config.update(REDIS_URL=REDIS_URL, REDIS_SOCKET_TIMEOUT=0.5)
    from rq import SimpleWorker

    app_side = queue.redis_client(REDIS_URL)
    jobs = queue.rq_queue(app, worker=True)
    assert jobs.connection is not app_side
    worker = SimpleWorker([jobs], connection=jobs.connection)
    kwargs = worker.connection.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] >= worker.dequeue_timeout  # RQ's blocking dequeue fits
    assert app_side.connection_pool.connection_kwargs["socket_timeout"] == 0.5  # untouched
