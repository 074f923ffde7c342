"""What each kind of job does. Every task is idempotent: running it twice (a retry after
a worker died mid-run, the same job enqueued twice) leaves the same state as once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from forum.extensions import db


class PermanentError(Exception):
    """A failure that another attempt cannot fix (a bad archive): the job fails at once."""


def deliver_mail() -> str:
    """Deliver the outbox messages that are due (the outbox keeps its own retries)."""
    from forum.mail.delivery import deliver_due

    result = deliver_due()
    return f"sent {result.sent}, retrying {result.retrying}, dead {result.dead}"


def reindex_search(slug: str | None = None) -> str:
    """Rebuild the search index of one forum, or of all (a rebuild is idempotent)."""
    from forum.search.actions import reindex

    return f"{reindex(slug)} approved post(s) indexed"


def generate_digest(forum_id: int, words: int | None = None) -> str:
    """Build a forum's draft report into the shared digest memo, where the draft page finds
    it (forum/digest/generate.py); the same data makes the same report, so a rerun only
    finds it there already."""
    from forum.digest.generate import report_for
    from forum.models import Forum
    from synthesis.settings import SettingsError

    forum = db.session.get(Forum, forum_id)
    if forum is None:
        return "the forum no longer exists"
    try:
        report = report_for(forum, words=words)
    except SettingsError as error:
        raise PermanentError(f"digest settings: {error}") from None
    return f"digest of {forum.slug}: {len(report.sections)} section(s)"


def import_archive(path: str, replace: bool = False, trust_roles: bool = False) -> str:
    """Import an archive file, all or nothing. A second run finds the forum there and is
    refused by the importer (or, with `replace`, replaces it with the same content)."""
    from forum.archive.load import import_archive as load
    from forum.archive.validate import ArchiveError, parse_text
    from forum.database import write_intent

    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeError) as error:
        raise PermanentError(f"cannot read {path}: {error}") from None
    try:
        data = parse_text(text)
        with write_intent():
            result = load(data, replace=replace, trust_roles=trust_roles)
    except ArchiveError as error:
        db.session.rollback()
        raise PermanentError(f"{Path(path).name}: {error}; nothing was imported") from None
    return result.message


KINDS: dict[str, Callable[..., str]] = {
    "mail.deliver": deliver_mail,
    "search.reindex": reindex_search,
    "digest.generate": generate_digest,
    "archive.import": import_archive,
}
