"""Which forum a digest page is about, and whether the current user may see it: 404 for an
unknown forum, 403 when the check (named once, in forum/permissions.py) says no."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_login import current_user

from forum.forums.queries import forum_by_slug
from forum.models import Forum, User
from forum.permissions import can_administer, can_moderate, can_read_digest_drafts, may_review


def forum_or_404(slug: str) -> Forum:
    return forum_by_slug(slug) or abort(404)


def _guarded(slug: str, allowed: Callable[[User, Forum], bool]) -> Forum:
    forum = forum_or_404(slug)
    if not allowed(current_user, forum):
        abort(403)
    return forum


def for_secretariat(slug: str) -> Forum:
    """Generate settings, edit, publish, run review rounds."""
    return _guarded(slug, lambda user, _forum: can_administer(user))


def for_draft_readers(slug: str) -> Forum:
    return _guarded(slug, can_read_digest_drafts)


def for_moderators(slug: str) -> Forum:
    return _guarded(slug, can_moderate)


def for_reviewers(slug: str) -> Forum:
    return _guarded(slug, may_review)
