"""What the health checks and the metrics read: readiness, the moderation queues, the
outbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import and_, case, func, select

from forum.clock import now
from forum.extensions import db
from forum.models import Forum, Post, PostState
from forum.models.outbox import OutboxMessage, OutboxState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """One readiness check: its name, whether it passed, and a short reason if not."""

    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class QueueRow:
    slug: str
    pending: int
    oldest_seconds: float


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    dead: int
    failing: int


def _failure(check: str, error: Exception) -> str:
    """What /readyz shows of a failure: the exception's class. The page is public, so the
    message (host names, ports) goes to the log only."""
    first = str(error).splitlines()[0] if str(error) else ""
    log.warning("readiness check %s failed: %s: %s", check, error.__class__.__name__, first)
    return error.__class__.__name__


def migrations_directory(app: Flask) -> str:
    """Where the Alembic scripts are (the directory Flask-Migrate was given)."""
    return app.extensions["migrate"].directory


def script_heads(app: Flask) -> set[str]:
    """The head revision(s) of the migration scripts shipped with this code."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", migrations_directory(app))
    return set(ScriptDirectory.from_config(config).get_heads())


def database_revisions(connection) -> set[str]:  # noqa: ANN001
    """The revision(s) the database says it is at (empty: never migrated)."""
    from alembic.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


def schema_state(app: Flask) -> tuple[set[str], set[str]]:
    """(the database's revisions, the scripts' heads), reading nothing else."""
    with db.engine.connect() as connection:
        current = database_revisions(connection)
    return current, script_heads(app)


def check_database(app: Flask) -> list[Check]:
    """The database answers, and its schema is at the scripts' head."""
    try:
        current, heads = schema_state(app)
    except Exception as error:  # noqa: BLE001 (any failure is "not ready", named)
        return [Check("database", False, _failure("database", error)),
                Check("migrations", False, "database unreachable")]
    if current == heads:
        return [Check("database", True), Check("migrations", True)]
    at = ", ".join(sorted(current)) or "none"
    return [Check("database", True),
            Check("migrations", False, f"database at {at}, code at {', '.join(sorted(heads))}")]


def redis_urls(app: Flask) -> list[str]:
    """The Redis servers this configuration depends on."""
    urls = [app.config.get("REDIS_URL") or ""]
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
    if storage.startswith(("redis://", "rediss://")):
        urls.append(storage)
    return list(dict.fromkeys(url for url in urls if url))


def check_redis(app: Flask) -> list[Check]:
    """Each configured Redis answers PING (within a second)."""
    if not redis_urls(app):
        return []
    import redis

    for url in redis_urls(app):
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        try:
            client.ping()
        except Exception as error:  # noqa: BLE001
            return [Check("redis", False, _failure("redis", error))]
        finally:
            client.close()
    return [Check("redis", True)]


def readiness(app: Flask) -> list[Check]:
    """Every readiness check, in order."""
    return check_database(app) + check_redis(app)


def moderation_queues() -> list[QueueRow]:
    """Per forum: how many posts await moderation and how old the oldest is, in one query."""
    rows = db.session.execute(
        select(Forum.slug, func.count(Post.id), func.min(Post.created_at))
        .outerjoin(Post, and_(Post.forum_id == Forum.id, Post.state == PostState.PENDING))
        .group_by(Forum.id, Forum.slug)
        .order_by(Forum.slug)
    ).all()
    moment = now()
    return [QueueRow(slug, count, max(0.0, (moment - oldest).total_seconds()) if oldest else 0.0)
            for slug, count, oldest in rows]


def outbox_counts() -> OutboxCounts:
    """Pending and dead email, and pending email whose last attempt failed, in one query."""
    pending = OutboxMessage.state == OutboxState.PENDING
    row = db.session.execute(select(
        func.count(case((pending, 1))),
        func.count(case((OutboxMessage.state == OutboxState.DEAD, 1))),
        func.count(case((and_(pending, OutboxMessage.last_error != ""), 1))),
    )).one()
    return OutboxCounts(*row)

