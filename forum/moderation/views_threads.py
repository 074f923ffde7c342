"""Moderators' work on threads and topics: lock, edit titles and guiding questions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.auth.forms import ButtonForm
from forum.extensions import db
from forum.models import Thread, Topic
from forum.moderation import actions
from forum.moderation.forms import ThreadEditForm, TopicEditForm
from forum.moderation.views import bp
from forum.permissions import can_moderate
from forum.web import attempt


def _thread(thread_id: int) -> Thread:
    thread = db.session.get(Thread, thread_id)
    if thread is None or not can_moderate(current_user, thread.forum):
        abort(404)
    return thread


@bp.route("/threads/<int:thread_id>/lock", methods=["POST"])
@login_required
def lock(thread_id: int):
    thread = _thread(thread_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    locked = request.form.get("locked", "1") == "1"
    actions.lock_thread(thread, acting_user=current_user, locked=locked)
    flash(_("The thread is locked.") if locked else _("The thread is open for replies again."))
    return redirect(url_for("forums.thread", thread_id=thread.id))


@bp.route("/threads/<int:thread_id>/edit", methods=["GET", "POST"])
@login_required
def edit_thread(thread_id: int):
    thread = _thread(thread_id)
    form = ThreadEditForm(data={"title": thread.title,
                                "questions": "\n".join(thread.questions or [])}
                          if request.method == "GET" else None)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        saved = attempt(form, actions.edit_thread, thread, acting_user=current_user,
                        title=form.title.data,
                        questions=(form.questions.data or "").splitlines(), field="title")
        if saved:
            flash(_("Saved."))
            return redirect(url_for("forums.thread", thread_id=thread.id))
        status = saved.status
    return render_template("moderation/edit_thread.html", form=form, thread=thread,
                           forum=thread.forum), status


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
@login_required
def edit_topic(topic_id: int):
    topic = db.session.get(Topic, topic_id)
    if topic is None or not can_moderate(current_user, topic.forum):
        abort(404)
    form = TopicEditForm(obj=topic if request.method == "GET" else None)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        saved = attempt(form, actions.edit_topic, topic, acting_user=current_user,
                        title=form.title.data, description=form.description.data or "",
                        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
                        field="title")
        if saved:
            flash(_("Saved."))
            return redirect(url_for("forums.home", slug=topic.forum.slug))
        status = saved.status
    return render_template("moderation/edit_topic.html", form=form, topic=topic,
                           forum=topic.forum), status
