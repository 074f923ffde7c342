"""`/healthz` (the process answers), `/readyz` (it can serve: database, migrations, Redis)
and `/metrics` (Prometheus, when METRICS_ENABLED). None of them writes, sets a cookie,
loads the signed-in user or is rate-limited."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, Response, abort, current_app, jsonify, request

from forum.ops import queries
from forum.ops.metrics import metrics_response

bp = Blueprint("ops", __name__)


def _uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """Up: no database, no session, a few bytes."""
    return _uncached(Response("ok\n", content_type="text/plain; charset=utf-8"))


@bp.get("/readyz")
def readyz():
    """Ready to serve: 200 with each check, or 503 naming the first check that failed."""
    checks = queries.readiness(current_app)
    failed = [check for check in checks if not check.ok]
    body = {"status": "ready" if not failed else "not ready",
            "checks": {check.name: "ok" if check.ok else check.detail for check in checks}}
    if failed:
        body["failed"] = failed[0].name
    response = jsonify(body)
    response.status_code = 503 if failed else 200
    return _uncached(response)


def _scraper_allowed(address: str | None) -> bool:
    """METRICS_ALLOW (addresses or networks) admits the scraper; empty admits anyone."""
    allowed = current_app.config.get("METRICS_ALLOW") or []
    if isinstance(allowed, str):
        allowed = [part.strip() for part in allowed.split(",") if part.strip()]
    if not allowed:
        return True
    try:
        peer = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(peer in network for network in map(_network, allowed) if network is not None)


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A network from the setting; a malformed entry admits no one (and is logged)."""
    try:
        return ipaddress.ip_network(str(entry).strip(), strict=False)
    except ValueError:
        current_app.logger.warning("METRICS_ALLOW: not an address or network: %r", entry)
        return None


@bp.get("/metrics")
def metrics():
    """The Prometheus exposition; 404 unless enabled, 403 for an address not allowed."""
    if not current_app.config.get("METRICS_ENABLED"):
        abort(404)
    if not _scraper_allowed(request.remote_addr):
        abort(403)
    return _uncached(metrics_response())
