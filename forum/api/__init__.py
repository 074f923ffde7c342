"""The JSON API at /api/v1 (the interoperability API a BCH-style portal offers)."""

from flask import Blueprint

from forum.api.auth import load_api_user
from forum.api.errors import ApiError, error_response
from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens only; the API never reads the session cookie
bp.before_request(load_api_user)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.field)


from forum.api import openapi, views  # noqa: E402,F401  (routes register on import)
