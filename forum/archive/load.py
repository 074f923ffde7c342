"""Import an archive: all or nothing, in one transaction.

Importing the same archive twice changes nothing; an archive whose slug already exists
with other content is refused unless `replace` is given.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select

from forum.archive.export import dumps, export_forum
from forum.archive.review import write_reviews
from forum.archive.validate import ArchiveError, validate
from forum.clock import now, parse_iso
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import (
    Accreditation,
    AuditEntry,
    DigestOverride,
    DigestVersion,
    Forum,
    ForumModerator,
    Post,
    PostRevision,
    Tag,
    Thread,
    Topic,
    User,
)
from forum.numbering import ensure_counter_above, next_post_number


@dataclass(frozen=True)
class ImportResult:
    slug: str
    changed: bool
    message: str


def _t(value: str | None):
    return parse_iso(value) if value else None


def fingerprint(archive: dict) -> str:
    canonical = json.dumps(archive, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def import_archive(data: object, *, replace: bool = False) -> ImportResult:
    archive = validate(data)
    slug = archive["forum"]["slug"]
    digest = fingerprint(archive)
    try:
        existing = db.session.scalar(select(Forum).where(Forum.slug == slug))
        if existing is not None:
            if existing.archive_sha256 == digest or _same_as_export(existing, archive):
                db.session.rollback()
                return ImportResult(slug, False, f"{slug}: already imported, nothing changed")
            if not replace:
                raise ArchiveError("forum.slug", f"a forum {slug!r} already exists with "
                                                 "different content (use --replace)")
            db.session.delete(existing)
            db.session.flush()
        _write(archive, digest)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return ImportResult(slug, True, f"{slug}: imported {len(archive['posts'])} posts")


def _same_as_export(forum: Forum, archive: dict) -> bool:
    exported = validate(export_forum(forum, with_emails=any(p["email"] for p in archive["people"])))
    return dumps(exported) == dumps(archive)


def _people(archive: dict) -> dict[str, User]:
    found: dict[str, User] = {}
    for index, person in enumerate(archive["people"]):
        user = db.session.scalar(select(User).where(User.key == person["key"]))
        email = (person["email"] or "").strip().lower() or None
        if user is None:
            if email and db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
                raise ArchiveError(f"people[{index}].email",
                                   "already used by another account with a different key")
            user = User(key=person["key"], email=email, title=person["title"],
                        name=person["name"], country=person["country"],
                        organization=person["organization"],
                        affiliation=person["affiliation"], role=person["role"],
                        confirmed_at=None, created_at=now())
            db.session.add(user)
        found[person["key"]] = user
    db.session.flush()
    return found


def _check_numbers(archive: dict) -> None:
    numbers = [p["number"] for p in archive["posts"] if p["number"] is not None]
    if not numbers:
        return
    taken = set(db.session.scalars(select(Post.number).where(Post.number.in_(numbers))))
    for index, post in enumerate(archive["posts"]):
        if post["number"] in taken:
            raise ArchiveError(f"posts[{index}].number",
                               f"number {post['number']} is already used by another post")


def _write(archive: dict, digest: str) -> None:
    _check_numbers(archive)
    people = _people(archive)

    def uid(key: str | None) -> int | None:
        return people[key].id if key else None

    info = archive["forum"]
    forum = Forum(
        slug=info["slug"], title=info["title"], objective=info["objective"],
        objective_html=render_markdown(info["objective"]), language=info["language"],
        opens_at=_t(info["opens_at"]), closes_at=_t(info["closes_at"]),
        extended_to=_t(info["extended_to"]), posting=info["posting"],
        participants_may_open_threads=info["participants_may_open_threads"],
        reconstruction_note=info["reconstruction_note"], digest_settings=info["digest"],
        archive_sha256=digest, created_at=now(),
    )
    db.session.add(forum)
    db.session.flush()
    topics = {}
    for position, item in enumerate(archive["topics"], start=1):
        topics[item["key"]] = Topic(
            forum_id=forum.id, key=item["key"], position=position, title=item["title"],
            description=item["description"], description_html=render_markdown(item["description"]),
            opens_at=_t(item["opens_at"]), closes_at=_t(item["closes_at"]),
            extended_to=_t(item["extended_to"]))
        db.session.add(topics[item["key"]])
    for key in archive["moderators"]:
        db.session.add(ForumModerator(forum_id=forum.id, user_id=uid(key), created_at=now()))
    for item in archive["accreditations"]:
        db.session.add(Accreditation(forum_id=forum.id, user_id=uid(item["person"]),
                                     created_at=_t(item["created_at"]) or now()))
    db.session.flush()
    first_post = {}
    for post in sorted(archive["posts"], key=lambda p: p["created_at"]):
        first_post.setdefault(post["thread"], post["created_at"])
    threads = {}
    for item in archive["threads"]:
        created = _t(item["created_at"] or first_post.get(item["key"])) or forum.opens_at
        threads[item["key"]] = Thread(
            forum_id=forum.id, key=item["key"], title=item["title"],
            topic_id=topics[item["topic"]].id if item["topic"] else None,
            author_id=uid(item["author"]), questions=item["questions"], locked=item["locked"],
            created_at=created)
        db.session.add(threads[item["key"]])
    db.session.flush()
    tags: dict[str, Tag] = {}
    posts: dict[str, Post] = {}
    unnumbered: list[Post] = []
    for item in archive["posts"]:
        post = Post(
            forum_id=forum.id, key=item["key"], thread_id=threads[item["thread"]].id,
            author_id=uid(item["author"]), posted_by_id=uid(item["posted_by"]),
            kind=item["kind"], state=item["state"], subject=item["subject"],
            body=item["body"], body_html=render_markdown(item["body"]),
            version=item["version"], number=item["number"],
            created_at=_t(item["created_at"]), updated_at=_t(item["updated_at"]),
            approved_at=_t(item["approved_at"]), approved_by_id=uid(item["approved_by"]),
            moderated_at=_t(item["moderated_at"]), moderated_by_id=uid(item["moderated_by"]),
            moderation_reason=item["reason"],
        )
        post.tags = [tags.setdefault(name, Tag(forum_id=forum.id, name=name))
                     for name in sorted(set(item["tags"]))]
        post.revisions = [PostRevision(version=r["version"], body=r["body"],
                                       edited_at=_t(r["edited_at"]) or post.created_at,
                                       edited_by_id=uid(r["edited_by"]))
                          for r in item["revisions"]]
        db.session.add(post)
        posts[item["key"]] = post
        if post.number is None and post.state in ("approved", "hidden"):
            unnumbered.append(post)
    db.session.flush()
    highest = db.session.scalar(select(func.max(Post.number))) or 0
    ensure_counter_above(highest)
    # Approved posts that came without a number get the next ones, in posting order.
    for post in sorted(unnumbered, key=lambda p: (p.created_at, p.key)):
        post.number = next_post_number()
    targets = {"post": posts, "thread": threads, "topic": topics, "user": people}
    for item in archive["audit"]:
        target = targets.get(item["target_type"], {}).get(item["target"])
        db.session.add(AuditEntry(
            at=_t(item["at"]), actor_id=uid(item["actor"]), action=item["action"],
            target_type=item["target_type"],
            target_id=forum.id if item["target_type"] == "forum" else (
                target.id if target is not None else None),
            forum_id=forum.id, reason=item["reason"], detail=item["detail"]))
    _write_digests(archive["digests"], forum, uid)


def _write_digests(digests: dict, forum: Forum, uid) -> None:
    for item in digests["overrides"]:
        db.session.add(DigestOverride(
            forum_id=forum.id, key=item["key"], sources=item["sources"], basis=item["basis"],
            text=item["text"], deleted=item["deleted"], position=item["position"],
            updated_at=_t(item["updated_at"]) or now(), updated_by_id=uid(item["updated_by"])))
    for item in digests["versions"]:
        db.session.add(DigestVersion(
            forum_id=forum.id, number=item["number"], published_at=_t(item["published_at"]),
            published_by_id=uid(item["published_by"]), markdown=item["markdown"],
            html=item["html"], report=item["report"] or {}))
    write_reviews(digests.get("reviews", []), forum, uid)
