"""Full-text search index: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Revision ID: b6e2a9c4d871
Revises: a7c41e9d2b56
Create Date: 2026-12-03 12:50:00

The tables have no model (forum/search/tables.py keeps them out of the drift check). The
index starts empty: run `forum search reindex` after upgrading a database with posts.
"""
from alembic import op

revision = 'b6e2a9c4d871'
down_revision = 'a7c41e9d2b56'
branch_labels = None
depends_on = None


# PostgreSQL: one configuration per language the forums use, each its built-in one with
# accents removed first (unaccent), so "strategie" finds "stratégie" as on SQLite.
LANGUAGES = {'english': 'english_stem', 'french': 'french_stem', 'spanish': 'spanish_stem',
             'russian': 'russian_stem', 'simple': 'simple'}


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for language, dictionary in LANGUAGES.items():
            op.execute(f"CREATE TEXT SEARCH CONFIGURATION forum_{language} "
                       f"(COPY = pg_catalog.{language})")
            op.execute(f"ALTER TEXT SEARCH CONFIGURATION forum_{language} ALTER MAPPING FOR "
                       f"hword, hword_part, word WITH unaccent, {dictionary}")
        op.execute(
            "CREATE TABLE search_documents ("
            " post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,"
            " config regconfig NOT NULL,"
            " title text NOT NULL, subject text NOT NULL, body text NOT NULL,"
            " document tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_search_documents_document ON search_documents "
                   "USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_posts USING fts5(title, subject, body, "
                   "tokenize = 'porter unicode61 remove_diacritics 2')")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TABLE IF EXISTS search_documents")
        for language in LANGUAGES:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS forum_{language}")
    else:
        op.execute("DROP TABLE IF EXISTS search_posts")
