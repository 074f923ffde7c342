"""The search tables' names, and the Alembic filter that leaves them alone.

They are made by hand in the migration (an FTS5 virtual table on SQLite, a table with a
tsvector and a GIN index on PostgreSQL) and have no model, so the drift check and
autogenerate must not propose dropping them, nor FTS5's shadow tables (search_posts_data,
search_posts_idx, ...). No imports from the app: forum/extensions.py uses this.
"""

from __future__ import annotations

SQLITE_TABLE = "search_posts"
POSTGRES_TABLE = "search_documents"
_PREFIXES = (SQLITE_TABLE, POSTGRES_TABLE)


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Alembic's `include_object`: False for the search tables and anything on them."""
    if type_ == "table" and name and name.startswith(_PREFIXES):
        return False
    table = getattr(obj, "table", None)
    return not (table is not None and str(table.name).startswith(_PREFIXES))
