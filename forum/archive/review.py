"""Review rounds of the digest draft in an archive (`digests.reviews`): exported and imported
as the Secretariat's draft changes are, people by key and posts by public number."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from forum.clock import iso, parse_iso
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import DigestComment, DigestReview, Forum


def export_reviews(forum: Forum, key: Callable[[int | None], str | None]) -> list[dict]:
    """Rounds oldest first, each with its comments in the order they were made."""
    reviews = db.session.scalars(select(DigestReview).where(DigestReview.forum_id == forum.id)
                                 .order_by(DigestReview.opened_at, DigestReview.id)).all()
    out = []
    for review in reviews:
        comments = db.session.scalars(select(DigestComment)
                                      .where(DigestComment.review_id == review.id)
                                      .order_by(DigestComment.created_at, DigestComment.id)).all()
        out.append({
            "opened_at": iso(review.opened_at), "opened_by": key(review.opened_by_id),
            "ends_at": iso(review.ends_at), "closed_at": iso(review.closed_at),
            "closed_by": key(review.closed_by_id),
            "comments": [{"key": c.key, "sources": list(c.sources or []),
                          "paragraph": c.paragraph, "author": key(c.author_id), "body": c.body,
                          "created_at": iso(c.created_at), "addressed_at": iso(c.addressed_at),
                          "addressed_by": key(c.addressed_by_id)} for c in comments],
        })
    return out


def _t(value: str | None):
    return parse_iso(value) if value else None


def write_reviews(reviews: list[dict], forum: Forum,
                  uid: Callable[[str | None], int | None]) -> None:
    """Add a validated archive's review rounds to `forum` (the caller commits)."""
    for item in reviews:
        review = DigestReview(forum_id=forum.id, opened_at=_t(item["opened_at"]),
                              opened_by_id=uid(item["opened_by"]), ends_at=_t(item["ends_at"]),
                              closed_at=_t(item["closed_at"]),
                              closed_by_id=uid(item["closed_by"]))
        db.session.add(review)
        db.session.flush()
        for c in item["comments"]:
            db.session.add(DigestComment(
                review_id=review.id, key=c["key"], sources=c["sources"],
                paragraph=c["paragraph"], author_id=uid(c["author"]), body=c["body"],
                body_html=render_markdown(c["body"]), created_at=_t(c["created_at"]),
                addressed_at=_t(c["addressed_at"]), addressed_by_id=uid(c["addressed_by"])))
