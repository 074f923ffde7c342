"""Security and caching headers on every response (docs/security.md).

A fixed Content-Security-Policy, no nonces: the pages have no inline script (the one
script is static/forum.js) and no event-handler attributes, so `script-src 'self'` is
enough, and a whole page kept by the anonymous page cache (forum/forums/pagecache.py) stays
valid, which a per-request nonce baked into a cached body would not. The only inline
styles are the digest pages' print stylesheet (allowed by its hash) and the alignment that
Markdown tables put in `style` attributes (allowed by the hashes of those three values).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from flask import Flask, Response, g, request
from flask_login import current_user

from forum.database import reads_only

# What markdown-it writes into table cells for column alignment.
_TABLE_ALIGNMENTS = ("text-align:left", "text-align:center", "text-align:right")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def content_security_policy() -> str:
    """The policy of every HTML page."""
    from synthesis import PRINT_CSS

    # The digest pages inline PRINT_CSS in a <style> (templates/digest/*.html); the
    # standalone HTML digest writes it after a newline.
    stylesheets = " ".join(_hash(css) for css in (PRINT_CSS, "\n" + PRINT_CSS))
    alignments = " ".join(_hash(style) for style in _TABLE_ALIGNMENTS)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {stylesheets}",
        f"style-src-attr 'unsafe-hashes' {alignments}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ])


def shared(view: Callable) -> Callable:
    """Mark a view whose response is the same for everyone, whoever is signed in (the
    feeds): its own Cache-Control stands, unless it errs or sets a cookie."""
    view.shared_response = True
    return view


def _shared(app: Flask) -> bool:
    return getattr(app.view_functions.get(request.endpoint), "shared_response", False)


def _signed_in() -> bool:
    """A person's own response: a signed-in page, or an API call with a bearer token."""
    if g.get("api_user") is not None:
        return True
    with reads_only():  # after the view: never take a write lock just to look
        return bool(current_user and current_user.is_authenticated)


def register(app: Flask) -> None:
    policy = content_security_policy()

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if response.mimetype in _HTML_TYPES:
            # A view may set a stricter policy of its own (e.g. a sandbox for a download).
            headers.setdefault("Content-Security-Policy", policy)
            headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("HSTS_SECONDS"):
            headers["Strict-Transport-Security"] = f"max-age={int(app.config['HSTS_SECONDS'])}"
        if request.endpoint == "static" and response.status_code < 400:
            return response  # the same files for everyone (and no session to look up)
        if response.status_code < 400 and "Set-Cookie" not in headers and _shared(app):
            return response  # built without asking who reads: public (a feed)
        if request.blueprint == "ops" and response.status_code < 400:
            return response  # probes and scrapes: uncached already, no session to look up
        # Errors first: a 503 while another writer holds the lock must not wait on it to
        # learn who is signed in.
        if response.status_code >= 400 or "Set-Cookie" in headers or _signed_in():
            # Never kept by a shared cache (nor by the browser's back/forward store): a
            # person's page, an error, or a response that sets a cookie.
            headers["Cache-Control"] = "private, no-store"
            response.vary.add("Cookie")
        return response
