"""People, their sign-in sessions and API tokens."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.clock import now
from forum.extensions import db

ROLES = ("participant", "moderator", "secretariat")
AFFILIATIONS = ("party", "other_government", "organization")


def new_key() -> str:
    return uuid.uuid4().hex[:16]


def hash_token(token: str) -> str:
    """Tokens are stored hashed: a leaked database does not leak live sessions or tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint(f"affiliation IN {AFFILIATIONS}", name="affiliation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, default=new_key)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    title: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    organization: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str] = mapped_column(String(20), default="party")
    role: Mapped[str] = mapped_column(String(20), default="participant")
    confirmed_at: Mapped[datetime | None]
    consented_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Two-factor sign-in (forum/mfa): the TOTP secret (base32, never shown after enrolment),
    # when it was confirmed, and the last accepted time step, so a code works only once.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # The interface language chosen by the user (forum/i18n LANGUAGES); None follows the
    # browser's Accept-Language.
    language: Mapped[str | None] = mapped_column(String(10))

    # Set by the session loader: the sign-in session this request runs under (not a column).
    session_id = None

    def get_id(self) -> str | None:
        return self.session_id

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def display_name(self) -> str:
        return f"{self.title} {self.name}".strip()

    @property
    def is_secretariat(self) -> bool:
        return self.role == "secretariat"


class BackupCode(db.Model):
    """A single-use recovery code for two-factor sign-in; only its hash is kept."""

    __tablename__ = "backup_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    used_at: Mapped[datetime | None]


class UserSession(db.Model):
    """A sign-in session, so sign-out is checked on the server, not only by the cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
