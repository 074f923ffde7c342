"""Sign-in sessions held on the server.

The cookie carries a random session id; the database keeps its hash. Signing in clears the
old cookie session and issues a new id (rotation); signing out revokes the row, so a copied
cookie stops working. The idle timeout is kept in the signed cookie (refreshed at most once
a minute), so reading a page never writes to the database.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import select

from forum.clock import now
from forum.extensions import db, login_manager
from forum.i18n import SESSION_KEY as LANGUAGE_KEY
from forum.models import User, UserSession
from forum.models.users import hash_token

SEEN_KEY = "_seen"
# The last-seen time is rewritten at most once a minute: rewriting it on every request
# re-signed and re-sent the session cookie with every page. The idle timeout may thus end
# a session up to a minute early, never late.
SEEN_RESOLUTION_SECONDS = 60


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.localize_callback = str  # flashed as text in the reader's language
    login_manager.session_protection = None  # rotation and revocation are ours (below)
    login_manager.user_loader(load_user)


def load_user(session_id: str) -> User | None:
    config = current_app.config
    moment = now()
    seen = session.get(SEEN_KEY)
    if seen is not None and moment.timestamp() - seen > config["SESSION_IDLE_MINUTES"] * 60:
        return None
    # The user and their session's start in one statement: this runs on every signed-in
    # request.
    row = db.session.execute(
        select(User, UserSession.created_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == hash_token(session_id),
               UserSession.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    user, started = row
    if started < moment - timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]):
        return None
    if not user.is_active:
        return None
    user.session_id = session_id
    if seen is None or moment.timestamp() - seen >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_KEY] = int(moment.timestamp())
    return user


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign `user` in under a fresh session id (the caller commits)."""
    _clear_keeping_language()
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=hash_token(token), user_id=user.id, created_at=now()))
    user.session_id = token
    login_user(user, remember=False)
    session[SEEN_KEY] = int(now().timestamp())


def end_session(user: User) -> None:
    """Revoke the current session on the server and clear the cookie (the caller commits)."""
    if user.session_id:
        row = db.session.scalar(
            select(UserSession).where(UserSession.token_hash == hash_token(user.session_id))
        )
        if row is not None:
            row.revoked_at = now()
    logout_user()
    _clear_keeping_language()


def revoke_all_sessions(user: User) -> None:
    """After a password change or reset, every other session ends."""
    for row in db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    ):
        if row.token_hash != hash_token(user.session_id or ""):
            row.revoked_at = now()


def _clear_keeping_language() -> None:
    """A new session (sign-in, sign-out) forgets everything but the language the reader
    chose with the switcher: it is not a secret, and losing it would switch the page
    to another language at the moment of signing in."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language
