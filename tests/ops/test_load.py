"""Concurrency with nothing lost: gunicorn with 4 workers, participants posting through
the API and the reply form while moderators approve and reject from the queue; then the
invariants of CONTRACTS.md hold in the database. (bench/load.py is the bigger run.)"""

from __future__ import annotations

import pytest

from bench.loadkit import check_invariants, make_cast, run_load
from bench.server import forum_command, gunicorn, server_env
from forum.extensions import db

pytestmark = pytest.mark.db


@pytest.fixture
def load_database(app, tmp_path) -> str:
    """SQLite: a file of its own; PostgreSQL: the test database. Migrated by the CLI."""
    if db.engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    else:
        url = db.engine.url.render_as_string(hide_password=False)
    db.session.remove()
    forum_command("db", "upgrade", env=server_env(url, tmp_path))
    return url


def test_concurrent_posting_and_moderation_lose_nothing(load_database, tmp_path):
    cast = make_cast(load_database, participants=10, moderators=2,
                     outbox=str(tmp_path / "outbox"))
    with gunicorn("forum:create_app()", server_env(load_database, tmp_path), tmp_path,
                  workers=4) as server:
        result = run_load(server.base, cast, posts_each=5, max_requests=2_000,
                          max_seconds=240)
        log = server.log_text()

    print(result.summary())
    assert result.finished, f"stopped by its bounds: {result.summary()}"
    assert "Traceback" not in log, log[-3000:]
    assert len(result.created) == 10 * 5
    assert {how for how, _, _ in result.repeats} == {"api", "form"}
    assert result.approved and result.rejected
    assert check_invariants(result, load_database, cast.forum) == []
