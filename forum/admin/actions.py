"""The Secretariat's actions on forums, topics, moderators and accreditation."""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import audit
from forum.clock import now
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import Accreditation, Forum, ForumModerator, Topic, User
from forum.permissions import can_administer
from forum.refusals import Refused

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
MAX_TITLE = 300  # characters of a forum's or topic's title (the column's length)
MAX_TEXT = 20_000  # characters of a forum's objective or a topic's description
MAX_LANGUAGE = 10  # the column's length (a language tag such as "en" or "zh-Hant")


class AdminError(Refused):
    """An administration request the rules refuse."""


def _require(user: User) -> None:
    if not can_administer(user):
        raise AdminError(_l("Only the Secretariat may do that."), 403)


def _check_window(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise AdminError(_l("The closing time must come after the opening time."),
                         field="closes_at")


def create_forum(
    *, acting_user: User, slug: str, title: str, opens_at: datetime, closes_at: datetime,
    objective: str = "", language: str = "en", posting: str = "registered",
    participants_may_open_threads: bool = False,
) -> Forum:
    _require(acting_user)
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug):
        raise AdminError(_l("Use 3 to 64 lowercase letters, digits and hyphens."), field="slug")
    if db.session.scalar(select(Forum.id).where(Forum.slug == slug)) is not None:
        raise AdminError(_l("A forum with this slug already exists."), 409, field="slug")
    if posting not in ("registered", "accredited"):
        raise AdminError(_l("Posting must be 'registered' or 'accredited'."), field="posting")
    if not (title or "").strip():
        raise AdminError(_l("Give the forum a title."), field="title")
    _check_window(opens_at, closes_at)
    forum = Forum(
        slug=slug, title=title.strip(), objective=objective or "",
        objective_html=render_markdown(objective or ""), language=language or "en",
        opens_at=opens_at, closes_at=closes_at, posting=posting,
        participants_may_open_threads=participants_may_open_threads, created_at=now(),
    )
    db.session.add(forum)
    db.session.flush()
    audit.record(acting_user, "forum.create", forum, forum_id=forum.id, slug=slug)
    db.session.commit()
    return forum


def update_forum(forum: Forum, *, acting_user: User, **fields) -> Forum:
    _require(acting_user)
    allowed = {"title", "objective", "language", "opens_at", "closes_at", "posting",
               "participants_may_open_threads"}
    for name, value in fields.items():
        if name in allowed:
            setattr(forum, name, value)
    _check_window(forum.opens_at, forum.closes_at)
    forum.objective_html = render_markdown(forum.objective)
    audit.record(acting_user, "forum.update", forum, forum_id=forum.id, fields=sorted(fields))
    db.session.commit()
    return forum


def open_now(forum: Forum, *, acting_user: User) -> None:
    _require(acting_user)
    moment = now()
    forum.opens_at = moment
    if forum.effective_closes_at and forum.effective_closes_at <= moment:
        raise AdminError(_l("The forum's window has already ended; extend it instead."))
    audit.record(acting_user, "forum.open", forum, forum_id=forum.id)
    db.session.commit()


def close_now(forum: Forum, *, acting_user: User) -> None:
    _require(acting_user)
    moment = now()
    if forum.opens_at > moment:
        forum.opens_at = moment
    forum.closes_at = moment
    forum.extended_to = None
    audit.record(acting_user, "forum.close", forum, forum_id=forum.id)
    db.session.commit()


def extend(forum: Forum, *, acting_user: User, until: datetime, reason: str = "") -> None:
    _require(acting_user)
    if until <= (forum.effective_closes_at or forum.opens_at):
        raise AdminError(_l("An extension must end after the current closing time."), field="until")
    forum.extended_to = until
    audit.record(acting_user, "forum.extend", forum, forum_id=forum.id, reason=reason,
                 until=until.isoformat())
    db.session.commit()


def add_topic(
    forum: Forum, *, acting_user: User, title: str, description: str = "",
    opens_at: datetime | None = None, closes_at: datetime | None = None,
) -> Topic:
    from forum.permissions import can_moderate

    if not can_moderate(acting_user, forum):
        raise AdminError(_l("Only moderators and the Secretariat may add topics."), 403)
    if not (title or "").strip():
        raise AdminError(_l("Give the topic a title."), field="title")
    _check_window(opens_at, closes_at)
    position = 1 + max((t.position for t in forum.topics), default=0)
    topic = Topic(forum=forum, title=title.strip(), description=description or "",
                  description_html=render_markdown(description or ""), position=position,
                  opens_at=opens_at, closes_at=closes_at)
    db.session.add(topic)
    db.session.flush()
    audit.record(acting_user, "topic.create", topic, forum_id=forum.id, title=topic.title)
    db.session.commit()
    return topic


def assign_moderator(forum: Forum, user: User, *, acting_user: User) -> None:
    """Assign a moderator; a participant assigned becomes a moderator (global role)."""
    _require(acting_user)
    if db.session.get(ForumModerator, (forum.id, user.id)) is None:
        db.session.add(ForumModerator(forum_id=forum.id, user_id=user.id, created_at=now()))
    if user.role == "participant":
        user.role = "moderator"
    audit.record(acting_user, "forum.assign_moderator", user, forum_id=forum.id)
    db.session.commit()


def remove_moderator(forum: Forum, user: User, *, acting_user: User) -> None:
    _require(acting_user)
    row = db.session.get(ForumModerator, (forum.id, user.id))
    if row is not None:
        db.session.delete(row)
        audit.record(acting_user, "forum.remove_moderator", user, forum_id=forum.id)
        db.session.commit()


def accredit(forum: Forum, user: User, *, acting_user: User) -> None:
    _require(acting_user)
    exists = db.session.scalar(
        select(Accreditation.id).where(Accreditation.forum_id == forum.id,
                                       Accreditation.user_id == user.id)
    )
    if exists is None:
        db.session.add(Accreditation(forum_id=forum.id, user_id=user.id, created_at=now(),
                                     created_by_id=acting_user.id))
        audit.record(acting_user, "forum.accredit", user, forum_id=forum.id)
        db.session.commit()


def withdraw_accreditation(forum: Forum, user: User, *, acting_user: User) -> None:
    _require(acting_user)
    row = db.session.scalar(
        select(Accreditation).where(Accreditation.forum_id == forum.id,
                                    Accreditation.user_id == user.id)
    )
    if row is not None:
        db.session.delete(row)
        audit.record(acting_user, "forum.withdraw_accreditation", user, forum_id=forum.id)
        db.session.commit()
