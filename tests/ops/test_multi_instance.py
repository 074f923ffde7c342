"""Several app servers, one site (issue 14, "Done when"): two gunicorn instances on
different ports against one PostgreSQL database and one Redis (FORUM_REDIS_URL). A post
approved through one instance is on the other's thread page and API at once; the posting
and sign-in limits count once across both; the jobs the requests enqueued are run by an RQ
worker afterwards with nothing failed.

PostgreSQL only (SQLite is one machine's database): it runs on the TEST_DATABASE_URL
database, and whenever that is set it must run. Redis: TEST_REDIS_URL (default db 3 of the
local server), emptied afterwards."""

from __future__ import annotations

import os
import re
import uuid

import pytest
import redis
import requests

from bench.loadkit import make_cast
from bench.server import forum_command, gunicorn, server_env
from forum.extensions import db

pytestmark = pytest.mark.db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
POST_LIMIT = 6
LOGIN_LIMIT = 4
BODY = "Our national biosafety framework now covers transboundary movements."


@pytest.fixture
def shared(app, tmp_path):
    """The test's PostgreSQL database, migrated by the CLI, and settings naming one Redis."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several app servers share a PostgreSQL database (TEST_DATABASE_URL)")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is needed here: {error}")
    url = db.engine.url.render_as_string(hide_password=False)
    db.session.remove()
    run = uuid.uuid4().hex[:10]
    env = server_env(url, tmp_path, FORUM_REDIS_URL=REDIS_URL, FORUM_RATELIMIT_ENABLED="true",
                     FORUM_RATELIMIT_KEY_PREFIX=f"multi-{run}", FORUM_JOBS_QUEUE=f"multi-{run}",
                     FORUM_POST_LIMIT=f"{POST_LIMIT} per hour",
                     FORUM_LOGIN_LIMIT=f"{LOGIN_LIMIT} per minute")
    forum_command("db", "upgrade", env=env)
    yield url, env, client
    client.flushdb()
    client.close()


def test_two_instances_behave_as_one_site(shared, tmp_path):
    url, env, client = shared
    cast = make_cast(url, participants=1, moderators=1, threads=1,
                     outbox=str(tmp_path / "outbox"))
    person, moderator, thread = cast.participants[0], cast.moderators[0], cast.threads[0]
    as_person = {"Authorization": f"Bearer {person.token}"}
    as_moderator = {"Authorization": f"Bearer {moderator.token}"}
    with gunicorn("forum:create_app()", env, tmp_path, workers=2, name="a") as a, \
            gunicorn("forum:create_app()", env, tmp_path, workers=2, name="b") as b:
        assert a.base != b.base
        for server in (a, b):
            ready = requests.get(f"{server.base}/readyz", timeout=30).json()
            assert ready["checks"].get("redis") == "ok", ready

        # A reply posted on A, read on B (warming B's caches), approved on A, read on B.
        sent = requests.post(f"{a.base}/api/v1/threads/{thread}/posts", json={"body": BODY},
                             headers=as_person, timeout=60)
        assert sent.status_code == 201, sent.text
        post_id = sent.json()["id"]
        for _ in range(2):
            assert BODY not in requests.get(f"{b.base}/threads/{thread}", timeout=60).text
        approved = requests.post(f"{a.base}/api/v1/posts/{post_id}/approve",
                                 json={"version": sent.json()["version"]},
                                 headers=as_moderator, timeout=60)
        assert approved.status_code == 200, approved.text
        assert BODY in requests.get(f"{b.base}/threads/{thread}", timeout=60).text
        listed = requests.get(f"{b.base}/api/v1/threads/{thread}/posts", timeout=60).json()
        assert post_id in [item["id"] for item in listed["items"]]

        # The posting limit (one used above) and the sign-in limit, half on each instance.
        posted = [requests.post(f"{(a, b)[n % 2].base}/api/v1/threads/{thread}/posts",
                                json={"body": f"Reply number {n}."}, headers=as_person,
                                timeout=60).status_code for n in range(10)]
        assert posted == [201] * (POST_LIMIT - 1) + [429] * (10 - POST_LIMIT + 1), posted
        signed = [requests.post(f"{(a, b)[n % 2].base}/login", allow_redirects=False,
                                data={"email": person.email, "password": f"wrong {n}"},
                                timeout=60).status_code for n in range(8)]
        assert signed == [400] * LOGIN_LIMIT + [429] * (8 - LOGIN_LIMIT), signed
        # Counted in Redis (FORUM_REDIS_URL made it the limits' store), not in a file that
        # two instances on one machine would also share.
        prefix = env["FORUM_RATELIMIT_KEY_PREFIX"]
        assert any(b"post_limit" in key for key in client.scan_iter(match=f"*{prefix}*"))
        assert any(b"login_limit" in key for key in client.scan_iter(match=f"*{prefix}*"))
        logs = a.log_text() + b.log_text()
    assert "Traceback" not in logs, logs[-3000:]

    # What the requests enqueued (the moderators' "a post awaits" mail) waits in RQ.
    forum_command("worker", "--burst", env=env)
    status = forum_command("jobs", "status", env=env)
    assert "backend rq" in status and "failed 0" in status, status
    assert "pending 0" in status and "running 0" in status, status
    assert re.search(r"^done [1-9]", status, re.MULTILINE), status
