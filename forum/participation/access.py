"""Which forum a dashboard request is about and whether the reader may see it: the rule is
named once (forum/permissions.py) and refused here with forum.refusals, for every surface
(page, pictures, CSV)."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.forums.queries import forum_by_slug
from forum.models import Forum, User
from forum.permissions import can_see_moderation_figures, can_see_participation
from forum.refusals import Forbidden, NotFound


def dashboard_forum(user: User | None, slug: str) -> Forum:
    """The forum whose dashboard `user` asks for; 404 if unknown, 403 while it runs and
    `user` does not moderate it."""
    forum = forum_by_slug(slug)
    if forum is None:
        raise NotFound(_("There is no forum at this address."))
    if not can_see_participation(user, forum):
        raise Forbidden(_("The participation dashboard is public once the forum has closed; "
                          "until then only its moderators and the Secretariat see it."))
    return forum


def require_moderation_figures(user: User | None, forum: Forum) -> None:
    """Moderation figures are for the forum's moderators and the Secretariat only (a 404,
    like a table that does not exist, for everyone else)."""
    if not can_see_moderation_figures(user, forum):
        raise NotFound(_("There is no such table."))
