"""Rate limits that are rules of actions: posting (per account, the web and the API alike)
and signing in (per account and address, per address, and a per-account ceiling).

They count in the limiter's own store (Flask-Limiter's strategy over a `limits` storage:
the shared SQLite file of forum/ratelimit/filestore.py by default, Redis when
RATELIMIT_STORAGE_URI says so), so every worker process sees the same counters. Limits are
settings in the `limits` notation ("6 per minute; 30 per hour": every part must hold).
They apply to requests, and to other surfaces where participants act (the inbound mail
server declares `participants_acting()`): the CLI, the importer and seeding are the
operators' own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Response, current_app, g, has_request_context, request
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many

from forum.extensions import limiter
from forum.models import User
from forum.ratelimit import filestore  # noqa: F401  (registers the forum+sqlite:// scheme)
from forum.refusals import Refused

STAFF_ROLES = ("moderator", "secretariat")
DEVICE_COOKIE = "known_signin"
DEVICE_COOKIE_DAYS = 365
_DEVICES_KEPT = 5


_participants_acting: ContextVar[bool] = ContextVar("participants_acting", default=False)


@contextmanager
def participants_acting() -> Iterator[None]:
    """Count limits inside this block although it is not a request (emailed replies)."""
    token = _participants_acting.set(True)
    try:
        yield
    finally:
        _participants_acting.reset(token)


def _enabled() -> bool:
    return ((has_request_context() or _participants_acting.get())
            and bool(current_app.config.get("RATELIMIT_ENABLED", True)))


def _identifiers(*parts: str) -> list[str]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return [prefix, *parts] if prefix else list(parts)


def _hit(setting: str, *parts: str) -> bool:
    """Count one attempt against every part of the limit `setting`; False if one is over
    (and the request's Retry-After is then that limit's longest window)."""
    ok = True
    for item in parse_many(current_app.config[setting]):
        ok = limiter.limiter.hit(item, *_identifiers(setting.lower(), *parts)) and ok
    if not ok and has_request_context():
        window = max(int(item.get_expiry()) for item in parse_many(current_app.config[setting]))
        g.retry_after = max(window, g.get("retry_after", 0))
    return ok


def hit_posting(user: User, refusal: type[Refused] = Refused) -> None:
    """Count a new post or thread by `user`; raise `refusal` (429) past the posting limit.

    Moderators and the Secretariat have a looser limit of their own (POST_LIMIT_STAFF):
    their posts skip the queue but still reach every watcher by email.
    """
    if not _enabled():
        return
    setting = "POST_LIMIT_STAFF" if user.role in STAFF_ROLES else "POST_LIMIT"
    if not current_app.config.get(setting):
        return  # an empty setting means no limit
    if not _hit(setting, "user", str(user.id)):
        raise refusal(_l("You are posting faster than the forum allows. Please wait a few "
                         "minutes and send it again."), status=429)


def _account(email: str) -> str:
    return (email or "").strip().lower()


def hit_sign_in(email: str, address: str, *, known_device: bool) -> bool:
    """Count a sign-in attempt; False if it goes past a limit (the password is then not
    even checked). Three counters: this account from this address (LOGIN_LIMIT), this
    address whatever the account (LOGIN_ADDRESS_LIMIT), and this account from anywhere
    (LOGIN_ACCOUNT_LIMIT), which a browser the account signed in from before skips, so
    someone guessing elsewhere cannot lock the owner out."""
    if not _enabled():
        return True
    account = _account(email)
    ok = _hit("LOGIN_LIMIT", account, address)
    ok = _hit("LOGIN_ADDRESS_LIMIT", address) and ok
    if not known_device:
        ok = _hit("LOGIN_ACCOUNT_LIMIT", account) and ok
    return ok


def forget_sign_in_attempts(email: str, address: str) -> None:
    """After a successful sign-in, the owner's typos from this address are forgotten."""
    if not _enabled():
        return
    for item in parse_many(current_app.config["LOGIN_LIMIT"]):
        limiter.limiter.clear(item, *_identifiers("login_limit", _account(email), address))


def _device_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="known-signin-device")


def _device_tag(email: str) -> str:
    return hashlib.sha256(_account(email).encode()).hexdigest()[:24]


def _device_tags() -> list[str]:
    try:
        tags = _device_serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def is_known_device(email: str) -> bool:
    """True if this browser has signed in to the account of `email` before."""
    return has_request_context() and _device_tag(email) in _device_tags()


def remember_device(response: Response, email: str) -> Response:
    """Mark this browser as one the account of `email` signs in from (a signed cookie
    holding hashes of at most five addresses, never the addresses themselves)."""
    tag = _device_tag(email)
    tags = [tag, *[t for t in _device_tags() if t != tag]][:_DEVICES_KEPT]
    response.set_cookie(
        DEVICE_COOKIE, _device_serializer().dumps(tags), max_age=DEVICE_COOKIE_DAYS * 86400,
        httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
