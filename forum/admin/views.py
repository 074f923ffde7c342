"""The Secretariat's pages: forums, topics, windows, moderators, accreditation, audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.admin import actions
from forum.admin import audit_log as audit_rows
from forum.admin.forms import ExtendForm, ForumForm, PersonForm, TopicForm
from forum.auth.actions import find_user_by_email
from forum.auth.forms import ButtonForm
from forum.extensions import db
from forum.forums.queries import forum_by_slug, forums_list
from forum.inputs import MAX_PAGE, query_int
from forum.models import Accreditation, AuditEntry, Forum, User
from forum.permissions import can_administer
from forum.web import attempt

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _secretariat_only():
    if not can_administer(current_user):
        abort(403)


def _forum(slug: str) -> Forum:
    return forum_by_slug(slug) or abort(404)


@bp.route("/", methods=["GET", "POST"])
def index():
    form = ForumForm()
    status = 200
    if form.validate_on_submit():
        created = attempt(
            form, actions.create_forum,
            acting_user=current_user, slug=form.slug.data, title=form.title.data,
            objective=form.objective.data or "", language=form.language.data,
            opens_at=form.opens_at.data, closes_at=form.closes_at.data,
            posting=form.posting.data,
            participants_may_open_threads=form.participants_may_open_threads.data,
        )
        if created:
            flash(_("The forum was created. Add its topics and moderators."))
            return redirect(url_for("admin.forum", slug=created.value.slug))
        status = created.status
    elif request.method == "POST":
        status = 400
    return render_template("admin/index.html", forums=forums_list(), form=form), status


def _render_forum(forum: Forum, status: int = 200, **forms):
    accredited = db.session.scalars(
        select(Accreditation).where(Accreditation.forum_id == forum.id)
        .options(selectinload(Accreditation.user)).order_by(Accreditation.id)
    ).all()
    settings = forms.get("settings") or ForumForm(obj=forum)
    return render_template(
        "admin/forum.html", forum=forum, settings=settings,
        topic_form=forms.get("topic_form") or TopicForm(prefix="topic"),
        person_form=PersonForm(prefix="person"),
        extend_form=forms.get("extend_form") or ExtendForm(prefix="ext"),
        accredited=accredited, button=ButtonForm(),
    ), status


@bp.route("/forums/<slug>", methods=["GET", "POST"])
def forum(slug: str):
    forum = _forum(slug)
    if request.method == "GET":
        return _render_forum(forum)
    form = ForumForm()
    # The slug is the forum's address: it does not change, and the settings form does not
    # send it (requiring it made every save fail with an error on a field not shown).
    del form.slug
    if not form.validate_on_submit():
        return _render_forum(forum, 400, settings=form)
    saved = attempt(
        form, actions.update_forum,
        forum, acting_user=current_user, title=form.title.data,
        objective=form.objective.data or "", language=form.language.data,
        opens_at=form.opens_at.data, closes_at=form.closes_at.data,
        posting=form.posting.data,
        participants_may_open_threads=form.participants_may_open_threads.data,
    )
    if not saved:
        return _render_forum(forum, saved.status, settings=form)
    flash(_("Saved."))
    return redirect(url_for("admin.forum", slug=slug))


@bp.route("/forums/<slug>/window/<action>", methods=["POST"])
def window(slug: str, action: str):
    forum = _forum(slug)
    form = ExtendForm(prefix="ext") if action == "extend" else ButtonForm()
    if action not in ("open", "close", "extend"):
        abort(404)
    if not form.validate_on_submit():
        return _render_forum(forum, 400, extend_form=form) if action == "extend" else abort(400)
    if action == "extend":
        done = attempt(form, actions.extend, forum, acting_user=current_user,
                       until=form.until.data, reason=form.reason.data or "")
    else:
        change = actions.open_now if action == "open" else actions.close_now
        done = attempt(None, change, forum, acting_user=current_user)
    if not done:
        return _render_forum(forum, done.status,
                             **({"extend_form": form} if action == "extend" else {}))
    flash({"open": _("The forum is open."), "close": _("The forum is closed."),
           "extend": _("The forum's window was extended.")}[action])
    return redirect(url_for("admin.forum", slug=slug))


@bp.route("/forums/<slug>/topics", methods=["POST"])
def add_topic(slug: str):
    forum = _forum(slug)
    form = TopicForm(prefix="topic")
    if not form.validate_on_submit():
        return _render_forum(forum, 400, topic_form=form)
    added = attempt(form, actions.add_topic, forum, acting_user=current_user,
                    title=form.title.data, description=form.description.data or "",
                    opens_at=form.opens_at.data, closes_at=form.closes_at.data)
    if not added:
        return _render_forum(forum, added.status, topic_form=form)
    flash(_("Topic added."))
    return redirect(url_for("admin.forum", slug=slug))


@bp.route("/forums/<slug>/people/<role>", methods=["POST"])
def add_person(slug: str, role: str):
    forum = _forum(slug)
    form = PersonForm(prefix="person")
    user = find_user_by_email(form.email.data or "") if form.validate_on_submit() else None
    if user is None:
        flash(_("No account uses that email address."), "error")
        return redirect(url_for("admin.forum", slug=slug))
    if role == "moderator":
        actions.assign_moderator(forum, user, acting_user=current_user)
        flash(_("%(display_name)s moderates this forum.", display_name=user.display_name))
    elif role == "participant":
        actions.accredit(forum, user, acting_user=current_user)
        flash(_("%(display_name)s is accredited.", display_name=user.display_name))
    else:
        abort(404)
    return redirect(url_for("admin.forum", slug=slug))


@bp.route("/forums/<slug>/people/<role>/<int:user_id>/remove", methods=["POST"])
def remove_person(slug: str, role: str, user_id: int):
    forum = _forum(slug)
    user = db.session.get(User, user_id) or abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    if role == "moderator":
        actions.remove_moderator(forum, user, acting_user=current_user)
    elif role == "participant":
        actions.withdraw_accreditation(forum, user, acting_user=current_user)
    else:
        abort(404)
    flash(_("Removed."))
    return redirect(url_for("admin.forum", slug=slug))


@bp.route("/audit")
def audit_log():
    page = query_int("page", 1, maximum=MAX_PAGE)
    query = select(AuditEntry).options(selectinload(AuditEntry.actor))
    slug = request.args.get("forum")
    forum = None
    if slug:
        forum = _forum(slug)
        query = query.where(AuditEntry.forum_id == forum.id)
    actor = None
    actor_id = query_int("actor", None)
    if actor_id:
        actor = db.session.get(User, actor_id) or abort(404)
        query = query.where(AuditEntry.actor_id == actor.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    entries = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(100)
        .offset((page - 1) * 100)
    ).all()
    return render_template("admin/audit.html", rows=audit_rows.rows(list(entries)), page=page,
                           total=total, slug=slug, log_forum=forum, actor=actor)
