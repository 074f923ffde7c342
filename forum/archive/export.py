"""Export a forum as an archive (deterministic: the same database gives the same bytes)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.archive.review import export_reviews
from forum.archive.validate import FORMAT, VERSION
from forum.clock import iso
from forum.extensions import db
from forum.models import (
    Accreditation,
    AuditEntry,
    DigestOverride,
    DigestVersion,
    Forum,
    ForumModerator,
    Post,
    Thread,
    User,
)


def dumps(archive: dict) -> str:
    return json.dumps(archive, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _person(user: User, with_emails: bool) -> dict:
    return {"key": user.key, "title": user.title, "name": user.name, "country": user.country,
            "organization": user.organization, "affiliation": user.affiliation,
            "role": user.role, "email": user.email if with_emails else None}


def export_forum(forum: Forum, *, with_emails: bool = False) -> dict:
    users: dict[int, User] = {}  # the people the archive names, as key() meets them
    loaded: dict[int, User] = {}  # read ahead in bulk (_load_people), not all named

    def key(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in users:
            users[user_id] = loaded.get(user_id) or db.session.get(User, user_id)
        return users[user_id].key

    topics = sorted(forum.topics, key=lambda t: (t.position, t.key))
    topic_keys = {t.id: t.key for t in topics}
    threads = db.session.scalars(
        select(Thread).where(Thread.forum_id == forum.id).order_by(Thread.created_at, Thread.key)
    ).all()
    thread_keys = {t.id: t.key for t in threads}
    posts = db.session.scalars(
        select(Post).where(Post.forum_id == forum.id)
        .options(selectinload(Post.tags), selectinload(Post.revisions))
        .order_by(Post.created_at, Post.key)
    ).all()
    post_keys = {p.id: p.key for p in posts}
    moderators = db.session.scalars(
        select(ForumModerator.user_id).where(ForumModerator.forum_id == forum.id)
    ).all()
    accreditations = db.session.scalars(
        select(Accreditation).where(Accreditation.forum_id == forum.id)
    ).all()
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.forum_id == forum.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    # One statement per few thousand people instead of one per person (the archive of a
    # 10,000-post forum named some 1,300 people, each read on its own).
    loaded.update(_load_people(
        [t.author_id for t in threads] + list(moderators)
        + [a.user_id for a in accreditations]
        + [e.actor_id for e in audit] + [e.target_id for e in audit if e.target_type == "user"]
        + [i for p in posts for i in (p.author_id, p.posted_by_id, p.approved_by_id,
                                      p.moderated_by_id)]
        + [r.edited_by_id for p in posts for r in p.revisions]))

    def target(entry: AuditEntry) -> str | None:
        lookup = {"post": post_keys, "thread": thread_keys, "topic": topic_keys}
        if entry.target_type in lookup:
            return lookup[entry.target_type].get(entry.target_id)
        if entry.target_type == "user":
            return key(entry.target_id)
        if entry.target_type == "forum":
            return forum.slug
        return None

    archive = {
        "format": FORMAT,
        "version": VERSION,
        "forum": {
            "slug": forum.slug, "title": forum.title, "objective": forum.objective,
            "language": forum.language, "opens_at": iso(forum.opens_at),
            "closes_at": iso(forum.closes_at), "extended_to": iso(forum.extended_to),
            "posting": forum.posting,
            "participants_may_open_threads": forum.participants_may_open_threads,
            "reconstruction_note": forum.reconstruction_note,
            "digest": forum.digest_settings or {},
        },
        "topics": [{"key": t.key, "title": t.title, "description": t.description,
                    "opens_at": iso(t.opens_at), "closes_at": iso(t.closes_at),
                    "extended_to": iso(t.extended_to)} for t in topics],
        "moderators": sorted(key(uid) for uid in moderators),
        "accreditations": sorted(({"person": key(a.user_id), "created_at": iso(a.created_at)}
                                  for a in accreditations), key=lambda a: a["person"]),
        "threads": [{"key": t.key, "topic": topic_keys.get(t.topic_id), "title": t.title,
                     "author": key(t.author_id), "questions": list(t.questions or []),
                     "locked": t.locked, "created_at": iso(t.created_at)} for t in threads],
        "posts": [{
            "key": p.key, "thread": thread_keys[p.thread_id], "author": key(p.author_id),
            "posted_by": key(p.posted_by_id), "reply_to": post_keys.get(p.reply_to_id),
            "kind": p.kind, "state": p.state,
            "subject": p.subject, "body": p.body, "version": p.version, "number": p.number,
            "created_at": iso(p.created_at), "updated_at": iso(p.updated_at),
            "approved_at": iso(p.approved_at), "approved_by": key(p.approved_by_id),
            "moderated_at": iso(p.moderated_at), "moderated_by": key(p.moderated_by_id),
            "reason": p.moderation_reason, "tags": sorted(t.name for t in p.tags),
            "revisions": [{"version": r.version, "body": r.body, "edited_at": iso(r.edited_at),
                           "edited_by": key(r.edited_by_id)} for r in p.revisions],
        } for p in posts],
        "audit": [{"at": iso(e.at), "actor": key(e.actor_id), "action": e.action,
                   "target_type": e.target_type, "target": target(e), "reason": e.reason,
                   "detail": e.detail or {}} for e in audit],
    }
    digests = _digests(forum, key)
    reviews = export_reviews(forum, key)
    if reviews:  # absent when none, so archives written before review rounds are unchanged
        digests["reviews"] = reviews
    if digests["overrides"] or digests["versions"] or reviews:  # absent for forums without
        archive["digests"] = digests
    archive["people"] = sorted((_person(u, with_emails) for u in users.values()),
                               key=lambda p: p["key"])
    return archive


def _load_people(ids: list[int | None]) -> dict[int, User]:
    wanted = sorted({i for i in ids if i is not None})
    found: dict[int, User] = {}
    for start in range(0, len(wanted), 5000):
        found.update((u.id, u) for u in db.session.scalars(
            select(User).where(User.id.in_(wanted[start:start + 5000]))))
    return found


def _digests(forum: Forum, key) -> dict:
    """The Secretariat's draft changes and published versions (posts cited by public number)."""
    overrides = db.session.scalars(select(DigestOverride).where(
        DigestOverride.forum_id == forum.id).order_by(DigestOverride.key)).all()
    versions = db.session.scalars(select(DigestVersion).where(
        DigestVersion.forum_id == forum.id).order_by(DigestVersion.number)).all()
    return {
        "overrides": [{"key": o.key, "sources": list(o.sources or []), "basis": o.basis,
                       "text": o.text, "deleted": o.deleted, "position": o.position,
                       "updated_at": iso(o.updated_at), "updated_by": key(o.updated_by_id)}
                      for o in overrides],
        "versions": [{"number": v.number, "published_at": iso(v.published_at),
                      "published_by": key(v.published_by_id), "markdown": v.markdown,
                      "html": v.html, "report": v.report or None} for v in versions],
    }


def forum_for_export(slug: str) -> Forum | None:
    return db.session.scalar(
        select(Forum).where(Forum.slug == slug).options(selectinload(Forum.topics))
    )



