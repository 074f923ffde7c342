"""A moderated online-discussion forum for treaty secretariats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, errors, CLI. No I/O."""
    app = Flask(__name__, template_folder=str(TEMPLATES), instance_relative_config=True)

    from forum.config import load_config

    app.config.update(load_config(app.instance_path, overrides))

    _init_extensions(app)
    from forum import i18n

    i18n.register(app)  # before templates render: `_()` in Jinja comes from Flask-Babel
    from forum import inputs

    inputs.register(app)  # before the blueprints: their `<int:...>` rules use its converter
    _register_blueprints(app)

    from forum import errors, headers, ops, templating
    from forum.cli import register_commands

    errors.register(app)
    headers.register(app)
    templating.register(app)
    ops.register(app)  # request ids and logs, /healthz, /readyz, /metrics
    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from forum.auth.sessions import init_login
    from forum.database import configure_engine
    from forum.extensions import csrf, db, limiter, migrate
    from forum.ratelimit import filestore  # noqa: F401  (the forum+sqlite:// limit store)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    # Always set the limiter up; whether limits apply is decided per request from this
    # app's RATELIMIT_ENABLED (forum/extensions.py), so tests and load tests can switch.
    enabled = app.config.get("RATELIMIT_ENABLED", True)
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.config["RATELIMIT_ENABLED"] = enabled
    init_login(app)
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client's address and the scheme it used (https at nginx, http to gunicorn:
        # request.is_secure drives Flask-WTF's same-origin Referer check); the Host header
        # is the proxy's to pass on (docs/deploy.md), so X-Forwarded-Host is not trusted.
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    with app.app_context():
        configure_engine(db.engine)


def _register_blueprints(app: Flask) -> None:
    from forum.admin.views import bp as admin_bp
    from forum.api import bp as api_bp
    from forum.api.reference import pages as api_reference_bp
    from forum.auth.views import bp as auth_bp
    from forum.digest.views import bp as digest_bp
    from forum.feeds.views import bp as feeds_bp
    from forum.forums.views import bp as forums_bp
    from forum.jobs import queue
    from forum.jobs.views import bp as jobs_bp
    from forum.mfa.views import bp as mfa_bp
    from forum.moderation.views import bp as moderation_bp
    from forum.participation.views import bp as participation_bp
    from forum.search.views import bp as search_bp  # also adds /api/v1/search to api_bp
    from forum.threads.views import bp as threads_bp

    for blueprint in (forums_bp, auth_bp, mfa_bp, threads_bp, moderation_bp, admin_bp,
                      digest_bp, feeds_bp, search_bp, participation_bp, jobs_bp, api_bp,
                      api_reference_bp):
        app.register_blueprint(blueprint)
    queue.register(app)  # jobs are handed to RQ after the commit that enqueued them
