"""The rq backend, on a real Redis (TEST_REDIS_URL, default db 3 of the local server): jobs
reach RQ only after their transaction commits, an RQ worker (in this process, burst mode)
runs them through the same claim as the database backend, RQ's Retry re-queues failures
and the third failure is kept in the table. The digest memo is shared through Redis."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from sqlalchemy import select

from forum.digest import generate
from forum.extensions import db
from forum.jobs import actions, queue
from forum.jobs.worker import run_rq_worker
from forum.models import Job
from forum.moderation.actions import approve_post
from tests.helpers import make_reply, make_user, setup_forum
from tests.jobs.support import states

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture
def rq_app(app):
    """The app on the rq backend, with a queue and key prefix of this test; the test's
    Redis database is emptied afterwards (it is this suite's own)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:  # never a silent skip: the backend must be tested
        pytest.fail(f"Redis at {REDIS_URL} is needed for the rq backend tests: {error}")
    run = uuid.uuid4().hex[:10]
    app.config.update(REDIS_URL=REDIS_URL, JOBS_BACKEND="", JOBS_QUEUE=f"test-{run}",
                      RATELIMIT_KEY_PREFIX=f"test-{run}", JOB_RETRY_SECONDS=0)
    yield app
    client.flushdb()
    client.close()


def waiting_in_rq(app) -> int:
    return queue.rq_queue(app).count


def test_the_backend_is_rq_when_redis_is_configured(rq_app):
    assert queue.backend() == "rq"
    rq_app.config["JOBS_BACKEND"] = "database"
    assert queue.backend() == "database"


def test_a_job_reaches_rq_after_its_commit_and_runs_once(rq_app, flaky):
    actions.enqueue("test.flaky", {"tag": "a"})
    assert waiting_in_rq(rq_app) == 0  # not before the row is committed
    db.session.commit()
    assert waiting_in_rq(rq_app) == 1
    actions.enqueue("test.flaky", {"tag": "rolled back"})
    db.session.rollback()
    assert waiting_in_rq(rq_app) == 1
    assert run_rq_worker(rq_app, burst=True)
    assert [c["tag"] for c in flaky] == ["a"]
    assert states(db.session) == [("test.flaky", "done", 1)]
    assert waiting_in_rq(rq_app) == 0


def test_a_duplicate_push_finds_the_job_done_and_does_nothing(rq_app, flaky):
    job = actions.enqueue("test.flaky", {"tag": "once"})
    db.session.commit()
    queue.push([job.id])  # as if handed over twice
    run_rq_worker(rq_app, burst=True)
    assert [c["tag"] for c in flaky] == ["once"]


def test_rq_retries_a_failing_job_and_the_third_failure_is_kept(rq_app, flaky):
    actions.enqueue("test.flaky", {"failures": 99})
    db.session.commit()
    run_rq_worker(rq_app, burst=True)
    assert len(flaky) == 3
    [job] = db.session.scalars(select(Job)).all()
    assert (job.state, job.attempts, job.last_error) == ("failed", 3, "RuntimeError: boom 3")
    # The Secretariat's retry hands it to RQ again.
    staff = make_user("secretariat", country=None, name="Staff Member")
    actions.retry_job(job.id, acting_user=staff)
    assert waiting_in_rq(rq_app) == 1
    run_rq_worker(rq_app, burst=True)
    assert len(flaky) == 6


def test_mail_is_delivered_by_the_rq_worker(rq_app, smtp):
    from forum.mail import queue_mail

    queue_mail("reader@example.org", "Hello", "Body\n")
    db.session.commit()
    run_rq_worker(rq_app, burst=True)
    assert len(smtp.wait_for(1)) == 1


def test_the_worker_command_runs_the_rq_backend(rq_app, flaky):
    actions.enqueue("test.flaky", {"tag": "cli"})
    db.session.commit()
    result = rq_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert [c["tag"] for c in flaky] == ["cli"]
    status = rq_app.test_cli_runner().invoke(args=["jobs", "status"]).output
    assert "backend rq" in status and "done 1" in status


def test_the_digest_memo_is_shared_through_redis(rq_app):
    forum, moderator, participant, thread = setup_forum()
    for n, country in enumerate(("KE", "UG")):
        approve_post(make_reply(thread, make_user(country=country, name=f"Author {n}"),
                                f"Our biosafety law {n} covers living modified organisms."),
                     acting_user=moderator, version=1)
    assert generate.cached_report(forum) is None
    made = generate.report_for(forum)
    generate._memo.clear()  # another process: nothing in its own memory
    client = redis.Redis.from_url(REDIS_URL)
    assert list(client.scan_iter(match=f"{rq_app.config['RATELIMIT_KEY_PREFIX']}:cache:digest:*"))
    assert 0 < client.ttl(next(client.scan_iter(match="*:cache:digest:*"))) <= \
        rq_app.config["DIGEST_CACHE_SECONDS"]
    assert generate.cached_report(forum) == made
    client.close()


def test_a_job_committed_while_redis_was_away_waits_and_is_handed_over_again(rq_app, flaky,
                                                                            caplog):
    from tests.mail.support import closed_port

    rq_app.config["REDIS_URL"] = f"redis://127.0.0.1:{closed_port()}/0"
    actions.enqueue("test.flaky", {"tag": "late"})
    db.session.commit()  # the commit stands; the push failed and was logged
    assert "not handed to the queue" in caplog.text or "waits in the table" in caplog.text
    rq_app.config["REDIS_URL"] = REDIS_URL
    assert waiting_in_rq(rq_app) == 0
    result = rq_app.test_cli_runner().invoke(args=["jobs", "retry", "--pending"])
    assert "queued 1 job(s) again" in result.output
    run_rq_worker(rq_app, burst=True)
    assert [c["tag"] for c in flaky] == ["late"]
    assert states(db.session) == [("test.flaky", "done", 1)]
