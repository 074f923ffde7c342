"""Rate limits hold exactly across gunicorn's 4 workers: the posting limit (through the API)
and the sign-in limit, counted in the shared file store and in Redis. The per-process
memory store, for contrast, lets through far more than the limit."""

from __future__ import annotations

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from bench.loadkit import make_cast
from bench.server import gunicorn, server_env, sqlalchemy_url
from tests.ops.test_load import load_database  # noqa: F401  (fixture)

pytestmark = pytest.mark.db

POST_LIMIT = 12
LOGIN_LIMIT = 5
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["file", "redis", "memory"])
def storage(request, tmp_path):
    """FORUM_* settings of one store; Redis keys under a prefix of this run, removed after."""
    prefix = f"forum-test-{uuid.uuid4().hex[:12]}"
    settings = {"FORUM_RATELIMIT_KEY_PREFIX": prefix}
    if request.param == "file":
        settings["FORUM_RATELIMIT_STORAGE_URI"] = f"forum+sqlite:///{tmp_path / 'limits.db'}"
    elif request.param == "redis":
        settings["FORUM_RATELIMIT_STORAGE_URI"] = REDIS_URL
    else:
        settings["FORUM_RATELIMIT_STORAGE_URI"] = "memory://"
    yield request.param, settings
    if request.param == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{prefix}*"))
        if keys:
            client.delete(*keys)
        assert not list(client.scan_iter(match=f"*{prefix}*"))
        client.close()


def _env(database: str, tmp_path, settings: dict) -> dict:
    return server_env(database, tmp_path, FORUM_RATELIMIT_ENABLED="true",
                      FORUM_POST_LIMIT=f"{POST_LIMIT} per hour",
                      FORUM_LOGIN_LIMIT=f"{LOGIN_LIMIT} per minute",
                      **settings)


def _in_parallel(call, count: int) -> Counter:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return Counter(pool.map(call, range(count)))


def _posts_by(database: str, email: str) -> int:
    engine = create_engine(sqlalchemy_url(database))
    try:
        with engine.connect() as conn:
            return conn.execute(text(
                "SELECT count(*) FROM posts JOIN users ON users.id = posts.author_id "
                "WHERE users.email = :email"), {"email": email}).scalar_one()
    finally:
        engine.dispose()


def test_limits_hold_exactly_across_four_workers(load_database, tmp_path,  # noqa: F811
                                                 storage):
    kind, settings = storage
    cast = make_cast(load_database, participants=1, moderators=1, threads=1,
                     outbox=str(tmp_path / "outbox"))
    person = cast.participants[0]
    with gunicorn("forum:create_app()", _env(load_database, tmp_path, settings), tmp_path,
                  workers=4) as server:
        url = f"{server.base}/api/v1/threads/{cast.threads[0]}/posts"
        headers = {"Authorization": f"Bearer {person.token}"}

        def post(n: int) -> int:
            return requests.post(url, json={"body": f"Reply number {n}."}, headers=headers,
                                 timeout=60).status_code

        def sign_in(n: int) -> int:
            return requests.post(f"{server.base}/login", allow_redirects=False, timeout=60,
                                 data={"email": person.email, "password": f"wrong {n}"}
                                 ).status_code

        posted = _in_parallel(post, 40)
        signed = _in_parallel(sign_in, 16)
        log = server.log_text()

    assert "Traceback" not in log, log[-3000:]
    if kind == "memory":
        # Each worker counts alone: together they let through more than the limit.
        assert posted[201] > POST_LIMIT, posted
        return
    assert posted == {201: POST_LIMIT, 429: 40 - POST_LIMIT}, posted
    assert _posts_by(load_database, person.email) == POST_LIMIT
    assert signed == {400: LOGIN_LIMIT, 429: 16 - LOGIN_LIMIT}, signed
