"""Signed one-time links for email confirmation, password reset and email change.

Each link signs a fingerprint of the state it changes (password hash, email, confirmed or
not); once used, that state changes and the link stops working: links work once.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum.extensions import db
from forum.models import User

MAX_AGE = {"confirm": 7 * 86400, "reset": 2 * 3600, "email": 2 * 86400, "unwatch": None}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"forum-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    state = f"{user.id}|{user.email}|{user.password_hash}|{user.confirmed_at}|{purpose}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str, **extra: str | int) -> str:
    payload = {"uid": user.id, "fp": _fingerprint(user, purpose), **extra}
    return _serializer(purpose).dumps(payload)


def read_token(token: str, purpose: str) -> tuple[User, dict] | None:
    """The user and payload of a valid, unused link; None if forged, expired or used."""
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(payload, dict):
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or payload.get("fp") != _fingerprint(user, purpose):
        return None
    return user, payload
