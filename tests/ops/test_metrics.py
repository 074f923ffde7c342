"""`/metrics` (METRICS_ENABLED): requests and latency by route rule, the moderation queues
and the outbox, in Prometheus' text format; off by default, optionally for some addresses
only; one worker answers for all under gunicorn with PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bench.server import forum_command, gunicorn, server_env
from forum.clock import now
from forum.extensions import db
from forum.models import OutboxMessage, OutboxState
from tests.helpers import make_forum, make_reply, setup_forum
from tests.ops.support import statements
from tests.web.support import fast_password_hashing, set_clock, snapshot  # noqa: F401

pytestmark = pytest.mark.db


def samples(text: str) -> dict[tuple, float]:
    """(sample name, sorted labels) -> value."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def scrape(client) -> dict[tuple, float]:
    response = client.get("/metrics")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def requests_of(metrics: dict, rule: str, status: str = "200") -> float:
    key = ("forum_http_requests_total",
           (("method", "GET"), ("rule", rule), ("status", status)))
    return metrics.get(key, 0.0)


def test_metrics_are_off_by_default(app, client):
    assert not app.config["METRICS_ENABLED"]
    assert client.get("/metrics").status_code == 404


def test_requests_and_latency_are_counted_by_route_rule(app, client):
    app.config["METRICS_ENABLED"] = True
    forum, moderator, participant, thread = setup_forum()
    rule = "/threads/<int:thread_id>"
    before = scrape(client)
    for _ in range(3):
        assert client.get(f"/threads/{thread.id}").status_code == 200
    client.get("/threads/99999999")
    after = scrape(client)
    assert requests_of(after, rule) - requests_of(before, rule) == 3
    assert requests_of(after, rule, "404") - requests_of(before, rule, "404") == 1
    count = ("forum_http_request_duration_seconds_count", (("rule", rule),))
    assert after[count] - before.get(count, 0) == 4
    assert not any("99999999" in str(key) for key in after)


def test_the_moderation_queue_and_its_oldest_post_per_forum(app, client):
    app.config["METRICS_ENABLED"] = True
    clock = set_clock(app, now())
    forum, moderator, participant, thread = setup_forum()
    quiet = make_forum()
    make_reply(thread, participant)
    clock.advance(minutes=30)
    make_reply(thread, participant)
    clock.advance(minutes=15)
    with statements(app) as seen:
        metrics = scrape(client)
    assert metrics[("forum_moderation_queue_length", (("forum", forum.slug),))] == 2
    assert metrics[("forum_moderation_queue_length", (("forum", quiet.slug),))] == 0
    oldest = metrics[("forum_moderation_oldest_pending_seconds", (("forum", forum.slug),))]
    assert oldest == pytest.approx(45 * 60, abs=5)
    assert metrics[("forum_moderation_oldest_pending_seconds", (("forum", quiet.slug),))] == 0
    queries = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    # the queues in one statement, the outbox in another, the jobs in a third
    assert len(queries) == 3


def test_outbox_pending_dead_and_failing_counts(app, client):
    app.config["METRICS_ENABLED"] = True
    for state, error in [(OutboxState.PENDING, ""), (OutboxState.PENDING, "timed out"),
                         (OutboxState.DEAD, "refused"), (OutboxState.SENT, "")]:
        db.session.add(OutboxMessage(recipient="a@example.org", subject="S", body="B",
                                     state=state, last_error=error))
    db.session.commit()
    metrics = scrape(client)
    assert metrics[("forum_outbox_messages", (("state", "pending"),))] == 2
    assert metrics[("forum_outbox_messages", (("state", "dead"),))] == 1
    assert metrics[("forum_mail_failing_messages", ())] == 1


def test_a_scrape_writes_nothing_and_sets_no_cookie(app, client):
    app.config["METRICS_ENABLED"] = True
    setup_forum()
    before = snapshot()
    response = client.get("/metrics")
    assert "Set-Cookie" not in response.headers
    assert snapshot() == before


def test_metrics_can_be_restricted_to_some_addresses(app, client):
    app.config.update(METRICS_ENABLED=True, METRICS_ALLOW=["10.0.0.0/8", "192.0.2.7"])
    assert client.get("/metrics").status_code == 403
    allowed = client.get("/metrics", environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert allowed.status_code == 200
    app.config["METRICS_ALLOW"] = "127.0.0.1, ::1"
    assert client.get("/metrics").status_code == 200
    app.config["METRICS_ALLOW"] = ["not-a-network"]
    assert client.get("/metrics").status_code == 403  # a typo admits no one


def test_under_gunicorn_with_two_workers_every_request_is_counted_once(app, db_name,
                                                                      tmp_path):
    if db_name != "sqlite":
        pytest.skip("the server's database does not matter here; SQLite is enough")
    url = f"sqlite:///{tmp_path / 'metrics.sqlite3'}"
    directory = tmp_path / "prometheus"
    directory.mkdir()
    env = server_env(url, tmp_path, FORUM_METRICS_ENABLED="true",
                     PROMETHEUS_MULTIPROC_DIR=str(directory))
    forum_command("db", "upgrade", env=env)
    with gunicorn("forum:create_app()", env, tmp_path, workers=2,
                  ready_path="/healthz") as server:
        with requests.Session() as session:
            before = samples(session.get(server.base + "/metrics", timeout=30).text)
            for _ in range(40):
                assert session.get(server.base + "/readyz", timeout=30).status_code == 200
        for _ in range(10):  # new connections: either worker may answer a scrape
            after = samples(requests.get(server.base + "/metrics", timeout=30).text)
            assert requests_of(after, "/readyz") - requests_of(before, "/readyz") == 40
    assert len(list(directory.glob("*.db"))) >= 2  # both workers kept their counts there
