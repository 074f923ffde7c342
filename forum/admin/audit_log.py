"""The audit log as the Secretariat reads it: actions in words, people by name, objects by
title or public number, each linked to where it lives.

Entries store only `target_type` and `target_id`; one query per kind of target loads the
objects a page of entries names (a page of 100 entries costs a handful of queries, not 100).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, literal, select
from sqlalchemy.orm import aliased, selectinload

from forum.extensions import db
from forum.models import AuditEntry, Forum, Job, Post, PostKind, PostState, Thread, Topic, User

# Every action the code records (grep `audit.record`); an unknown one is shown as stored.
ACTIONS = {
    "forum.create": _l("Created the forum"),
    "forum.update": _l("Changed the forum's settings"),
    "forum.open": _l("Opened the forum"),
    "forum.close": _l("Closed the forum"),
    "forum.extend": _l("Extended the forum's window"),
    "forum.assign_moderator": _l("Made a moderator"),
    "forum.remove_moderator": _l("Removed a moderator"),
    "forum.accredit": _l("Accredited a participant"),
    "forum.withdraw_accreditation": _l("Withdrew an accreditation"),
    "topic.create": _l("Added a topic"),
    "topic.edit": _l("Edited a topic"),
    "thread.lock": _l("Locked a thread"),
    "thread.unlock": _l("Unlocked a thread"),
    "thread.edit": _l("Edited a thread"),
    "post.approve": _l("Approved a post"),
    "post.reject": _l("Rejected a post"),
    "post.edit": _l("Edited a post"),
    "post.hide": _l("Hid a post"),
    "post.restore": _l("Restored a post"),
    "post.undo": _l("Undid a moderation decision"),
    "post.tag": _l("Tagged a post"),
    "post.on_behalf": _l("Posted on behalf of a moderator"),
    "digest.edit": _l("Edited a digest paragraph"),
    "digest.delete": _l("Deleted a digest paragraph"),
    "digest.restore": _l("Restored a digest paragraph"),
    "digest.revert": _l("Reverted a digest paragraph"),
    "digest.move": _l("Moved a digest paragraph"),
    "digest.publish": _l("Published a digest version"),
    "digest.settings": _l("Changed the digest settings"),
    "digest.review_open": _l("Opened a digest review round"),
    "digest.review_close": _l("Closed a digest review round"),
    "job.retry": _l("Retried a background job"),
    "mfa.enrol": _l("Set up two-factor sign-in"),
    "mfa.backup_code_used": _l("Signed in with a backup code"),
    "mfa.backup_codes_regenerated": _l("Made new backup codes"),
    "mfa.disable": _l("Turned off two-factor sign-in"),
    "mfa.reset": _l("Reset someone's two-factor sign-in"),
}

_MODELS = {"forum": Forum, "user": User, "post": Post, "topic": Topic, "thread": Thread,
           "job": Job}


@dataclass(frozen=True)
class Named:
    """An object as the log shows it: words, and where they link (None: no page)."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    action: str
    actor: Named | None
    target: Named | None
    forum: Named | None


def action_words(action: str) -> str:
    return str(ACTIONS[action]) if action in ACTIONS else action


def person(user: User) -> Named:
    """A person by name, linked to what they did; never "(None)" for a missing email."""
    return Named(user.display_name or f"#{user.id}",
                 url_for("admin.audit_log", actor=user.id))


def _forum(forum: Forum) -> Named:
    return Named(forum.title, url_for("admin.forum", slug=forum.slug))


def _target(entry: AuditEntry, found: dict[tuple[str, int], object]) -> Named | None:
    kind, ident = entry.target_type, entry.target_id
    thing = found.get((kind, ident)) if ident is not None else None
    detail = entry.detail or {}
    if entry.action == "digest.publish" and isinstance(thing, Forum) and detail.get("number"):
        number = detail["number"]
        return Named(str(_l("digest version %(n)s of %(forum)s", n=number, forum=thing.title)),
                     url_for("digest.version", slug=thing.slug, number=number))
    if isinstance(thing, Forum):
        return _forum(thing)
    if isinstance(thing, User):
        return person(thing)
    if isinstance(thing, Post) and (thing.state == PostState.WITHDRAWN
                                    or ("withdrawn-thread", thing.thread_id) in found):
        # Gone for everyone (forum/visibility.py): the log keeps the fact, not the title.
        return Named(str(_l("a withdrawn post")))
    if isinstance(thing, Post):
        url = url_for("forums.thread", thread_id=thing.thread_id) + f"#post-{thing.id}"
        if thing.number:
            return Named(str(_l("post #%(n)s in %(thread)s", n=thing.number,
                                thread=thing.thread.title)), url)
        return Named(str(_l("unnumbered post in %(thread)s", thread=thing.thread.title)), url)
    if isinstance(thing, Thread) and ("withdrawn-thread", thing.id) in found:
        return Named(str(_l("a withdrawn thread")))
    if isinstance(thing, Thread):
        return Named(thing.title, url_for("forums.thread", thread_id=thing.id))
    if isinstance(thing, Topic):
        return Named(thing.title, url_for("forums.home", slug=thing.forum.slug))
    if isinstance(thing, Job):
        return Named(str(_l("background job %(n)s (%(kind)s)", n=thing.id, kind=thing.kind)),
                     url_for("jobs.index"))
    if ident is None:
        return None
    return Named(str(_l("%(kind)s %(n)s (no longer there)", kind=kind, n=ident)))


def _load(entries: list[AuditEntry]) -> dict[tuple[str, int], object]:
    """The objects the entries name: one query per kind present."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.target_type in _MODELS and entry.target_id is not None:
            wanted[entry.target_type].add(entry.target_id)
        if entry.forum_id is not None:
            wanted["forum"].add(entry.forum_id)
    found: dict[tuple[str, int], object] = {}
    for kind, ids in wanted.items():
        model = _MODELS[kind]
        # Posts and threads come with whether their thread's opening was withdrawn (gone for
        # everyone, forum/visibility.py), in the same statement.
        gone = _withdrawn_opening(model)
        query: Select = select(model, gone).where(model.id.in_(ids))
        if model is Post:
            query = query.options(selectinload(Post.thread))
        elif model is Topic:
            query = query.options(selectinload(Topic.forum))
        for thing, withdrawn in db.session.execute(query):
            found[(kind, thing.id)] = thing
            if withdrawn:
                found[("withdrawn-thread", getattr(thing, "thread_id", thing.id))] = True
    return found


def _withdrawn_opening(model: type) -> object:
    if model not in (Post, Thread):
        return literal(False)
    opening = aliased(Post)
    thread_id = Post.thread_id if model is Post else Thread.id
    return select(opening.id).where(opening.thread_id == thread_id,
                                    opening.kind == PostKind.OPENING,
                                    opening.state == PostState.WITHDRAWN).exists()


def rows(entries: list[AuditEntry]) -> list[Row]:
    found = _load(entries)
    result = []
    for entry in entries:
        forum = found.get(("forum", entry.forum_id)) if entry.forum_id is not None else None
        result.append(Row(
            entry=entry, action=action_words(entry.action),
            actor=person(entry.actor) if entry.actor else None,
            target=_target(entry, found),
            forum=_forum(forum) if isinstance(forum, Forum) else None,
        ))
    return result
