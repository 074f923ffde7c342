"""The engine of the database in use: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

from types import ModuleType

from forum.extensions import db
from forum.search import engine_postgres, engine_sqlite


def current() -> ModuleType:
    return engine_postgres if db.engine.dialect.name == "postgresql" else engine_sqlite


def config_for(language: str | None) -> str:
    return engine_postgres.config_for(language)
