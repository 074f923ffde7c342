"""Import an archive: all or nothing, in one transaction.

Importing the same archive twice changes nothing; an archive whose slug already exists
with other content is refused unless `replace` is given.

Nothing an archive says is trusted: every HTML field is made here from the archive's
source text (posts, the objective, topic descriptions, comments: Markdown; published digest
versions: their report), and staff roles are taken only with `trust_roles` (see
docs/archive-format.md, "Trust"). Everything that costs time (checking, rendering) happens
before the write transaction begins, so the database is locked only for the inserts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select

from forum.archive.bulk import in_chunks, insert_returning, prepare, write_forum
from forum.archive.export import dumps, export_forum
from forum.archive.validate import ArchiveError, validate
from forum.clock import now
from forum.extensions import db
from forum.models import Forum, Post, User
from forum.search import actions as search_index

STAFF_ROLES = ("moderator", "secretariat")


@dataclass(frozen=True)
class ImportResult:
    slug: str
    changed: bool
    message: str
    downgraded: int = 0  # people with a staff role in the archive, created as participants
    assignments_dropped: int = 0  # forum moderator assignments left out (roles not trusted)


def fingerprint(archive: dict) -> str:
    canonical = json.dumps(archive, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def import_archive(data: object, *, replace: bool = False,
                   trust_roles: bool = False) -> ImportResult:
    """Check, render, then write `data` in one transaction (ArchiveError names the field).

    `trust_roles`: create people with the archive's moderator and Secretariat roles and
    keep its moderator assignments; without it they become participants and the forum gets
    no moderators (the Secretariat assigns them). Existing accounts are never changed.
    """
    archive = validate(data)
    slug = archive["forum"]["slug"]
    digest = fingerprint(archive)
    prepared = prepare(archive)  # before the transaction: writers wait only for the inserts
    try:
        existing = db.session.scalar(select(Forum).where(Forum.slug == slug))
        if existing is not None:
            if existing.archive_sha256 == digest or _same_as_export(existing, archive):
                db.session.rollback()
                return ImportResult(slug, False, f"{slug}: already imported, nothing changed")
            if not replace:
                raise ArchiveError("forum.slug", f"a forum {slug!r} already exists with "
                                                 "different content (use --replace)")
            search_index.forget_forum(existing.id)
            db.session.delete(existing)
            db.session.flush()
        _check_numbers(archive)
        people, downgraded = _people(archive, trust_roles)
        dropped = 0 if trust_roles else len(archive["moderators"])
        write_forum(archive, prepared, people, digest,
                    moderators=archive["moderators"] if trust_roles else [])
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return ImportResult(slug, True, _message(slug, len(archive["posts"]), downgraded, dropped),
                        downgraded, dropped)


def _message(slug: str, posts: int, downgraded: int, dropped: int) -> str:
    message = f"{slug}: imported {posts} posts"
    if downgraded or dropped:
        message += (f"; {downgraded} people with a staff role (moderator or secretariat) "
                    f"were imported as participants and {dropped} moderator assignments "
                    "were left out (roles are taken from an archive only with --trust-roles)")
    return message


def _same_as_export(forum: Forum, archive: dict) -> bool:
    exported = validate(export_forum(forum, with_emails=any(p["email"] for p in archive["people"])))
    return dumps(exported) == dumps(archive)


def _people(archive: dict, trust_roles: bool) -> tuple[dict[str, int], int]:
    """Each person's user id: an existing account by key (never changed), else a new one."""
    keys = [p["key"] for p in archive["people"]]
    found: dict[str, int] = {}
    for chunk in in_chunks(keys):
        found.update(db.session.execute(select(User.key, User.id)
                                        .where(User.key.in_(chunk))).all())
    new = [(i, p) for i, p in enumerate(archive["people"]) if p["key"] not in found]
    emails = {(p["email"] or "").strip().lower(): i for i, p in new if p["email"]}
    for chunk in in_chunks(list(emails)):
        taken = db.session.scalar(select(func.lower(User.email))
                                  .where(func.lower(User.email).in_(chunk)).limit(1))
        if taken is not None:
            raise ArchiveError(f"people[{emails[taken]}].email",
                               "already used by another account with a different key")
    downgraded = 0
    rows = []
    for _, person in new:
        role = person["role"]
        if role in STAFF_ROLES and not trust_roles:
            role, downgraded = "participant", downgraded + 1
        rows.append({"key": person["key"], "email": (person["email"] or "").strip().lower()
                     or None, "title": person["title"], "name": person["name"],
                     "country": person["country"], "organization": person["organization"],
                     "affiliation": person["affiliation"], "role": role,
                     "confirmed_at": None, "created_at": now()})
    found.update(insert_returning(User, rows, User.key))
    return found, downgraded


def _check_numbers(archive: dict) -> None:
    numbers = [p["number"] for p in archive["posts"] if p["number"] is not None]
    taken: set[int] = set()
    for chunk in in_chunks(numbers):
        taken.update(db.session.scalars(select(Post.number).where(Post.number.in_(chunk))))
    for index, post in enumerate(archive["posts"]):
        if post["number"] in taken:
            raise ArchiveError(f"posts[{index}].number",
                               f"number {post['number']} is already used by another post")

