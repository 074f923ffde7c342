"""Suggested tags: a moderator confirms, reply by reply, the subsection the digest should
place an untagged reply in (synthesis/stages/suggest.py makes the suggestions).

Nested in the digest blueprint: endpoints `digest.tags.*`, under /digest/<slug>/tags.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import HiddenInput

from forum.digest import access, queries
from forum.extensions import db
from forum.models import Post
from forum.moderation.actions import set_tags

bp = Blueprint("tags", __name__, url_prefix="/<slug>/tags")


class ConfirmTagForm(FlaskForm):
    post = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    tag = HiddenField(validators=[InputRequired(), Length(max=60)])


@bp.route("")
@login_required
def page(slug: str):
    forum = access.for_moderators(slug)
    suggestions, error = queries.tag_suggestions(forum)
    return render_template("digest/tags.html", forum=forum, suggestions=suggestions,
                           error=error, form=ConfirmTagForm())


@bp.route("", methods=["POST"])
@login_required
def confirm(slug: str):
    forum = access.for_moderators(slug)
    form = ConfirmTagForm()
    if not form.validate_on_submit():
        abort(400)
    post = db.session.get(Post, form.post.data) if abs(form.post.data) < 2**31 else None
    if post is None or post.forum_id != forum.id or post.state != "approved":
        abort(404)
    tag = form.tag.data.strip().lower()
    set_tags(post, acting_user=current_user, names=[t.name for t in post.tags] + [tag])
    flash(_("Post #%(n)s is tagged “%(tag)s”.", n=post.number, tag=tag) if post.number
          else _("Post %(id)s is tagged “%(tag)s”.", id=post.id, tag=tag))
    return redirect(url_for("digest.tags.page", slug=forum.slug))
