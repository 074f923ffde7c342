"""The one exception type actions raise when the rules refuse a request."""

from __future__ import annotations


class Refused(Exception):
    """A request the rules refuse: `status` is the HTTP status it maps to, `field` the input
    at fault (if any), so pages and the API report it the same way."""

    def __init__(self, message: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
