"""The Secretariat's draft digest (its changes to the generated text) and published versions.

Posts are cited by public number, never by database id, so that both survive an archive's
export and import (synthesis/serial.py). Review rounds let the forum's participants comment
on the draft before it is published (forum/digest/review.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from forum.clock import now
from forum.extensions import db
from forum.models.users import User


class DigestOverride(db.Model):
    """One paragraph of a forum's draft as the Secretariat changed it (synthesis/overrides.py
    says how a key finds its paragraph again after regeneration)."""

    __tablename__ = "digest_overrides"
    __table_args__ = (UniqueConstraint("forum_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    # Public numbers of the paragraph's sources when it was last edited, deleted or moved.
    sources: Mapped[list] = mapped_column(JSON, default=list)
    basis: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str | None] = mapped_column(Text)  # Markdown; None: the generated text
    deleted: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_empty(self) -> bool:
        return self.text is None and not self.deleted and self.position is None


class DigestVersion(db.Model):
    """A published digest: numbered 1, 2, ... per forum, and never changed afterwards."""

    __tablename__ = "digest_versions"
    __table_args__ = (UniqueConstraint("forum_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(default=now)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)  # a whole document, print CSS inlined
    report: Mapped[dict] = mapped_column(JSON, default=dict)  # for DOCX and PDF

    published_by: Mapped[User | None] = relationship()

    @property
    def article(self) -> str:
        """The frozen <article> inside the stored document, for a page of the site."""
        start, end = self.html.find("<article"), self.html.rfind("</article>")
        if start < 0 or end < 0:
            return ""
        return self.html[start:end + len("</article>")]


@event.listens_for(DigestVersion, "before_update")
def _published_versions_never_change(mapper, connection, target: DigestVersion) -> None:
    session = object_session(target)
    if session is not None and session.is_modified(target, include_collections=False):
        raise ValueError("a published digest version never changes")


class DigestReview(db.Model):
    """A review round: the forum's participants read the draft and comment on it until the
    Secretariat closes the round, publishes a version, or `ends_at` passes."""

    __tablename__ = "digest_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(default=now)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ends_at: Mapped[datetime | None]  # exclusive, like a forum's closes_at
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def is_open_at(self, moment: datetime) -> bool:
        return self.closed_at is None and (self.ends_at is None or moment < self.ends_at)


class DigestComment(db.Model):
    """A reviewer's comment on one paragraph of the draft (`key`) or on the whole draft
    (`key` None). `sources` lets it find its paragraph again when the key changes."""

    __tablename__ = "digest_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("digest_reviews.id", ondelete="CASCADE"),
                                           index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    key: Mapped[str | None] = mapped_column(String(200))
    # Public numbers of the paragraph's sources, and its number, when the comment was made.
    sources: Mapped[list] = mapped_column(JSON, default=list)
    paragraph: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)  # as typed (Markdown)
    body_html: Mapped[str] = mapped_column(Text)  # rendered and sanitized once, when saved
    created_at: Mapped[datetime] = mapped_column(default=now)
    addressed_at: Mapped[datetime | None]
    addressed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    review: Mapped[DigestReview] = relationship()
