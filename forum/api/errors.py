"""JSON errors of the API: {"error": {"code", "message", "field"}}."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext

from forum.refusals import Refused


class ApiError(Refused):
    """A refusal raised by the API itself (parsing, authentication, lookups): a Refused
    with the API's status and code, so one handler answers for it and for the actions'."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message, status=status, field=field, code=code)


def error_response(status: int, code: str, message: str, field: str | None = None):
    # The code stays English (clients branch on it); the message is for people, in the
    # token user's language or Accept-Language (forum/i18n). Messages are translated where
    # they are raised; a constant English text raised before the language was known is
    # looked up once more here (a translated one is not a msgid and comes back unchanged).
    body = {"code": code, "message": gettext(str(message)) if message else message}
    if field:
        body["field"] = field
    return jsonify({"error": body}), status


def refused_response(error: Refused):
    """The JSON answer to any refusal. An action's plain 400 (a value it cannot accept) is
    the API's 422 validation error (CONTRACTS.md); the API's own 400s, and refusals of a
    query parameter (code `bad_request`), stay 400."""
    plain = error.status == 400 and error.code != "bad_request"
    status = 422 if plain and not isinstance(error, ApiError) else error.status
    return error_response(status, error.code, error.message, error.field)


def validation(message: str, field: str) -> ApiError:
    return ApiError(422, "validation_error", message, field)
