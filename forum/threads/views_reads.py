"""What is new: marking a thread or a whole forum read, and the jump to the first unread
message. The rules are in forum/threads/reads.py; these routes only translate."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.auth.forms import ButtonForm
from forum.extensions import db
from forum.forums import queries
from forum.forums.views import unread_url
from forum.inputs import parse_int
from forum.models import Thread
from forum.threads import reads
from forum.threads.views import bp
from forum.web import attempt


def _visible_thread(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None or not queries.thread_is_visible(thread, current_user):
        abort(404)  # a thread awaiting moderation answers like a missing one
    return thread


@bp.route("/threads/<int:thread_id>/read", methods=["POST"])
@login_required
def mark_read(thread_id: int):
    thread = _visible_thread(thread_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    given = request.form.get("through")
    through = parse_int("through", given) if given else None
    # A refusal (a post the reader may not see) goes to forum/errors.py: its page and status.
    reads.mark_read(thread, reader=current_user, through=through)
    if request.headers.get("X-Requested-With") == "fetch":  # the page's script
        return "", 204
    flash(_("The thread is marked as read."))
    return redirect(url_for("forums.thread", thread_id=thread.id))


@bp.route("/forums/<slug>/read", methods=["POST"])
@login_required
def mark_forum_read(slug: str):
    forum = queries.forum_by_slug(slug) or abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if attempt(None, reads.mark_forum_read, forum, reader=current_user):
        flash(_("Every thread of this forum is marked as read."))
    return redirect(url_for("forums.home", slug=forum.slug))


@bp.route("/threads/<int:thread_id>/first-unread")
@login_required
def first_unread(thread_id: int):
    """The forum page's "N new" link: to the first message new to the reader (a GET: it
    only reads), or to the thread when nothing is new any more."""
    thread = _visible_thread(thread_id)
    state = reads.thread_state(thread, current_user)
    if state is None or state.first_unread is None:
        return redirect(url_for("forums.thread", thread_id=thread.id))
    return redirect(unread_url(thread, state.first_unread))
