"""The one exception type actions raise when the rules refuse a request.

Every action validates its own inputs and raises a `Refused` (or a subclass that only sets
defaults); forms, the API, the CLI and the importer translate it, each surface in one place
(forum/errors.py for pages and the API, the CLI's error wrapper), so a rule stated once is
reported the same way everywhere.

Messages are written `lazy_gettext("…", name=value)` (imported as `_l`): the refusal is often
raised before anyone knows who will read it (an action run from the CLI, a mail worker), so
it keeps the message untranslated and `message` translates it when a surface reads it, in
the locale active there. Outside a request Flask-Babel has no locale and gives the English
msgid back, so the CLI and the logs read English. `message` is always a plain `str`: a lazy
string carries `__html__`, and Jinja or the session serializer would take it for safe markup
and stop escaping the names and titles interpolated into it.
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

    def __init__(self, message: object, status: int | None = None, field: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self._message = message
        if status is not None:
            self.status = status
        self.field = field
        self.code = code or CODES.get(self.status, "error")

    @property
    def message(self) -> str:
        """The message in the current locale (English outside a request)."""
        return str(self._message)

    def __str__(self) -> str:
        return self.message


class Forbidden(Refused):
    """The acting user may not do this (403)."""

    status = 403


class Conflict(Refused):
    """The state changed meanwhile, or forbids it now (409)."""

    status = 409


class NotFound(Refused):
    """Nothing the acting user may see goes by that name (404, like a missing id)."""

    status = 404
