"""Redirect targets that cannot leave the site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default` (no open redirects). Checked
    as sent and once percent-decoded: an encoded tab or slash ("/%09/evil", "/%2f/evil")
    must not become a second host for some browser or proxy that decodes it."""
    if not target:
        return default
    for form in (target, unquote(target)):
        if "\\" in form or any(ord(c) < 32 or ord(c) == 127 for c in form):
            return default
        parts = urlsplit(form)
        if parts.scheme or parts.netloc or not form.startswith("/") or form.startswith("//"):
            return default
    return target
