"""`/healthz` answers while the process is up, touching nothing; `/readyz` names what
keeps the forum from serving: the database, its migrations, Redis."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from forum.extensions import db
from tests.helpers import login, make_user
from tests.ops.support import MIGRATIONS, app_on, statements
from tests.web.support import fast_password_hashing, snapshot  # noqa: F401 (autouse)

pytestmark = pytest.mark.db

UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def test_healthz_is_tiny_and_touches_no_database_even_for_a_signed_in_browser(app, client):
    login(client, make_user())
    with statements(app) as seen:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert len(response.data) <= 16
    assert seen == []
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Request-ID"]


def test_healthz_answers_while_the_database_is_unreachable(tmp_path):
    down = app_on(UNREACHABLE_DATABASE, tmp_path)
    assert down.test_client().get("/healthz").status_code == 200


def test_readyz_lists_its_checks_when_ready(app, client):
    before = snapshot()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}
    assert "Set-Cookie" not in response.headers
    assert snapshot() == before


def test_readyz_names_an_unreachable_database(tmp_path):
    response = app_on(UNREACHABLE_DATABASE, tmp_path).test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == "database"
    assert response.json["checks"]["database"] == "OperationalError"
    assert "127.0.0.1" not in response.get_data(as_text=True)  # the log has the details


def test_readyz_names_migrations_behind_the_code(app, scratch_url, tmp_path):
    behind = app_on(scratch_url, tmp_path)
    client = behind.test_client()
    never = client.get("/readyz")
    assert never.status_code == 503 and never.json["failed"] == "migrations"
    assert "database at none" in never.json["checks"]["migrations"]
    with behind.app_context():
        upgrade(directory=MIGRATIONS, revision="d418cb3158cc")
    old = client.get("/readyz")
    assert old.status_code == 503 and old.json["failed"] == "migrations"
    assert "database at d418cb3158cc" in old.json["checks"]["migrations"]
    with behind.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("setting", ["REDIS_URL", "RATELIMIT_STORAGE_URI"])
def test_readyz_checks_redis_when_configured(app, client, setting):
    app.config[setting] = "redis://127.0.0.1:6379/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["redis"] == "ok"
    app.config[setting] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == "redis"
    assert response.json["checks"]["database"] == "ok"


def test_probes_are_never_rate_limited(app, client):
    app.config["RATELIMIT_ENABLED"] = True
    statuses = {client.get(path).status_code for path in ("/healthz", "/readyz") * 40}
    assert statuses == {200}
