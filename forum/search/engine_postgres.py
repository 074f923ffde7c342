"""PostgreSQL: a table `search_documents` with one tsvector per post and a GIN index.

Each post is parsed with its forum's text search configuration (english, french, spanish,
russian; `simple` for any other language, Chinese included, whose words jieba has already
separated), each preceded by unaccent (the migration defines them: forum_english, ...).
A query is parsed by every configuration at once and OR-ed, so one search
finds posts of forums in different languages; the combined query is a constant, so the
GIN index serves it.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, bindparam, column, text
from sqlalchemy.orm import Session

from forum.search.tables import POSTGRES_TABLE as TABLE

# The migration makes these: the built-in configurations with unaccent in front.
CONFIGS = {"en": "forum_english", "fr": "forum_french", "es": "forum_spanish",
           "ru": "forum_russian"}
ALL_CONFIGS = (*CONFIGS.values(), "forum_simple")

_QUERY = " || ".join(f"plainto_tsquery('{c}', :words)" for c in ALL_CONFIGS)


def config_for(language: str | None) -> str:
    """The text search configuration for a forum language ('fr', 'fr-CA', 'zh', ...)."""
    return CONFIGS.get((language or "").split("-")[0].lower(), "forum_simple")


def delete(session: Session, post_ids: list[int]) -> None:
    if post_ids:
        session.execute(text(f"DELETE FROM {TABLE} WHERE post_id IN :ids")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": post_ids})


def store(session: Session, rows: list[dict]) -> None:
    """Index rows {id, config, title, subject, body} (replacing what was there)."""
    if not rows:
        return
    session.execute(text(
        f"INSERT INTO {TABLE} (post_id, config, title, subject, body, document) "
        "VALUES (:id, CAST(:config AS regconfig), :title, :subject, :body, "
        " setweight(to_tsvector(CAST(:config AS regconfig), :title), 'A') || "
        " setweight(to_tsvector(CAST(:config AS regconfig), :subject), 'B') || "
        " setweight(to_tsvector(CAST(:config AS regconfig), :body), 'C')) "
        "ON CONFLICT (post_id) DO UPDATE SET config = excluded.config, "
        "title = excluded.title, subject = excluded.subject, body = excluded.body, "
        "document = excluded.document"), rows)


def clear(session: Session) -> None:
    session.execute(text(f"DELETE FROM {TABLE}"))


def _words(terms: list[str]) -> str:
    # plainto_tsquery reads no operators at all; the terms are plain words already.
    return " ".join(terms)


def matches(terms: list[str]):
    """A selectable of (post_id, score) for posts holding every term; higher scores first."""
    return text(f"SELECT post_id, ts_rank_cd(document, q) AS score "
                f"FROM {TABLE}, (SELECT {_QUERY} AS q) AS words WHERE document @@ q").bindparams(
        words=_words(terms)).columns(
        column("post_id", Integer), column("score", Float)).subquery("found")


def snippets(session: Session, terms: list[str], post_ids: list[int]) -> dict[int, str]:
    """The best passage of each post's body, matched words between \\x02 and \\x03."""
    if not post_ids:
        return {}
    rows = session.execute(text(
        f"SELECT post_id, ts_headline(config, body, q, 'StartSel=\"\x02\", "
        "StopSel=\"\x03\", MaxWords=40, MinWords=15, MaxFragments=2, "
        f"FragmentDelimiter=\" … \"') FROM {TABLE}, (SELECT {_QUERY} AS q) AS words "
        "WHERE post_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True)), {"words": _words(terms), "ids": post_ids})
    return {row[0]: row[1] for row in rows}
