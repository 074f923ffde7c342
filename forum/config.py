"""Configuration read from the environment (see CONTRACTS.md, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

POST_MAX_CHARS = 20_000  # the default length limit of a post's text, in characters


def _default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "forum.sqlite3")


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the settings: defaults, then DATABASE_URL/SECRET_KEY/FORUM_*, then overrides."""
    env = os.environ
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or _default_database_url(instance_path),
        "SECRET_KEY": env.get("SECRET_KEY"),
        "PUBLIC_URL": env.get("FORUM_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Sessions: cookies are HttpOnly and SameSite=Lax always, Secure outside development.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("FORUM_ENV", "production") != "development",
        # Strict-Transport-Security in production only (development runs over plain http).
        "HSTS_SECONDS": 0 if env.get("FORUM_ENV", "production") == "development" else 31536000,
        "SESSION_IDLE_MINUTES": 120,
        "SESSION_ABSOLUTE_HOURS": 24 * 14,
        # A typed reply must survive a long think: CSRF tokens last a day, and an expired
        # token re-renders the form with the text (forum/errors.py).
        "WTF_CSRF_TIME_LIMIT": 24 * 3600,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "POST_MAX_CHARS": POST_MAX_CHARS,
        "RATELIMIT_ENABLED": True,
        # Shared by every worker on the machine (forum/ratelimit/filestore.py); several
        # machines share Redis instead (redis://host:6379).
        "RATELIMIT_STORAGE_URI": "forum+sqlite:///"
        + str(Path(instance_path) / "ratelimits.sqlite3"),
        "RATELIMIT_KEY_PREFIX": "forum",
        "RATELIMIT_HEADERS_ENABLED": False,
        # Behind N reverse proxies, trust the last N X-Forwarded-For hops; none by default,
        # so a client-sent header never changes the address limits are counted for.
        "PROXY_HOPS": 0,
        # Sign-in attempts (docs/security.md): one account from one address; one address,
        # whatever the account; one account from browsers it never signed in from.
        "LOGIN_LIMIT": "6 per minute; 30 per hour",
        "LOGIN_ADDRESS_LIMIT": "20 per minute; 200 per hour",
        "LOGIN_ACCOUNT_LIMIT": "60 per hour",
        # New posts and threads per account, web and API together; staff have their own.
        "POST_LIMIT": "1 per 5 seconds; 30 per hour",
        "POST_LIMIT_STAFF": "120 per hour",
        # Two-factor sign-in: wrong codes per account, and how long the state between the
        # password and the code lasts.
        "MFA_LIMIT": "5 per 5 minutes",
        "MFA_PENDING_MINUTES": 5,
        "REGISTER_LIMIT": "20 per hour",
        # Atom feeds (docs/feeds.md): how long shared caches may keep one, and the tag
        # authority of their ids (empty: the host of FORUM_PUBLIC_URL). Set the authority
        # before moving the site to a new host, so readers keep the ids they know.
        "FEED_MAX_AGE": 300,
        "FEED_TAG_AUTHORITY": "",
        # Searches by anonymous readers, per address (signed-in readers are not limited).
        "SEARCH_LIMIT": "2 per second; 60 per minute",
        # Shown in every page's footer: whom readers write to about the forums.
        "SECRETARIAT_NAME": "Secretariat of the Convention on Biological Diversity, Montreal",
        "SECRETARIAT_EMAIL": "secretariat@cbd.int",
        "MAIL_SERVER": None,
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_SENDER": "BCH Forum <forum@localhost>",
        "MAIL_OUTBOX": str(Path(instance_path) / "outbox"),
        # Delivery of the outbox table (forum/mail/delivery.py; docs/operations.md).
        "MAIL_TIMEOUT": 10,
        "MAIL_MAX_ATTEMPTS": 10,
        "MAIL_RETRY_SECONDS": 60,
        "MAIL_RETRY_MAX_SECONDS": 4 * 3600,
        "MAIL_CLAIM_SECONDS": 600,
        # A moderator may undo a decision this long, while its email is unsent.
        "UNDO_SECONDS": 60,
        "MAIL_BATCH_SIZE": 20,
        "MAIL_POLL_SECONDS": 5,
        "MAIL_KEEP_SENT_DAYS": 7,
        # Reply by email (docs/email.md): notifications carry reply+<token>@REPLY_DOMAIN
        # only when it is set; `forum mail inbound` receives mail for it.
        "REPLY_DOMAIN": None,
        "REPLY_TOKEN_MAX_AGE_DAYS": 60,
        "INBOUND_MAX_BYTES": 10 * 1024 * 1024,
        "PER_PAGE": 50,
        # Operations (docs/operations.md): log format, request ids, metrics, Redis.
        "LOG_FORMAT": env.get("LOG_FORMAT", "plain"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        # Reuse a proxy's X-Request-ID (when it looks like an id); else one is made up.
        "TRUST_REQUEST_ID": False,
        "METRICS_ENABLED": False,
        "METRICS_ALLOW": [],  # addresses or networks that may scrape; empty: anyone
        # Several app servers (docs/operations.md, "Several app servers"): with a Redis,
        # rate limits count there, the digest memo is shared there and jobs run on RQ.
        "REDIS_URL": None,  # checked by /readyz when set
        # Seconds the app waits for Redis (connecting, then each answer) before it gives up:
        # a Redis that is down or hung costs a request this long, not a worker for good
        # (docs/operations.md, "When Redis is unreachable"). The RQ worker's blocking
        # dequeue uses a connection of its own with a longer timeout (forum/jobs/queue.py).
        "REDIS_CONNECT_TIMEOUT": 2.0,
        "REDIS_SOCKET_TIMEOUT": 2.0,
        # Background jobs (forum/jobs): "" picks rq with REDIS_URL, else the database.
        "JOBS_BACKEND": "",
        "JOBS_QUEUE": "forum",  # the RQ queue's name (several sites on one Redis)
        "JOB_MAX_ATTEMPTS": 3,
        "JOB_RETRY_SECONDS": 30,  # doubled per failed attempt
        "JOB_CLAIM_SECONDS": 3600,  # a claimed job is left alone this long (and RQ's timeout)
        "JOB_POLL_SECONDS": 2,
        "JOB_KEEP_DONE_DAYS": 7,
        # A forum with at least this many approved posts has its draft digest generated by
        # a job, the draft page saying so meanwhile; 0 generates every draft in the request.
        "DIGEST_BACKGROUND_POSTS": 3000,
        # The shared digest memo: how long a report is kept (Redis or instance/cache files)
        # and, for files, how many are kept.
        "DIGEST_CACHE_SECONDS": 7 * 24 * 3600,
        "DIGEST_CACHE_FILES": 32,
        "CACHE_DIR": str(Path(instance_path) / "cache"),
    }
    for key, value in env.items():
        # FORUM_RATELIMIT_ENABLED=false -> RATELIMIT_ENABLED=False (JSON-decoded when possible).
        if key.startswith("FORUM_") and key not in ("FORUM_PUBLIC_URL", "FORUM_ENV"):
            config[key[len("FORUM_"):]] = _decode(value)
    config.update(overrides or {})
    # With a Redis, rate limits count there unless a store was named: every instance must
    # share the counters for a limit to hold across them.
    if config.get("REDIS_URL") and "FORUM_RATELIMIT_STORAGE_URI" not in env \
            and "RATELIMIT_STORAGE_URI" not in (overrides or {}):
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
    # The limits' Redis client (Flask-Limiter's storage) waits no longer than the app's own.
    if str(config.get("RATELIMIT_STORAGE_URI") or "").startswith(("redis://", "rediss://")):
        config.setdefault("RATELIMIT_STORAGE_OPTIONS", {
            "socket_connect_timeout": config["REDIS_CONNECT_TIMEOUT"],
            "socket_timeout": config["REDIS_SOCKET_TIMEOUT"]})
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance_path)
    return config


def _decode(value: str) -> Any:
    import json

    try:
        return json.loads(value)
    except ValueError:
        return value


def _instance_secret(instance_path: str) -> str:
    """A per-installation key kept in the instance folder, so development needs no setup."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
