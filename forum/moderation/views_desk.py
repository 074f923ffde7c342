"""The moderators' landing page (their forums, what waits, the newest decisions) and the
undo of a decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.auth.forms import ButtonForm
from forum.clock import now
from forum.moderation.queries import desk_of, latest_decisions
from forum.moderation.undo import undo_decision
from forum.moderation.views import _moderated_post, _refused, bp
from forum.web import attempt


def is_staff(user: object) -> bool:
    return getattr(user, "role", None) in ("moderator", "secretariat")


@bp.route("/")
@login_required
def desk():
    if not is_staff(current_user):
        abort(403)
    moment = now()
    return render_template("moderation/desk.html", forums=desk_of(current_user),
                           decisions=latest_decisions(current_user),
                           waited=lambda since: format_timedelta(moment - since, threshold=1.1))


@bp.route("/posts/<int:post_id>/undo", methods=["POST"])
@login_required
def undo(post_id: int):
    post = _moderated_post(post_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    undone = attempt(None, undo_decision, post, acting_user=current_user)
    if not undone:
        return _refused(post, undone.status)
    flash(_("Undone: the post by %(name)s is waiting for a decision again.",
            name=post.author.display_name))
    return redirect(url_for("moderation.queue", slug=post.forum.slug) + f"#q-{post.id}")
