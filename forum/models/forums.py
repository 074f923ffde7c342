"""Forums (online conferences), their topics, moderators and accredited participants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import now
from forum.extensions import db
from forum.models.users import User, new_key

POSTING_RULES = ("registered", "accredited")


class Window:
    """Shared logic of a [opens_at, closes_at) window that may be extended (the columns
    opens_at, closes_at and extended_to are declared by each model)."""

    @property
    def effective_closes_at(self) -> datetime | None:
        return self.extended_to or self.closes_at

    def status_at(self, moment: datetime) -> str:
        if self.opens_at and moment < self.opens_at:
            return "upcoming"
        closes = self.effective_closes_at
        if closes and moment >= closes:
            return "closed"
        return "open"


class Forum(Window, db.Model):
    __tablename__ = "forums"
    __table_args__ = (CheckConstraint(f"posting IN {POSTING_RULES}", name="posting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    objective: Mapped[str] = mapped_column(Text, default="")
    objective_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="en")
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    extended_to: Mapped[datetime | None]
    posting: Mapped[str] = mapped_column(String(20), default="registered")
    participants_may_open_threads: Mapped[bool] = mapped_column(default=False)
    # Seeded forums are reconstructions and say so on every page (CONTRACTS.md, honesty).
    reconstruction_note: Mapped[str] = mapped_column(Text, default="")
    # The Secretariat's digest settings (header metadata, mandate, outline), carried by archives.
    digest_settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # sha256 of the last archive imported as this forum: importing it again changes nothing.
    archive_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now)

    topics: Mapped[list[Topic]] = relationship(
        back_populates="forum", order_by="Topic.position", cascade="all, delete-orphan"
    )
    moderators: Mapped[list[User]] = relationship(
        secondary="forum_moderators", order_by="User.name", viewonly=True
    )

    @property
    def status(self) -> str:
        return self.status_at(now())


class Topic(Window, db.Model):
    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("forum_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), default=new_key)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    extended_to: Mapped[datetime | None]

    forum: Mapped[Forum] = relationship(back_populates="topics")

    def window_status_at(self, moment: datetime) -> str:
        """A topic's own window if it has one, else its forum's."""
        if self.opens_at or self.closes_at:
            return self.status_at(moment)
        return self.forum.status_at(moment)


class ForumModerator(db.Model):
    __tablename__ = "forum_moderators"

    forum_id: Mapped[int] = mapped_column(
        ForeignKey("forums.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=now)


class Accreditation(db.Model):
    __tablename__ = "accreditations"
    __table_args__ = (UniqueConstraint("forum_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
