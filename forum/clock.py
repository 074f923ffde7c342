"""The one clock of the application: tests and operators inject "now" through config."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, has_app_context


def system_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def now() -> datetime:
    """The current instant as a naive UTC datetime (all stored times are naive UTC)."""
    clock: Callable[[], datetime] | None = None
    if has_app_context():
        clock = current_app.config.get("CLOCK")
    return (clock or system_now)()


def to_utc_naive(value: datetime) -> datetime:
    """Normalise an aware or naive datetime to naive UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, as the API and archives exchange times."""
    if value is None:
        return None
    # isoformat always writes four-digit years (strftime's %Y gives "999" or "1" on some
    # C libraries, which is not ISO 8601).
    return to_utc_naive(value).replace(microsecond=0).isoformat() + "Z"


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 instant; naive input is taken as UTC. Raises ValueError."""
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError("not an ISO 8601 time")
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    try:
        return to_utc_naive(value)
    except OverflowError:  # an offset that moves the instant past year 1 or 9999
        raise ValueError("not an instant between years 1 and 9999") from None
