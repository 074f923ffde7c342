"""The moderators' queue and their actions on posts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.admin import actions as admin_actions
from forum.admin.forms import TopicForm
from forum.auth.forms import ButtonForm
from forum.clock import now
from forum.extensions import db
from forum.forums.queries import forum_by_slug
from forum.inputs import parse_int, query_int
from forum.models import Post
from forum.moderation import actions, undo
from forum.moderation.forms import (
    BulkForm,
    DecisionForm,
    HideForm,
    ModeratorEditForm,
    RestoreForm,
    TagForm,
)
from forum.moderation.queries import answered, pending_queue, recently_moderated
from forum.permissions import can_moderate
from forum.web import attempt

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


def _moderated_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    # Someone who may not moderate learns nothing about the post: 404 like a missing one.
    if post is None or not can_moderate(current_user, post.forum):
        abort(404)
    return post


def _back(post: Post):
    target = request.form.get("back")
    if target == "thread":
        return redirect(url_for("forums.post", post_id=post.id))
    return redirect(url_for("moderation.queue", slug=post.forum.slug))


def _refused(post: Post, status: int, message: str = ""):
    """Show a refusal on the page the moderator came from, with its 4xx status. (A redirect
    with a 4xx status is a dead end: browsers do not follow it, so the message was lost.)"""
    if message:
        flash(message, "error")
    if request.form.get("back") == "thread":
        from forum.forums.views import thread

        return thread(post.thread_id), status
    return _render_queue(post.forum), status


def _render_queue(forum, topic_id: int | None = None, topic_form: TopicForm | None = None,
                  failed: tuple[int, DecisionForm] | None = None):
    """The queue; `failed` is the item whose decision was refused, with what was typed,
    so the message stands beside that post rather than at the top of the page."""
    posts = pending_queue(forum, topic_id)
    moment = now()
    last = db.session.get(Post, query_int("undo", 0) or 0)
    return render_template(
        "moderation/queue.html",
        forum=forum,
        posts=posts,
        answers=answered(posts),
        topic_id=topic_id,
        recent=recently_moderated(forum),
        decision=DecisionForm(),
        bulk=BulkForm(),
        topic_form=topic_form or TopicForm(prefix="topic"),
        failed=failed,
        waited=lambda since: format_timedelta(moment - since, threshold=1.1),
        may_undo=undo.may_undo,
        last=last if last is not None and last.forum_id == forum.id else None,
        undo_form=ButtonForm(),
    )


def _next_item(post: Post) -> str:
    """The anchor of the item after `post` in its queue (or the one before, at the end), so
    the moderator stays where they were."""
    ids = list(db.session.scalars(
        select(Post.id).where(Post.forum_id == post.forum_id, Post.state == "pending")
        .order_by(Post.created_at, Post.id)))
    if post.id not in ids or len(ids) == 1:
        return ""
    at = ids.index(post.id)
    return f"#q-{ids[at + 1] if at + 1 < len(ids) else ids[at - 1]}"


@bp.route("/<slug>")
@login_required
def queue(slug: str):
    forum = forum_by_slug(slug) or abort(404)
    if not can_moderate(current_user, forum):
        abort(403)
    return _render_queue(forum, query_int("topic", None))


@bp.route("/<slug>/topics", methods=["POST"])
@login_required
def add_topic(slug: str):
    """Moderators add topics to their forum (CONTRACTS.md's table); a topic's own window is
    the Secretariat's to set (on the forum's admin page)."""
    forum = forum_by_slug(slug) or abort(404)
    if not can_moderate(current_user, forum):
        abort(403)
    form = TopicForm(prefix="topic")
    status = 400
    if form.validate_on_submit():
        added = attempt(form, admin_actions.add_topic, forum, acting_user=current_user,
                        title=form.title.data, description=form.description.data or "",
                        field="title")
        if added:
            flash(_("Topic added."))
            return redirect(url_for("moderation.queue", slug=forum.slug))
        status = added.status
    return _render_queue(forum, topic_form=form), status


@bp.route("/posts/<int:post_id>/decide", methods=["POST"])
@login_required
def decide(post_id: int):
    post = _moderated_post(post_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _refused(post, 400, "The decision could not be read; please try again.")
    at_item = request.form.get("back") != "thread"
    anchor = _next_item(post)
    target = form if at_item else None
    if form.reject.data:
        done = attempt(target, actions.reject_post, post, acting_user=current_user,
                       reason=form.full_reason(), field="reason")
        message = _("The post by %(name)s was rejected.", name=post.author.display_name)
    else:
        done = attempt(target, actions.approve_post, post, acting_user=current_user,
                       version=form.version.data, field="reason")
        message = _("The post by %(name)s was approved as #%(number)s.",
                    name=post.author.display_name, number=post.number)
    if not done:
        if at_item and db.session.get(Post, post.id).state == "pending":
            return _render_queue(post.forum, failed=(post.id, form)), done.status
        if at_item:  # decided meanwhile: no longer in the queue, so said at the top
            flash(done.refusal.message, "error")
        return _refused(post, done.status)
    flash(message)
    if at_item:
        return redirect(url_for("moderation.queue", slug=post.forum.slug, undo=post.id)
                        + anchor)
    return _back(post)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _moderated_post(post_id)
    form = ModeratorEditForm(data={"body": post.body, "version": post.version}
                             if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        saved = attempt(form, actions.edit_and_approve, post, acting_user=current_user,
                        version=form.version.data, body=form.body.data)
        if saved:
            flash(_("Your edit was saved and the post approved as #%(number)s.",
                    number=post.number))
            return redirect(url_for("moderation.queue", slug=post.forum.slug))
        status = saved.status
    elif request.method == "POST":
        status = 400
    return render_template("moderation/edit.html", post=post, form=form, forum=post.forum), status


@bp.route("/posts/<int:post_id>/hide", methods=["POST"])
@login_required
def hide(post_id: int):
    post = _moderated_post(post_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _refused(post, 400, "Give a reason for hiding the post.")
    hidden = attempt(form, actions.hide_post, post, acting_user=current_user,
                     reason=form.reason.data)
    if not hidden:
        return _refused(post, hidden.status)
    flash(_("The post is hidden from readers."))
    return _back(post)


@bp.route("/posts/<int:post_id>/restore", methods=["POST"])
@login_required
def restore(post_id: int):
    post = _moderated_post(post_id)
    if not RestoreForm().validate_on_submit():
        abort(400)
    restored = attempt(None, actions.restore_post, post, acting_user=current_user)
    if not restored:
        return _refused(post, restored.status)
    flash(_("The post is public again."))
    return _back(post)


@bp.route("/posts/<int:post_id>/tags", methods=["POST"])
@login_required
def tags(post_id: int):
    post = _moderated_post(post_id)
    form = TagForm()
    if not form.validate_on_submit():
        abort(400)
    actions.set_tags(post, acting_user=current_user, names=(form.tags.data or "").split(","))
    flash(_("Tags saved."))
    return _back(post)


@bp.route("/<slug>/bulk", methods=["POST"])
@login_required
def bulk(slug: str):
    forum = forum_by_slug(slug) or abort(404)
    if not can_moderate(current_user, forum):
        abort(403)
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    chosen: list[tuple[Post, int]] = []
    for item in request.form.getlist("item"):
        post_id, _sep, version = item.partition(":")
        post_id, version = parse_int("item", post_id), parse_int("item", version)
        post = db.session.get(Post, post_id)
        # A post listed twice is one post: the confirmation counts what will be decided.
        if post is not None and post.forum_id == forum.id and all(
                post is not seen for seen, _v in chosen):
            chosen.append((post, version))
    if not chosen:
        flash(_("Select at least one post."), "error")
        return redirect(url_for("moderation.queue", slug=slug))
    decision = "reject" if form.reject.data else "approve"
    if decision == "reject" and not form.canned.data:
        flash(_("Choose a reason for the rejections."), "error")
        return redirect(url_for("moderation.queue", slug=slug))
    if request.form.get("confirm") != "yes":
        # The server's own confirmation step (scripts may ask first, but need not).
        return render_template("moderation/bulk_confirm.html", forum=forum, chosen=chosen,
                               decision=decision, reason=form.canned.data or "", bulk=form)
    done, problems = actions.bulk_decide(chosen, acting_user=current_user, decision=decision,
                                         reason=form.canned.data or "")
    flash(ngettext("%(num)d post rejected.", "%(num)d posts rejected.", done)
          if decision == "reject"
          else ngettext("%(num)d post approved.", "%(num)d posts approved.", done))
    for problem in problems:
        flash(problem, "error")
    return redirect(url_for("moderation.queue", slug=slug))


from forum.moderation import views_desk, views_threads  # noqa: E402,F401  (same blueprint)
