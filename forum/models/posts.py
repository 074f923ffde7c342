"""Threads, posts, their revisions and moderators' tags."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import now
from forum.extensions import db
from forum.models.forums import Forum, Topic
from forum.models.users import User, new_key


class PostKind(StrEnum):
    OPENING = "opening"
    REPLY = "reply"
    SUMMARY = "summary"
    CLOSING = "closing"


class PostState(StrEnum):
    """CONTRACTS.md's states; only APPROVED is public (forum/visibility.py says who sees
    the rest). A StrEnum: the column stores the plain value."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"


KINDS = tuple(k.value for k in PostKind)
STATES = tuple(s.value for s in PostState)


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (UniqueConstraint("forum_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), default=new_key)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    questions: Mapped[list] = mapped_column(JSON, default=list)
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)

    forum: Mapped[Forum] = relationship()
    topic: Mapped[Topic | None] = relationship()
    author: Mapped[User] = relationship()


post_tags = Table(
    "post_tags",
    db.Model.metadata,
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(db.Model):
    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("forum_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        CheckConstraint(f"state IN {STATES}", name="state"),
        # One submission, one post: a double click or a retry carries the same key.
        UniqueConstraint("author_id", "idempotency_key"),
        UniqueConstraint("forum_id", "key"),
        Index("ix_posts_forum_state", "forum_id", "state"),
        Index("ix_posts_thread_state", "thread_id", "state", "created_at"),
        # A thread's opening and its state: the visibility clause asks, for every post it
        # checks, whether its thread's opening is public (docs/search.md, "Cost").
        Index("ix_posts_thread_kind", "thread_id", "kind", "state"),
        # The openings that are not public, few at any size: PostgreSQL reads the whole
        # set once per query (an anti-join) and, without this, found it by scanning every
        # post of ix_posts_thread_kind (1 ms at 100,000 posts, growing with the site;
        # docs/benchmarks.md, "A large database").
        Index("ix_posts_hidden_openings", "thread_id",
              postgresql_where=text("kind = 'opening' AND state <> 'approved'"),
              sqlite_where=text("kind = 'opening' AND state <> 'approved'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), default=new_key)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Secretariat staff who typed a post on behalf of a moderator; the moderator is the
    # author shown and counted (CONTRACTS.md, on_behalf_of).
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(10), default="reply")
    state: Mapped[str] = mapped_column(String(10), default="pending")
    subject: Mapped[str] = mapped_column(String(320), default="")
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)
    number: Mapped[int | None] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    updated_at: Mapped[datetime] = mapped_column(default=now)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    moderation_reason: Mapped[str] = mapped_column(Text, default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(80))
    # The earlier post of the same thread this one answers ("in reply to #6097"); who may
    # see the link is decided when it is shown (forum/visibility.py, reply_target).
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True)

    thread: Mapped[Thread] = relationship()
    forum: Mapped[Forum] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    posted_by: Mapped[User | None] = relationship(foreign_keys=[posted_by_id])
    reply_to: Mapped[Post | None] = relationship(remote_side=[id], foreign_keys=[reply_to_id])
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags, order_by="Tag.name")
    revisions: Mapped[list[PostRevision]] = relationship(
        order_by="PostRevision.version", cascade="all, delete-orphan", back_populates="post"
    )

    @property
    def is_public(self) -> bool:
        return self.state == "approved"


class PostRevision(db.Model):
    """Each earlier version of a post, kept when its author or a moderator edits it."""

    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime] = mapped_column(default=now)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    post: Mapped[Post] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship()


class Counter(db.Model):
    """Site-wide counters; `post_number` is the one public number series of CONTRACTS.md."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
