"""Background jobs on the database backend (SQLite and PostgreSQL): enqueued with the
transaction that asked for them, claimed once, retried, kept when they fail for good, and
shown to the Secretariat with a retry button."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.jobs import actions, queue
from forum.mail import queue_mail
from forum.models import AuditEntry, Job, OutboxMessage
from tests.helpers import login, make_reply, make_user, setup_forum
from tests.jobs.support import run_all, states
from tests.web.support import page, set_clock

SECRETARIAT = "secretariat"


def test_a_job_exists_only_if_its_transaction_committed(app, flaky):
    actions.enqueue("test.flaky", {"tag": "kept"})
    db.session.commit()
    actions.enqueue("test.flaky", {"tag": "dropped"})
    db.session.rollback()
    assert run_all() == {"done": 1}
    assert [c["tag"] for c in flaky] == ["kept"]
    assert states(db.session) == [("test.flaky", "done", 1)]
    assert run_all() == {}  # done is done


def test_a_failing_job_is_retried_then_kept_as_failed_after_three_attempts(app, flaky):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    app.config.update(JOB_RETRY_SECONDS=30)
    actions.enqueue("test.flaky", {"failures": 5})
    db.session.commit()
    assert run_all() == {"retry": 1}
    assert run_all() == {}  # not due before its wait
    clock.advance(seconds=30)
    assert run_all() == {"retry": 1}
    clock.advance(seconds=59)
    assert run_all() == {}  # the wait doubled
    clock.advance(seconds=1)
    assert run_all() == {"failed": 1}
    [job] = db.session.scalars(select(Job)).all()
    assert (job.state, job.attempts, job.last_error) == ("failed", 3, "RuntimeError: boom 3")
    clock.advance(seconds=3600)
    assert run_all() == {}  # kept, never tried again by itself


def test_a_job_whose_worker_died_runs_again_when_its_claim_runs_out(app, flaky):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    app.config.update(JOB_CLAIM_SECONDS=600)
    actions.enqueue("test.flaky")
    db.session.commit()
    assert len(queue.claim_due(10)) == 1  # claimed, then the worker "dies"
    assert run_all() == {}
    clock.advance(seconds=601)
    assert run_all() == {"done": 1}
    assert states(db.session) == [("test.flaky", "done", 2)]


def test_two_workers_never_claim_the_same_job(app, flaky):
    for n in range(30):
        actions.enqueue("test.flaky", {"tag": str(n)})
    db.session.commit()
    claimed: list[list[int]] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        with app.app_context():
            barrier.wait()
            mine: list[int] = []
            while rows := queue.claim_due(3):
                mine.extend(row[0] for row in rows)
            claimed.append(mine)
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = claimed[0] + claimed[1]
    assert sorted(everything) == sorted(set(everything)) and len(everything) == 30


def test_a_waiting_job_with_the_same_key_is_not_added_twice(app):
    queue_mail("a@example.org", "One", "Body\n")
    queue_mail("b@example.org", "Two", "Body\n")
    db.session.commit()
    queue_mail("c@example.org", "Three", "Body\n")
    db.session.commit()
    assert states(db.session) == [("mail.deliver", "pending", 0)]


def test_queued_mail_is_delivered_by_the_worker(app, smtp):
    queue_mail("reader@example.org", "Hello", "Body\n")
    db.session.commit()
    assert run_all() == {"done": 1}
    assert len(smtp.wait_for(1)) == 1
    assert db.session.scalar(select(OutboxMessage.state)) == "sent"
    assert db.session.scalar(select(Job.result)) == "sent 1, retrying 0, dead 0"


def test_the_request_id_is_carried_into_the_job_and_its_logs(app, smtp, caplog):
    forum, moderator, participant, thread = setup_forum()
    client = app.test_client()
    login(client, participant)
    response = client.post(f"/threads/{thread.id}/reply",
                           data={"body": "A reply for the moderators.", "submission_key": "k1"})
    assert response.status_code in (302, 303), page(response)[:300]
    request_id = response.headers["X-Request-ID"]
    job = db.session.scalar(select(Job).where(Job.kind == "mail.deliver"))
    assert job is not None and job.request_id == request_id
    with caplog.at_level(logging.INFO, logger="forum.jobs"):
        assert run_all() == {"done": 1}
    records = [r for r in caplog.records if r.name == "forum.jobs.worker"]
    assert records and {getattr(r, "request_id", None) for r in records} == {request_id}


def test_an_unreadable_archive_fails_at_once_and_a_good_one_is_imported(app, tmp_path):
    from forum.archive.export import dumps, export_forum

    forum, moderator, participant, thread = setup_forum()
    archive = json.loads(dumps(export_forum(forum)))
    archive["forum"]["title"] = "Imported later"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(archive), "utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    runner = app.test_cli_runner()
    for path in (bad, good):
        result = runner.invoke(args=["import", "--background", "--replace", str(path)])
        assert result.exit_code == 0 and "queued" in result.output, result.output
    assert run_all() == {"failed": 1, "done": 1}
    failed, done = db.session.scalars(select(Job).order_by(Job.id)).all()
    assert failed.state == "failed" and failed.attempts == 1 and "bad.json" in failed.last_error
    assert done.state == "done"
    from forum.forums.queries import forum_by_slug

    db.session.expire_all()
    assert forum_by_slug(forum.slug).title == "Imported later"


def test_search_reindex_in_the_background(app):
    forum, moderator, participant, thread = setup_forum()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex", "--background", forum.slug])
    assert result.exit_code == 0 and "queued" in result.output
    missing = runner.invoke(args=["search", "reindex", "--background", "no-such-forum"])
    assert missing.exit_code != 0 and "no-such-forum" in missing.output
    assert run_all() == {"done": 1}
    assert "indexed" in db.session.scalar(select(Job.result))


def test_a_large_forums_draft_is_generated_by_a_job_while_the_page_refreshes(app):
    forum, moderator, participant, thread = setup_forum()
    from forum.moderation.actions import approve_post

    for n, country in enumerate(("KE", "UG", "MY")):
        author = make_user(country=country, name=f"Author {n}")
        approve_post(make_reply(thread, author, f"In our country biosafety law {n} was "
                                "revised to cover living modified organisms."),
                     acting_user=moderator, version=1)
    app.config["DIGEST_BACKGROUND_POSTS"] = 2
    staff = make_user(SECRETARIAT, country=None, name="Staff Member")
    client = app.test_client()
    login(client, staff)
    early = client.get(f"/digest/{forum.slug}/download.md")
    assert early.status_code == 302 and early.location.endswith(f"/digest/{forum.slug}")
    waiting = client.get(f"/digest/{forum.slug}")
    assert waiting.status_code == 202
    assert '<meta http-equiv="refresh" content="5">' in page(waiting)
    assert "being generated" in page(waiting)
    assert client.get(f"/digest/{forum.slug}").status_code == 202
    digest_jobs = [s for s in states(db.session) if s[0] == "digest.generate"]
    assert digest_jobs == [("digest.generate", "pending", 0)]  # one job, not two
    assert run_all()["done"] >= 1
    from forum.digest import generate

    generate._memo.clear()  # the page is served by another process than the worker's
    assert any(Path(app.config["CACHE_DIR"], "digest").iterdir())  # files, without Redis
    ready = client.get(f"/digest/{forum.slug}")
    assert ready.status_code == 200 and "being generated" not in page(ready)
    assert 'http-equiv="refresh"' not in page(ready)
    assert client.get(f"/digest/{forum.slug}/download.md").status_code == 200


def test_the_secretariat_sees_failed_jobs_and_retries_them_audited(app, flaky):
    actions.enqueue("test.flaky", {"failures": 99})
    db.session.commit()
    app.config.update(JOB_RETRY_SECONDS=0)
    for _ in range(3):
        run_all()
    [job] = db.session.scalars(select(Job)).all()
    assert job.state == "failed"
    staff = make_user(SECRETARIAT, country=None, name="Staff Member")
    participant = make_user(name="Just Reading")
    reader = app.test_client()
    login(reader, participant)
    assert reader.get("/jobs/").status_code == 403
    assert reader.post(f"/jobs/{job.id}/retry").status_code == 403
    client = app.test_client()
    login(client, staff)
    listing = page(client.get("/jobs/"))
    assert "RuntimeError: boom 3" in listing and f"/jobs/{job.id}/retry" in listing
    response = client.post(f"/jobs/{job.id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    assert (job.state, job.attempts, job.last_error) == ("pending", 0, "")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "job.retry"))
    assert entry is not None and entry.actor_id == staff.id and entry.target_id == job.id
    again = client.post(f"/jobs/{job.id}/retry", follow_redirects=True)
    assert "Only a failed job can be retried" in page(again)
    assert "No such job." in page(client.post("/jobs/999999/retry", follow_redirects=True))


def test_cli_status_and_retry(app, flaky):
    actions.enqueue("test.flaky", {"failures": 99})
    db.session.commit()
    app.config.update(JOB_RETRY_SECONDS=0)
    for _ in range(3):
        run_all()
    runner = app.test_cli_runner()
    status = runner.invoke(args=["jobs", "status"]).output
    assert "failed 1" in status and "RuntimeError: boom 3" in status
    assert "backend database" in status
    assert "queued 1 job(s) again" in runner.invoke(args=["jobs", "retry"]).output
    burst = runner.invoke(args=["worker", "--burst"])
    assert burst.exit_code == 0 and "retry 1" in burst.output


def test_metrics_show_the_queue_and_failures(app, flaky):
    app.config.update(METRICS_ENABLED=True, JOB_RETRY_SECONDS=0)
    actions.enqueue("test.flaky", {"failures": 99})
    actions.enqueue("test.flaky", {"failures": 99})
    db.session.commit()
    run_all()
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'forum_jobs{state="pending"} 2.0' in text
    assert "forum_jobs_failing 2.0" in text
    for _ in range(2):
        run_all()
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'forum_jobs{state="failed"} 2.0' in text


def test_an_unknown_kind_fails_for_good(app):
    engine = create_engine(db.engine.url)
    with Session(engine) as session:
        session.add(Job(kind="gone.kind", args={}, key="", state="pending", attempts=0,
                        last_error="", result=""))
        session.commit()
    engine.dispose()
    assert run_all() == {"failed": 1}
    assert "unknown kind" in db.session.scalar(select(Job.last_error))


def test_done_jobs_are_forgotten_after_their_days_and_failed_ones_are_kept(app, flaky):
    clock = set_clock(app, datetime(2026, 12, 3, 9, 0))
    app.config.update(JOB_KEEP_DONE_DAYS=7, JOB_RETRY_SECONDS=0, JOB_MAX_ATTEMPTS=1)
    actions.enqueue("test.flaky")
    db.session.commit()
    run_all()
    actions.enqueue("test.flaky", {"failures": 99})
    db.session.commit()
    run_all()
    clock.advance(days=6)
    assert actions.purge_finished() == 0
    clock.advance(days=2)
    assert actions.purge_finished() == 1
    assert [state for _, state, _ in states(db.session)] == ["failed"]
