"""What an operator needs to run the forum: health checks, request logs with request ids,
Prometheus metrics and `forum db check` (docs/operations.md)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Request ids and logs for every request; the health and metrics routes."""
    from forum.extensions import limiter
    from forum.ops import logs, metrics
    from forum.ops.views import bp

    logs.register(app)
    metrics.register(app)
    limiter.exempt(bp)  # a probe every few seconds must never be throttled
    app.register_blueprint(bp)
