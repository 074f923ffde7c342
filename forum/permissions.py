"""Who may do what (CONTRACTS.md's permission table), named once and used by views,
templates and the API alike."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from forum.clock import now
from forum.extensions import db
from forum.models import Accreditation, Forum, ForumModerator, Post, Thread, User


def _signed_in(user: User | None) -> bool:
    return bool(user) and user.is_authenticated and user.is_active


def is_secretariat(user: User | None) -> bool:
    return _signed_in(user) and user.role == "secretariat"


def can_administer(user: User | None) -> bool:
    """Create forums, open/close/extend windows, assign moderators, accredit, read the log."""
    return is_secretariat(user)


def can_moderate(user: User | None, forum: Forum) -> bool:
    if not _signed_in(user):
        return False
    if user.role == "secretariat":
        return True
    if user.role != "moderator":
        return False
    found = db.session.get(ForumModerator, (forum.id, user.id))
    if found is not None:
        # Held for the session's lifetime: the identity map keeps objects only while
        # something refers to them, and a page asks this several times (its posts, its
        # contents, the badge). Removing a moderator deletes this very object (admin), which
        # takes it out of the identity map, so the answer cannot go stale.
        db.session.info.setdefault("moderator_rows", {})[forum.id, user.id] = found
    return found is not None


def is_accredited(user: User, forum: Forum) -> bool:
    return db.session.scalar(
        select(Accreditation.id).where(
            Accreditation.forum_id == forum.id, Accreditation.user_id == user.id
        )
    ) is not None


def can_participate(user: User | None, forum: Forum) -> bool:
    """Signed in, confirmed, and accredited where the forum requires accreditation."""
    if not _signed_in(user) or user.confirmed_at is None:
        return False
    if can_moderate(user, forum):
        return True
    return forum.posting == "registered" or is_accredited(user, forum)


def posting_closed_reason(user: User | None, thread: Thread, moment: datetime | None = None) -> str:
    """Why `user` may not reply in `thread` now, or "" if they may."""
    forum = thread.forum
    if not _signed_in(user):
        # A closed forum is an archive: signing in would not let a visitor take part.
        if forum.status_at(moment or now()) == "closed":
            return _("This forum is closed; no more comments are accepted.")
        return _("Sign in to take part. This forum may require accreditation.")
    if user.confirmed_at is None:
        return _("Confirm your email address before posting.")
    if not can_participate(user, forum):
        return _("Only participants accredited by the Secretariat may post in this forum.")
    if can_moderate(user, forum):
        # Moderators may still settle the queue and post after closing (CONTRACTS.md, Time).
        return ""
    if thread.locked:
        return _("This thread is locked; no more replies are accepted.")
    window = thread.topic.window_status_at(moment or now()) if thread.topic else None
    status = window or forum.status_at(moment or now())
    if status == "upcoming":
        return _("This forum is not open yet.")
    if status == "closed":
        return _("This forum is closed; no more comments are accepted.")
    return ""


def can_reply(user: User | None, thread: Thread) -> bool:
    return posting_closed_reason(user, thread) == ""


def can_open_thread(user: User | None, forum: Forum) -> bool:
    if can_moderate(user, forum):
        return True
    return (
        forum.participants_may_open_threads
        and can_participate(user, forum)
        and forum.status == "open"
    )


def can_edit_post(user: User | None, post: Post) -> bool:
    return _signed_in(user) and post.author_id == user.id and post.state == "pending"


def can_read_digest_drafts(user: User | None, forum: Forum) -> bool:
    return can_moderate(user, forum)


def may_review(user: User | None, forum: Forum) -> bool:
    """Who may take part in a digest review round: those allowed to post in the forum
    (accredited participants where the forum requires accreditation) and its moderators."""
    return can_participate(user, forum) or can_read_digest_drafts(user, forum)


def can_see_participation(user: User | None, forum: Forum) -> bool:
    """The participation dashboard: public once the forum has closed; while it runs (or
    before it opens) only its moderators and the Secretariat, since partial figures would be
    read as the forum's result."""
    return forum.status == "closed" or can_moderate(user, forum)


def can_see_moderation_figures(user: User | None, forum: Forum) -> bool:
    """Approvals, rejections and decision times are staff matters, even after closing."""
    return can_moderate(user, forum)
