"""Error pages and JSON errors. No 500 for anything a user can send.

An expired or missing CSRF token must not lose a typed post: the CSRF error page puts the
submitted fields back into a form with a fresh token, so one click sends them again.
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from forum.database import reads_only
from forum.extensions import db
from forum.ops.logs import request_id
from forum.refusals import Refused
from synthesis import SettingsError

# A database too busy to answer in time: SQLite's busy timeout ran out while another writer
# (an archive import, a backup) held the lock, or a PostgreSQL lock_timeout. Worth a retry.
_BUSY = ("database is locked", "database is busy", "database table is locked",
         "lock timeout", "could not obtain lock")
RETRY_AFTER_SECONDS = 10

# Never echoed back into a page.
_SECRET_FIELDS = {"csrf_token", "password", "confirm", "current_password", "pw-password",
                  "pw-confirm", "pw-current_password", "em-password"}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        kept = [(k, v) for k, v in request.form.items(multi=True) if k not in _SECRET_FIELDS]
        return render_template("errors/csrf.html", kept=kept, action=request.path), 400

    # The digest engine's SettingsError carries a refusal's attributes (synthesis/settings.py).
    @app.errorhandler(SettingsError)
    @app.errorhandler(Refused)
    def refused(error: Refused | SettingsError):
        """A refusal no page expected (a button, a link): the unit of work is undone and the
        reason shown with its status. Form pages translate theirs with forum.web.attempt."""
        db.session.rollback()
        if _wants_json():
            from forum.api.errors import error_response

            return error_response(error.status, error.code, error.message, error.field)
        return render_template("errors/error.html", error=None, message=error.message,
                               status=error.status), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if _wants_json():
            from forum.api.errors import error_response

            body, status = error_response(error.code or 500, _code_name(error),
                                          error.description or "", getattr(error, "field", None))
            # Keep the exception's own headers (e.g. Allow on a 405), not its HTML type.
            for name, value in error.get_headers():
                if name.lower() != "content-type":
                    body.headers[name] = value
            if error.code == 429:
                body.headers["Retry-After"] = str(retry_seconds(error))
            return body, status
        if error.code == 429:
            seconds = retry_seconds(error)
            minutes = max(1, -(-seconds // 60))
            message = (ngettext("Too many attempts from here. Please try again in %(num)d "
                                "second.", "Too many attempts from here. Please try again in "
                                "%(num)d seconds.", seconds) if seconds < 120 else
                       ngettext("Too many attempts from here. Please try again in %(num)d "
                                "minute.", "Too many attempts from here. Please try again in "
                                "%(num)d minutes.", minutes))
            return render_template("errors/error.html", error=error, name=http_name(error),
                                   message=message), 429, {"Retry-After": str(seconds)}
        response = render_template("errors/error.html", error=error, name=http_name(error),
                                   message=_http_description(error))
        return response, error.code

    @app.after_request
    def retry_after(response):  # noqa: ANN001, ANN202
        """Every 429 says when to come back (RFC 9110 §10.2.3): a refused post or sign-in
        (forum/ratelimit sets the limit's window), a form page that shows the refusal, or
        anything else (a minute)."""
        if response.status_code == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(g.get("retry_after") or 60)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # pragma: no cover - last resort
        app.logger.exception("unhandled error")
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": {"code": "server_error", "message": _("Internal error."),
                                      "request_id": request_id()}}), 500
        return render_template("errors/error.html", error=None, request_id=request_id(),
                               status=500, name=_("Something went wrong"),
                               message=_("Something went wrong on our side. It is not your "
                                         "fault; please try again in a few minutes.")), 500

    @app.errorhandler(RedisConnectionError)
    @app.errorhandler(RedisTimeoutError)
    def redis_away(error: Exception):
        """Redis (rate limits, FORUM_REDIS_URL) down or hung: after REDIS_CONNECT_TIMEOUT or
        REDIS_SOCKET_TIMEOUT, a 503 that says to retry, not a 500 or a worker held for good.
        (The shared cache and job hand-over fall back instead: docs/operations.md.)"""
        app.logger.warning("redis unreachable (%s): %s %s", type(error).__name__,
                           request.method, request.path)
        db.session.rollback()
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        message = _("A service the forum depends on is not answering. Please try again in "
                    "%(n)s seconds.", n=RETRY_AFTER_SECONDS)
        if _wants_json():
            return jsonify({"error": {"code": "unavailable", "message": message}}), 503, headers
        return render_template("errors/error.html", error=None, message=message,
                               status=503), 503, headers

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        if not any(word in str(error.orig or error).lower() for word in _BUSY):
            return unexpected(error)
        app.logger.warning("database busy: %s %s", request.method, request.path)
        db.session.rollback()
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        # Everything below reads without taking the write lock: the language of the answer
        # may come from the signed-in user's preference, which is a query.
        with reads_only():
            message = _("The forum is busy (a large import or a backup is being written). "
                        "Please try again in %(n)s seconds.", n=RETRY_AFTER_SECONDS)
            if _wants_json():
                db.session.rollback()
                return jsonify({"error": {"code": "busy", "message": message}}), 503, headers
            kept = [(k, v) for k, v in request.form.items(multi=True) if k not in _SECRET_FIELDS]
            if request.method == "POST" and kept:  # nothing typed is lost: one click resends
                page = render_template("errors/csrf.html", kept=kept, action=request.path,
                                       reason=message + " " + _("Nothing you typed is lost."))
            else:
                page = render_template("errors/error.html", error=None, message=message)
            db.session.rollback()
        return page, 503, headers


# Werkzeug's own descriptions are English; the pages show ours for the statuses a reader
# meets (a route's own `abort(404, description)` is kept when it says something specific).
_DESCRIPTIONS = {
    400: _l("The request could not be understood. Please go back and try again."),
    403: _l("You are not allowed to see this page."),
    404: _l("There is nothing at this address. It may have been moved or withdrawn."),
    405: _l("This address does not accept that kind of request."),
    413: _l("What you sent is too large for the forum. Shorten it, or link to a long document "
            "instead of pasting it, and send it again."),
}


_NAMES = {400: _l("Bad request"), 403: _l("Forbidden"), 404: _l("Not found"),
          405: _l("Method not allowed"), 409: _l("Conflict"), 413: _l("Too large"),
          429: _l("Too many requests"), 503: _l("Unavailable")}


def retry_seconds(error: HTTPException) -> int:
    """How long to wait after a 429: the window of the limit that was hit (Flask-Limiter's
    `limit.limit`), an upper bound; a minute when the error does not say."""
    item = getattr(getattr(error, "limit", None), "limit", None)
    try:
        return max(1, int(item.get_expiry())) if item is not None else 60
    except (AttributeError, TypeError, ValueError):
        return 60


def http_name(error: HTTPException) -> str:
    """The status's name in the reader's language (Werkzeug's `name` is English)."""
    return str(_NAMES[error.code]) if error.code in _NAMES else error.name


def _http_description(error: HTTPException) -> str:
    if error.code in _DESCRIPTIONS and error.description == type(error).description:
        return str(_DESCRIPTIONS[error.code])
    return error.description or ""


def _code_name(error: HTTPException) -> str:
    return {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "too_large",
            429: "rate_limited"}.get(error.code or 500, "error")
