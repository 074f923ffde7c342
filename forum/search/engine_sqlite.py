"""SQLite: an FTS5 table `search_posts` whose rowid is the post's id.

It keeps its own copy of the indexed text (neither external content nor contentless): what
it indexes is derived text (the post's HTML reduced to plain words, Chinese segmented) that
no column of `posts` holds, so an external-content table would have nothing consistent to
read back, and a contentless one could neither delete rows (before SQLite 3.43) nor cut
snippets. The copy costs roughly the size of the posts' text.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, bindparam, column, text
from sqlalchemy.orm import Session

from forum.search.tables import SQLITE_TABLE as TABLE
from forum.search.text import fts5_query


def delete(session: Session, post_ids: list[int]) -> None:
    """Remove these posts from the index (absent ones are ignored)."""
    if post_ids:
        session.execute(text(f"DELETE FROM {TABLE} WHERE rowid IN :ids")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": post_ids})


def store(session: Session, rows: list[dict]) -> None:
    """Index rows {id, config, title, subject, body} (replacing what was there)."""
    delete(session, [r["id"] for r in rows])
    if rows:
        session.execute(text(f"INSERT INTO {TABLE} (rowid, title, subject, body) "
                             "VALUES (:id, :title, :subject, :body)"), rows)


def clear(session: Session) -> None:
    session.execute(text(f"DELETE FROM {TABLE}"))


def matches(terms: list[str]):
    """A selectable of (post_id, score) for posts holding every term; higher scores first.
    Title words weigh more than the subject's, the subject's more than the body's."""
    return text(f"SELECT rowid AS post_id, -bm25({TABLE}, 4.0, 2.0, 1.0) AS score "
                f"FROM {TABLE} WHERE {TABLE} MATCH :match").bindparams(
        match=fts5_query(terms)).columns(
        column("post_id", Integer), column("score", Float)).subquery("found")


def snippets(session: Session, terms: list[str], post_ids: list[int]) -> dict[int, str]:
    """The best passage of each post's body, matched words between \\x02 and \\x03."""
    if not post_ids:
        return {}
    rows = session.execute(text(
        f"SELECT rowid, snippet({TABLE}, 2, char(2), char(3), '…', 32) FROM {TABLE} "
        f"WHERE {TABLE} MATCH :match AND rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True)),
        {"match": fts5_query(terms), "ids": post_ids})
    return {row[0]: row[1] for row in rows}
