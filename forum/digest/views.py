"""The digest pages: the Secretariat and the forum's moderators read drafts."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from forum.digest.generate import render, report_for
from forum.digest.render_html import PRINT_CSS
from forum.digest.settings import SettingsError
from forum.forums.queries import forum_by_slug
from forum.permissions import can_read_digest_drafts

bp = Blueprint("digest", __name__, url_prefix="/digest")


def _forum(slug: str):
    forum = forum_by_slug(slug) or abort(404)
    if not can_read_digest_drafts(current_user, forum):
        abort(403)
    return forum


@bp.route("/<slug>")
@login_required
def draft(slug: str):
    forum = _forum(slug)
    words = request.args.get("words", type=int)
    try:
        report = report_for(forum, words=words)
    except SettingsError as error:
        return render_template("digest/draft.html", forum=forum, error=str(error),
                               article=None, css=PRINT_CSS), 400
    return render_template("digest/draft.html", forum=forum, error=None, words=words,
                           article=render(report, "html", standalone=False), css=PRINT_CSS)


@bp.route("/<slug>/download.<fmt>")
@login_required
def download(slug: str, fmt: str):
    forum = _forum(slug)
    if fmt not in ("md", "html"):
        abort(404)
    try:
        report = report_for(forum, words=request.args.get("words", type=int))
    except SettingsError as error:
        abort(400, str(error))
    mime = "text/markdown" if fmt == "md" else "text/html"
    return Response(render(report, fmt), mimetype=f"{mime}; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{forum.slug}-digest-draft.{fmt}"'})
