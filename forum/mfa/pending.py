"""The half-signed-in state between the password and the second factor.

It is not a session: no session row exists and Flask-Login sees nobody, so every page
treats the visitor as anonymous. The signed cookie only remembers whose password was
right, when, and where to go next; it expires after a few minutes, and the real session
is created (with a fresh id) only once the second factor is accepted.
"""

from __future__ import annotations

from flask import current_app, session

from forum.clock import now
from forum.extensions import db
from forum.models import User

KEY = "_mfa_pending"


def begin(user: User, next_url: str) -> None:
    """Remember that `user` gave the right password; anything the cookie held is dropped."""
    session.clear()
    session[KEY] = {"user": user.id, "at": int(now().timestamp()), "next": next_url}


def pending_user() -> User | None:
    """The user waiting to give their second factor, if the state has not expired."""
    state = session.get(KEY)
    if not isinstance(state, dict):
        return None
    age = now().timestamp() - state.get("at", 0)
    if not 0 <= age <= current_app.config["MFA_PENDING_MINUTES"] * 60:
        return None
    user = db.session.get(User, state.get("user"))
    return user if user is not None and user.is_active else None


def pending_user_id() -> int | None:
    """The user id in the state, expired or not (the throttle's key)."""
    state = session.get(KEY)
    return state.get("user") if isinstance(state, dict) else None


def next_url() -> str:
    state = session.get(KEY)
    return state.get("next", "/") if isinstance(state, dict) else "/"


def clear() -> None:
    session.pop(KEY, None)
