"""Full-text search over the public record: SQLite FTS5 or PostgreSQL tsvector."""
