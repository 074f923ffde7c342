"""The audit log, in-app notifications and watches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import now
from forum.extensions import db
from forum.models.users import User


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int | None]
    forum_id: Mapped[int | None] = mapped_column(
        ForeignKey("forums.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    # The X-Request-ID of the request that acted (None from the CLI): ties the row to the log.
    request_id: Mapped[str | None] = mapped_column(String(128))

    actor: Mapped[User | None] = relationship()


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    # Where a notice that is not about a post leads (a path in this site), e.g. a review round.
    url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=now)
    read_at: Mapped[datetime | None]


class Watch(db.Model):
    """A person's subscription to a forum or one thread: each message, or a daily digest."""

    __tablename__ = "watches"
    __table_args__ = (
        CheckConstraint("mode IN ('each', 'daily')", name="mode"),
        CheckConstraint("(forum_id IS NULL) <> (thread_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    forum_id: Mapped[int | None] = mapped_column(
        ForeignKey("forums.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    mode: Mapped[str] = mapped_column(String(10), default="each")
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_digest_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ThreadRead(db.Model):
    """How far one person has read one thread: through the post `post_id`, which arrived
    (was approved, or written if never approved) at `read_at`. Posts arriving later, in
    (arrival, id) order, are unread (forum/threads/reads.py)."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    read_at: Mapped[datetime]
    post_id: Mapped[int]
