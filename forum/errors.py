"""Error pages and JSON errors. No 500 for anything a user can send.

An expired or missing CSRF token must not lose a typed post: the CSRF error page puts the
submitted fields back into a form with a fresh token, so one click sends them again.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.extensions import db

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
            return body, status
        if error.code == 429:
            return render_template("errors/error.html", error=error,
                                   message="Too many attempts. Please wait a while and try "
                                           "again."), 429
        response = render_template("errors/error.html", error=error, message=error.description)
        return response, error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # pragma: no cover - last resort
        app.logger.exception("unhandled error")
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": {"code": "server_error", "message": "Internal error."}}), 500
        return render_template("errors/error.html", error=None,
                               message="Something went wrong on our side."), 500


def _code_name(error: HTTPException) -> str:
    return {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "too_large",
            429: "rate_limited"}.get(error.code or 500, "error")
