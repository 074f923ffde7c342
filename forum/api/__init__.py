"""The JSON API at /api/v1 (the interoperability API a BCH-style portal offers)."""

from flask import Blueprint

from forum.api.auth import load_api_user
from forum.api.errors import refused_response
from forum.api.inputs import known_query_only
from forum.extensions import csrf
from forum.refusals import Refused

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens only; the API never reads the session cookie
bp.before_request(load_api_user)
bp.before_request(known_query_only)


# One handler for every refusal on the API surface: the API's own and every action's
# (AdminError, PostingError, ModerationError ... are all Refused).
bp.register_error_handler(Refused, refused_response)


from forum.api import openapi, reference, views  # noqa: E402,F401  (routes register on import)
