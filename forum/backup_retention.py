"""Scheduled backups: `forum backup --dir DIR --keep N --keep-days D`.

A scheduled backup is named after the database it copies and the instant it was taken:
`forum-<name>-<fingerprint>-<YYYYmmddTHHMMSSZ>.backup`. The name is the database's name
(or the SQLite file's stem), for people; the fingerprint is 8 hex digits of a hash of the
backend, host, port and database (or the SQLite file's absolute path), so two databases
that share a name (two hosts, two directories) never share a prefix. Retention looks only
at files with this database's exact prefix, a well-formed timestamp and the first bytes of
a backup of this backend: another database's backups, a hand-made copy or any other file
in the directory are never deleted.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from forum.backup import BackupError, backup_database, backup_kind

STAMP = "%Y%m%dT%H%M%SZ"
_STAMP_RE = r"(\d{8}T\d{6}Z)"


@dataclass(frozen=True)
class Scheduled:
    path: Path
    taken: datetime


def prefix(url: str | URL) -> str:
    """`forum-<name>-<fingerprint>-`: what this database's scheduled backups start with."""
    url = make_url(url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        where = str(Path(url.database or "").resolve())
        name = Path(url.database or "memory").stem
    else:
        where = f"{url.host or ''}:{url.port or ''}/{url.database or ''}"
        name = url.database or backend
    fingerprint = hashlib.sha256(f"{backend}|{where}".encode()).hexdigest()[:8]
    readable = re.sub(r"[^A-Za-z0-9_.]+", "_", name).strip("._") or backend
    return f"forum-{readable}-{fingerprint}-"


def scheduled_backups(directory: Path, url: str | URL) -> list[Scheduled]:
    """This database's scheduled backups in `directory`, oldest first."""
    url = make_url(url)
    pattern = re.compile(re.escape(prefix(url)) + _STAMP_RE + r"\.backup")
    found = []
    for path in directory.iterdir():
        match = pattern.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        try:
            taken = datetime.strptime(match.group(1), STAMP)
            if backup_kind(path) != url.get_backend_name():
                continue  # the right name on something else: not ours to delete
        except (ValueError, BackupError):
            continue
        found.append(Scheduled(path, taken))
    return sorted(found, key=lambda backup: backup.taken)


def expired(backups: list[Scheduled], *, keep: int | None, keep_days: float | None,
            now: datetime) -> list[Scheduled]:
    """The backups neither rule keeps: not among the `keep` newest, and (when `keep_days`
    is given) taken more than `keep_days` before `now`. With both rules, a backup either
    one keeps is kept; with neither, nothing expires."""
    if keep is None and keep_days is None:
        return []
    newest_first = sorted(backups, key=lambda backup: backup.taken, reverse=True)
    kept_by_count = set(newest_first[:keep]) if keep is not None else set()
    cutoff = now - timedelta(days=keep_days) if keep_days is not None else None
    return [backup for backup in newest_first[::-1]
            if backup not in kept_by_count
            and (cutoff is None or backup.taken < cutoff)]


def scheduled_backup(url: str | URL, directory: Path, *, now: datetime,
                     keep: int | None = None, keep_days: float | None = None) -> list[str]:
    """Take a backup into `directory`, then delete this database's expired ones; returns
    one line per thing done. The new backup is never deleted, and nothing is deleted when
    the backup failed."""
    if not directory.is_dir():
        raise BackupError(f"no such directory: {directory}")
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1 (the backup just taken)")
    if keep_days is not None and keep_days < 0:
        raise BackupError("--keep-days cannot be negative")
    target = directory / f"{prefix(url)}{now.strftime(STAMP)}.backup"
    if target.exists():
        raise BackupError(f"{target} already exists (one scheduled backup per second)")
    lines = [backup_database(url, target)]
    for old in expired(scheduled_backups(directory, url), keep=keep, keep_days=keep_days,
                       now=now):
        if old.path == target:
            continue
        old.path.unlink(missing_ok=True)
        lines.append(f"deleted {old.path} (taken {old.taken:%Y-%m-%d %H:%M:%S} UTC)")
    return lines
