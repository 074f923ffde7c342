"""A small cache of bytes shared by every process of the site, for values that are costly
to make and keyed by their own content (so never stale, only evicted).

With FORUM_REDIS_URL it is Redis (every app server and worker on every machine, each entry
with a TTL; Redis's own memory limit bounds the rest). Without it, files under CACHE_DIR
(the processes of one machine: gunicorn workers and `forum worker`), each with the same TTL,
and at most `limit` files per namespace, the oldest removed first. A cache that cannot be
reached is a miss, never an error: the caller makes the value again.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
_SAFE = re.compile(r"[A-Za-z0-9_.-]{1,200}")


def _check(namespace: str, key: str) -> None:
    if not (_SAFE.fullmatch(namespace) and _SAFE.fullmatch(key)):
        raise ValueError("cache namespaces and keys are letters, digits, '.', '_', '-'")


def _redis():  # noqa: ANN202
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from forum.jobs.queue import redis_client

    return redis_client(url)


def _redis_key(namespace: str, key: str) -> str:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "forum"
    return f"{prefix}:cache:{namespace}:{key}"


def _folder(namespace: str) -> Path:
    return Path(current_app.config["CACHE_DIR"]) / namespace


def get(namespace: str, key: str, *, ttl: int) -> bytes | None:
    """The value stored under `key`, or None (missing, expired, or the cache away)."""
    _check(namespace, key)
    client = _redis()
    try:
        if client is not None:
            return client.get(_redis_key(namespace, key))
        path = _folder(namespace) / key
        if time.time() - path.stat().st_mtime > ttl:
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 (a miss: the value is made again)
        log.warning("shared cache unavailable (%s): %s", namespace, type(error).__name__)
        return None


def put(namespace: str, key: str, value: bytes, *, ttl: int, limit: int) -> None:
    """Keep `value` under `key` for `ttl` seconds (files: at most `limit` per namespace)."""
    _check(namespace, key)
    client = _redis()
    try:
        if client is not None:
            client.set(_redis_key(namespace, key), value, ex=ttl)
            return
        folder = _folder(namespace)
        folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader in another process never sees half a file.
        partial = folder / f".{key}.{os.getpid()}.tmp"
        partial.write_bytes(value)
        partial.replace(folder / key)
        _trim(folder, limit)
    except Exception as error:  # noqa: BLE001 (not kept: the next reader makes it again)
        log.warning("shared cache not written (%s): %s", namespace, type(error).__name__)


def _trim(folder: Path, limit: int) -> None:
    entries = []
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        try:
            entries.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue
    for _, path in sorted(entries)[:max(len(entries) - limit, 0)]:
        path.unlink(missing_ok=True)
