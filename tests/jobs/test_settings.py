"""FORUM_REDIS_URL: the rate limits' store and the jobs' backend follow it unless named."""

from __future__ import annotations

from forum.config import load_config

REDIS = "redis://127.0.0.1:6379/3"


def _env(monkeypatch, **values: str) -> None:
    for key in ("FORUM_REDIS_URL", "FORUM_RATELIMIT_STORAGE_URI", "FORUM_JOBS_BACKEND"):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_without_redis_the_single_machine_defaults_stay(monkeypatch, tmp_path):
    _env(monkeypatch)
    config = load_config(str(tmp_path))
    assert config["RATELIMIT_STORAGE_URI"].startswith("forum+sqlite:///")
    assert config["REDIS_URL"] is None and config["JOBS_BACKEND"] == ""


def test_redis_becomes_the_rate_limit_store(monkeypatch, tmp_path):
    _env(monkeypatch, FORUM_REDIS_URL=REDIS)
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == REDIS


def test_a_named_rate_limit_store_wins(monkeypatch, tmp_path):
    _env(monkeypatch, FORUM_REDIS_URL=REDIS, FORUM_RATELIMIT_STORAGE_URI="memory://")
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"
    _env(monkeypatch, FORUM_REDIS_URL=REDIS)
    overridden = load_config(str(tmp_path), {"RATELIMIT_STORAGE_URI": "memory://"})
    assert overridden["RATELIMIT_STORAGE_URI"] == "memory://"


def test_the_backend_follows_redis(app):
    from forum.jobs import queue

    assert queue.backend() == "database"
    app.config["REDIS_URL"] = REDIS
    assert queue.backend() == "rq"
    app.config["JOBS_BACKEND"] = "database"
    assert queue.backend() == "database"
    app.config["JOBS_BACKEND"] = "celery"
    try:
        queue.backend()
    except ValueError as error:
        assert "JOBS_BACKEND" in str(error)
    else:
        raise AssertionError("an unknown backend is refused")
