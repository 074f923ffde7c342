"""Signed reply addresses: `reply+<token>@<REPLY_DOMAIN>`, one per recipient and thread.

The token packs a format byte, the user id, the thread id and the day it was issued, and
a 112-bit HMAC-SHA256 of those under a key derived from SECRET_KEY. It is written in
lower-case base32: 25 bytes give exactly 40 characters, so the local part
(`reply+` and the token, 46 characters) stays under RFC 5321's 64, and mail systems that
change the case of a local part do not break it. itsdangerous was not used here: its
tokens are case-sensitive base64 and too long for a local part (docs/decisions.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app

from forum.clock import now

PREFIX = "reply+"
_VERSION = 1
_LAYOUT = struct.Struct(">BIIH")  # version, user id, thread id, day issued (since 1970)
_MAC_BYTES = 14
_EPOCH = date(1970, 1, 1)
TOKEN_LENGTH = 40


@dataclass(frozen=True)
class ReplyAddress:
    """What a genuine token says: whose it is, for which thread, and whether it expired."""

    user_id: int
    thread_id: int
    issued: date
    expired: bool


def _mac(payload: bytes) -> bytes:
    key = hashlib.sha256(b"forum-reply-address|" + current_app.config["SECRET_KEY"].encode())
    return hmac.new(key.digest(), payload, hashlib.sha256).digest()[:_MAC_BYTES]


def make_token(user_id: int, thread_id: int, issued: datetime | None = None) -> str:
    day = ((issued or now()).date() - _EPOCH).days
    payload = _LAYOUT.pack(_VERSION, user_id, thread_id, day)
    return base64.b32encode(payload + _mac(payload)).decode().lower()


def reply_address(user_id: int, thread_id: int) -> str | None:
    """The address a notification's Reply-To carries; None when REPLY_DOMAIN is not set."""
    domain = current_app.config.get("REPLY_DOMAIN")
    if not domain:
        return None
    return f"{PREFIX}{make_token(user_id, thread_id)}@{domain}"


def token_of(recipient: str) -> str | None:
    """The token of a recipient address if it is `reply+…@REPLY_DOMAIN` (any case)."""
    domain = (current_app.config.get("REPLY_DOMAIN") or "").lower()
    local, at, host = (recipient or "").strip().strip("<>").rpartition("@")
    if not at or not domain or host.lower() != domain or not local.lower().startswith(PREFIX):
        return None
    return local[len(PREFIX):].lower()


def read_token(token: str) -> ReplyAddress | None:
    """The token's content if we signed it (expired or not); None if forged or garbled."""
    if len(token) != TOKEN_LENGTH:
        return None
    try:
        raw = base64.b32decode(token.upper())
    except (binascii.Error, ValueError):
        return None
    payload, mac = raw[:_LAYOUT.size], raw[_LAYOUT.size:]
    if not hmac.compare_digest(mac, _mac(payload)):
        return None
    version, user_id, thread_id, day = _LAYOUT.unpack(payload)
    if version != _VERSION:
        return None
    issued = _EPOCH + timedelta(days=day)
    max_age = int(current_app.config["REPLY_TOKEN_MAX_AGE_DAYS"])
    return ReplyAddress(user_id=user_id, thread_id=thread_id, issued=issued,
                        expired=(now().date() - issued).days > max_age)
