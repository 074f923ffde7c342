"""Baselines for the thread page, served the same way on the same database:

- `/minimal`: the least a Flask page costs (no database, no template);
- `/naive/<thread_id>`: one query selecting the thread's approved posts (first 200, in
  order) with their authors, printed as their stored HTML by string concatenation: what
  the page costs without the app's permissions, sessions, template and layout.

Served with `gunicorn "bench.baseline:create_app()"` and DATABASE_URL.
"""

from __future__ import annotations

import os

from flask import Flask
from markupsafe import escape
from sqlalchemy import create_engine, text

NAIVE_QUERY = text(
    "SELECT p.id, p.number, p.subject, p.body_html, p.created_at, u.title, u.name, "
    "u.organization FROM posts p JOIN users u ON u.id = p.author_id "
    "WHERE p.thread_id = :thread AND p.state = 'approved' "
    "ORDER BY p.created_at, p.id LIMIT 200"
)


def create_app() -> Flask:
    app = Flask(__name__)
    url = os.environ["DATABASE_URL"]
    engine = create_engine(url)

    @app.get("/minimal")
    def minimal() -> str:
        return "<!doctype html><title>Minimal</title><p>Hello.</p>"

    @app.get("/naive/<int:thread_id>")
    def naive(thread_id: int) -> str:
        with engine.connect() as conn:
            rows = conn.execute(NAIVE_QUERY, {"thread": thread_id}).all()
        parts = ["<!doctype html><title>Thread</title>"]
        for row in rows:
            parts.append(
                f'<article id="post-{row.id}"><p>[#{row.number}]</p>'
                f"<h3>{escape(row.subject)}</h3><div>{row.body_html}</div>"
                f"<p>posted on {row.created_at} by {escape(row.title)} {escape(row.name)}, "
                f"{escape(row.organization)}</p></article>"
            )
        return "".join(parts)

    return app
