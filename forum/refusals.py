"""The one exception type actions raise when the rules refuse a request.

Every action validates its own inputs and raises a `Refused` (or a subclass that only sets
defaults); forms, the API, the CLI and the importer translate it, each surface in one place
(forum/errors.py for pages and the API, the CLI's error wrapper), so a rule stated once is
reported the same way everywhere.
"""

from __future__ import annotations

# The API's stable error codes for each status (CONTRACTS.md, JSON API).
CODES = {400: "validation_error", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         409: "conflict", 413: "too_large", 422: "validation_error", 429: "rate_limited",
         503: "unavailable"}


class Refused(Exception):
    """A request the rules refuse: `status` is the HTTP status it maps to, `field` the input
    at fault (if any), `code` the API's stable error code."""

    status: int = 400

    def __init__(self, message: str, status: int | None = None, field: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.field = field
        self.code = code or CODES.get(self.status, "error")


class Forbidden(Refused):
    """The acting user may not do this (403)."""

    status = 403


class Conflict(Refused):
    """The state changed meanwhile, or forbids it now (409)."""

    status = 409


class NotFound(Refused):
    """Nothing the acting user may see goes by that name (404, like a missing id)."""

    status = 404
