"""Bearer-token authentication for the API (no cookies, so no CSRF)."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.api.errors import ApiError
from forum.extensions import db
from forum.models import ApiToken, User
from forum.models.users import hash_token


def load_api_user() -> None:
    """Set g.api_user from the Authorization header; a bad token is a 401."""
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if not header:
        return
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", _l("Use 'Authorization: Bearer <token>'."))
    # The token and its user in one statement: this runs on every call with a token.
    row = db.session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(token.strip()), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.is_active:
        raise ApiError(401, "unauthorized", _l("The token is not valid or was revoked."))
    g.api_user = row.user


def current() -> User | None:
    return g.get("api_user")


def require_user() -> User:
    user = current()
    if user is None:
        raise ApiError(401, "unauthorized", _l("This needs a bearer token."))
    return user
