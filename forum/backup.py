"""`forum backup -o FILE` and `forum restore FILE`: a consistent snapshot of the running
forum, and bringing one back.

SQLite: copying the file of a WAL database while it is written loses the writes still in
the `-wal` file (64 of 1,126 posts in a probe, TOOLBOX.md). The online backup API copies
the pages of one read transaction instead: a consistent snapshot, taken while the server
keeps writing. Restoring uses the same API in the other direction, so the live database is
overwritten page by page under SQLite's own locks (never by replacing the file under open
connections). PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot) and
`pg_restore --clean --if-exists --single-transaction` (all or nothing).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
BUSY_TIMEOUT_MS = 15_000


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line for the CLI."""


def backup_database(url: str | URL, output: Path) -> str:
    """Write a consistent snapshot of the database at `url` to `output`; returns a summary."""
    url = make_url(url)
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"no such directory: {output.parent}")
    # Write next to the target, then rename: a failed backup never leaves a half file
    # where a good one was expected.
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    os.close(fd)
    partial = Path(name)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif url.get_backend_name() == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={partial}", _libpq_url(url)], url)
        else:
            raise BackupError(f"cannot back up a {url.get_backend_name()} database")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return f"backed up the {url.get_backend_name()} database to {output} " \
           f"({output.stat().st_size:,} bytes)"


def restore_database(backup: Path, url: str | URL) -> str:
    """Replace the contents of the database at `url` with the backup; returns a summary."""
    url = make_url(url)
    kind = backup_kind(Path(backup))
    backend = url.get_backend_name()
    if kind != backend:
        raise BackupError(f"{backup} is a {kind} backup, but this forum uses {backend}; "
                          "nothing was restored")
    if backend == "sqlite":
        _sqlite_restore(Path(backup), _sqlite_path(url))
    else:
        # --list reads the whole table of contents: a truncated or damaged archive is
        # refused before the database is touched.
        _run(["pg_restore", "--list", str(backup)], url, quiet=True)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={_libpq_url(url)}", str(backup)], url)
    problems = integrity_problems(url)
    if problems:
        raise BackupError(f"restored, but the database fails its integrity check: {problems[0]}")
    return f"restored {backup} into the {backend} database (schema {schema_revision(url)}); " \
           "run `forum db upgrade` if this code is newer than the backup"


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql', from the file's first bytes."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"no such file: {path}") from None
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a forum backup (neither a SQLite database nor a "
                      "pg_dump custom-format archive)")


def integrity_problems(url: str | URL) -> list[str]:
    """What is wrong with the database at `url` (an empty list when nothing is)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        try:
            with closing(_sqlite_connect(_sqlite_path(url), readonly=True)) as conn:
                return _sqlite_problems(conn)
        except sqlite3.DatabaseError as error:
            return [str(error)]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            unchecked = conn.execute(text(
                "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
                "WHERE NOT convalidated AND connamespace = 'public'::regnamespace")).scalars()
            problems = [f"constraint {name} is not validated" for name in unchecked]
            if conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar() is None:
                problems.append("no alembic_version table: not a forum database")
            return problems
    finally:
        engine.dispose()


def schema_revision(url: str | URL) -> str:
    engine = create_engine(make_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or "?"
    finally:
        engine.dispose()


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database)


def _sqlite_connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if readonly else sqlite3.connect(path)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _sqlite_problems(conn: sqlite3.Connection) -> list[str]:
    checked = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    problems = [] if checked == ["ok"] else checked
    problems += [f"row {rowid} of {table} points to a missing {parent}"
                 for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")]
    has_schema = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                              "name = 'alembic_version'").fetchone()
    if not has_schema:
        problems.append("no alembic_version table: not a forum database")
    return problems


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"the database {source} does not exist")
    try:
        with closing(_sqlite_connect(source, readonly=True)) as src, \
                closing(_sqlite_connect(target)) as dst:
            src.backup(dst)  # all pages in one step: one read transaction, one snapshot
            # A backup is one self-contained file, not a database waiting for its -wal.
            dst.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {error}") from None


def _sqlite_restore(backup: Path, target: Path) -> None:
    try:
        with closing(_sqlite_connect(backup, readonly=True)) as src:
            problems = _sqlite_problems(src)
            if problems:
                raise BackupError(f"{backup} is damaged or not a forum backup: {problems[0]}; "
                                  "nothing was restored")
            with closing(_sqlite_connect(target)) as dst:
                # One step, one write transaction on the target: all pages or none.
                src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"{backup} could not be restored: {error}; the database is "
                          "unchanged") from None


def _libpq_url(url: URL) -> str:
    """The URL as libpq reads it (no '+psycopg', no password: that goes in PGPASSWORD)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], url: URL, *, quiet: bool = False) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = lines[0] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{command[0]} failed: {detail.removeprefix(command[0] + ': ')}")


@click.command("backup", help="Write a consistent snapshot of the database (server may run). "
               "Either -o FILE, or --dir DIR for a scheduled backup named after the database "
               "and the time, with --keep/--keep-days deleting this database's older ones.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Write forum-<database>-<id>-<UTC time>.backup into this directory.")
@click.option("--keep", type=int, default=None,
              help="With --dir: keep this many of this database's newest backups.")
@click.option("--keep-days", type=float, default=None,
              help="With --dir: keep this database's backups younger than this many days.")
@with_appcontext
def backup_command(output: Path | None, directory: Path | None, keep: int | None,
                   keep_days: float | None) -> None:
    from forum.backup_retention import scheduled_backup
    from forum.clock import now
    from forum.extensions import db

    if (output is None) == (directory is None):
        raise click.UsageError("give either -o FILE or --dir DIR")
    if output is not None and (keep is not None or keep_days is not None):
        raise click.UsageError("--keep and --keep-days go with --dir (scheduled backups)")
    try:
        if output is not None:
            click.echo(backup_database(db.engine.url, output))
        else:
            for line in scheduled_backup(db.engine.url, directory, now=now(), keep=keep,
                                         keep_days=keep_days):
                click.echo(line)
    except BackupError as error:
        raise click.ClickException(str(error)) from None


@click.command("restore", help="Replace the database's contents with a backup.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    from forum.extensions import db

    url = db.engine.url
    db.session.remove()
    db.engine.dispose()  # this process keeps no connection open across the restore
    try:
        click.echo(restore_database(file, url))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
