"""Writing in threads: reply (with preview), edit or withdraw a pending post, open a
thread, watch and stop watching."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.auth.forms import ButtonForm
from forum.auth.tokens import read_token
from forum.extensions import csrf, db
from forum.forums import queries
from forum.inputs import BadInput, parse_int
from forum.markdown import render_markdown
from forum.models import Forum, Post, Thread, Topic, User, Watch
from forum.permissions import (
    can_edit_post,
    can_moderate,
    can_open_thread,
    is_secretariat,
    posting_closed_reason,
)
from forum.threads import actions
from forum.threads.forms import EditPostForm, ReplyForm, ThreadForm, WatchForm
from forum.visibility import may_see_post
from forum.web import attempt

bp = Blueprint("threads", __name__)


def _render_thread(thread: Thread, form: ReplyForm, preview: str | None, status: int):
    posts, total = queries.page_of(queries.thread_posts_query(thread, current_user), 1, 200)
    return render_template(
        "forums/thread.html", forum=thread.forum, thread=thread, posts=posts, page=1,
        per_page=200, total=total, form=form, closed_reason="", preview=preview,
        may_moderate=can_moderate(current_user, thread.forum),
        post_max=current_app.config["POST_MAX_CHARS"],
        replying_to=_replying_to(form, thread),
    ), status


def _replying_to(form: ReplyForm, thread: Thread) -> Post | None:
    """The post the returned form answers, if it is in this thread and the writer may see it
    (else nothing is named: the action refuses it with its own message)."""
    target = db.session.get(Post, form.reply_to.data) if form.reply_to.data else None
    return (target if target is not None and target.thread_id == thread.id
            and may_see_post(current_user, target) else None)


@bp.route("/threads/<int:thread_id>/reply", methods=["POST"])
@login_required
def reply(thread_id: int):
    thread = db.session.get(Thread, thread_id)
    if thread is None or not queries.thread_is_visible(thread, current_user):
        abort(404)
    form = ReplyForm()
    if form.preview.data and form.validate():
        return _render_thread(thread, form, render_markdown(form.body.data), 200)
    if not form.validate_on_submit():
        return _render_thread(thread, form, None, 400)
    done = attempt(form, actions.submit_reply, thread, author=current_user,
                   body=form.body.data, key=form.submission_key.data,
                   reply_to_id=form.reply_to.data, field="body",
                   rename=lambda name: "body" if name == "reply_to" else name)
    if not done:
        return _render_thread(thread, form, None, done.status)
    post, created = done.value
    if created and post.state == "pending":
        flash(_("Thank you. Your reply awaits moderation; only you and the moderators see it."))
    elif created:
        flash(_("Your message was posted as #%(number)s.", number=post.number))
    return redirect(url_for("forums.post", post_id=post.id))


@bp.route("/posts/<int:post_id>/reply")
@login_required
def reply_to(post_id: int):
    """The reply form with a post chosen (each post's "Reply" link), the post quoted above
    it, and with `?quote=1` its text quoted in the reply to start from."""
    target = db.session.get(Post, post_id)
    if target is None or not may_see_post(current_user, target):
        abort(404)
    thread = target.thread
    closed_reason = posting_closed_reason(current_user, thread)
    form = ReplyForm(data={"reply_to": target.id,
                           "body": quoted(target.body) if request.args.get("quote") else ""})
    return render_template("threads/reply.html", forum=thread.forum, thread=thread,
                           target=target, form=None if closed_reason else form,
                           closed_reason=closed_reason,
                           post_max=current_app.config["POST_MAX_CHARS"])


def quoted(body: str) -> str:
    """`body` as a Markdown quotation, followed by an empty line to write under it."""
    return "".join(f"> {line}".rstrip() + "\n" for line in body.strip().splitlines()) + "\n"


def _own_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or post.author_id != current_user.id:
        abort(404)
    return post


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _own_post(post_id)
    if not can_edit_post(current_user, post):
        flash(_("Only a post awaiting moderation can be edited."), "error")
        return redirect(url_for("forums.post", post_id=post.id))
    form = EditPostForm(data={"body": post.body, "version": post.version}
                        if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        saved = attempt(form, actions.edit_own_post, post, author=current_user,
                        body=form.body.data, version=form.version.data, field="body")
        if saved:
            flash(_("Your changes are saved; the post still awaits moderation."))
            return redirect(url_for("forums.post", post_id=post.id))
        status = saved.status
    elif request.method == "POST":
        status = 400
    return render_template("threads/edit.html", post=post, form=form, forum=post.forum), status


@bp.route("/posts/<int:post_id>/withdraw", methods=["POST"])
@login_required
def withdraw(post_id: int):
    post = _own_post(post_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if not attempt(None, actions.withdraw_post, post, author=current_user):
        return redirect(url_for("forums.post", post_id=post.id))
    flash(_("Your post was withdrawn."))
    return redirect(url_for("forums.thread", thread_id=post.thread_id))


def _forum(slug: str) -> Forum:
    return queries.forum_by_slug(slug) or abort(404)


@bp.route("/forums/<slug>/threads/new", methods=["GET", "POST"])
@login_required
def new_thread(slug: str):
    forum = _forum(slug)
    if not can_open_thread(current_user, forum):
        abort(403)
    form = ThreadForm()
    form.topic_id.choices = [(0, "(no topic)")] + [(t.id, t.title) for t in forum.topics]
    moderators = db.session.scalars(
        select(User).where(User.id.in_([m.id for m in forum.moderators]))
    ).all() if is_secretariat(current_user) else []
    status = 200
    if form.validate_on_submit():
        topic = db.session.get(Topic, form.topic_id.data) if form.topic_id.data else None
        opened = attempt(
            form, actions.open_thread, forum, author=current_user, title=form.title.data,
            body=form.body.data, topic=topic,
            questions=(form.questions.data or "").splitlines(), key=form.submission_key.data,
            field="title",
        )
        if opened:
            flash(_("The thread is open."))
            return redirect(url_for("forums.thread", thread_id=opened.value.id))
        status = opened.status
    elif request.method == "POST":
        status = 400
    return render_template("threads/new.html", forum=forum, form=form,
                           moderators=moderators), status


@bp.route("/threads/<int:thread_id>/on-behalf", methods=["POST"])
@login_required
def post_on_behalf(thread_id: int):
    """Secretariat staff post a message (e.g. the closing) for one of the moderators."""
    thread = db.session.get(Thread, thread_id) or abort(404)
    if not is_secretariat(current_user):
        abort(403)
    form = ReplyForm()
    try:
        moderator = db.session.get(User, parse_int("moderator_id",
                                                   request.form.get("moderator_id")))
    except BadInput:
        moderator = None  # the form comes back with the message below and the typed text
    kind = request.form.get("kind", "reply")
    if moderator is None or not form.validate_on_submit():
        flash(_("Choose a moderator and write the message."), "error")
        return _render_thread(thread, form, None, 400)
    done = attempt(form, actions.submit_reply, thread, author=current_user,
                   body=form.body.data, key=form.submission_key.data, kind=kind,
                   for_moderator=moderator, field="body")
    if not done:
        return _render_thread(thread, form, None, done.status)
    post, _created = done.value
    flash(_("Posted on behalf of %(name)s as #%(number)s.", name=moderator.display_name,
            number=post.number))
    return redirect(url_for("forums.post", post_id=post.id))


@bp.route("/forums/<slug>/watch", methods=["POST"])
@bp.route("/threads/<int:thread_id>/watch", methods=["POST"])
@login_required
def watch(slug: str | None = None, thread_id: int | None = None):
    form = WatchForm()
    if not form.validate_on_submit():
        abort(400)
    if slug:
        forum = _forum(slug)
        actions.watch(current_user, forum=forum, mode=form.mode.data)
        flash(_("You are watching this forum."))
        return redirect(url_for("forums.home", slug=slug))
    thread = db.session.get(Thread, thread_id)
    if thread is None or not queries.thread_is_visible(thread, current_user):
        abort(404)  # a thread awaiting moderation answers like a missing one
    actions.watch(current_user, thread=thread, mode=form.mode.data)
    flash(_("You are watching this thread."))
    return redirect(url_for("forums.thread", thread_id=thread.id))


@bp.route("/unwatch/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the credential; RFC 8058 clients POST without a form
def unwatch(token: str):
    """The signed link in every watch email: a page with one button (a GET never writes);
    mail clients that support one-click unsubscribe POST here directly (RFC 8058)."""
    found = read_token(token, "unwatch")
    item = db.session.get(Watch, found[1].get("watch")) if found else None
    if item is None or item.user_id != found[0].id:
        return render_template("auth/link_invalid.html"), 400
    if request.method == "POST":
        actions.unwatch(item)
        return render_template("threads/unwatched.html")
    return render_template("threads/unwatch.html", form=ButtonForm(), token=token)


@bp.route("/watches/<int:watch_id>/delete", methods=["POST"])
@login_required
def stop_watching(watch_id: int):
    item = db.session.get(Watch, watch_id)
    if item is None or item.user_id != current_user.id or not ButtonForm().validate_on_submit():
        abort(404)
    actions.unwatch(item)
    flash(_("You stopped watching."))
    return redirect(url_for("auth.account"))
from forum.threads import views_reads  # noqa: E402,F401  (routes on the same blueprint)
