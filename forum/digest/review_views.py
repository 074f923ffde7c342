"""The review round's pages: reviewers read the draft and comment; the Secretariat opens and
closes the round and marks comments addressed (on its draft page, forum/digest/views.py).

Nested in the digest blueprint: endpoints are `digest.review.*`, under /digest/<slug>/review.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum.digest import access, queries, review_actions
from forum.digest.forms import AddressedForm, CommentForm, ReviewCloseForm, ReviewOpenForm
from forum.digest.review import comments_of, open_review, place_comments
from forum.models import Forum
from forum.web import attempt
from synthesis.overrides import places
from synthesis.render.html import PRINT_CSS

bp = Blueprint("review", __name__, url_prefix="/<slug>/review")

HIDDEN = _l("No review round is open for this forum's digest.")


def _to_draft(forum: Forum, anchor: str = ""):
    return redirect(url_for("digest.draft", slug=forum.slug) + anchor)


def _label(p, place_title: str) -> str:
    words = " ".join(x.text for x in p.lines).split()
    start = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return f"paragraph {p.number} ({place_title}): {start}"


def _choices(report) -> list[tuple[str, str]]:
    titles = {"@intro": report.intro_heading}
    for section in report.sections:
        titles[section.key] = f"{section.numeral}. {section.title}"
        for sub in section.subsections:
            titles[f"{section.key}.{sub.key}"] = f"{section.numeral}.{sub.letter}. {sub.title}"
    return [("", "the whole draft")] + [(p.key, _label(p, titles.get(place, place)))
                                        for place, ps in places(report) for p in ps]


@bp.route("", methods=["GET", "POST"])
@login_required
def page(slug: str):
    """The draft as reviewers read it, with their own comments and the comment form."""
    forum = access.for_reviewers(slug)
    review = open_review(forum)
    if review is None:
        if request.method == "POST" and request.form.get("body"):
            # The round closed while they wrote: give the text back rather than lose it.
            return render_template("digest/review_closed.html", forum=forum,
                                   body=request.form["body"]), 409
        abort(404, str(HIDDEN))
    form = CommentForm()
    draft, problem = queries.draft_or_problem(forum)
    if draft is None:
        return _page(forum, review, None, form, problem, 400)
    form.key.choices = _choices(draft.report)
    if request.method == "GET":
        wanted = request.args.get("key", "")
        form.key.data = wanted if wanted in dict(form.key.choices) else ""
        return _page(forum, review, draft, form)
    if not form.validate_on_submit():
        return _page(forum, review, draft, form, status=400)
    sent = attempt(form, review_actions.comment_on_draft, forum, form.key.data or None,
                   form.body.data, acting_user=current_user, field="body")
    if not sent:
        return _page(forum, review, draft, form, status=sent.status)
    comment = sent.value
    flash(_("Thank you: your comment was sent to the Secretariat."))
    anchor = f"#p-{comment.key}" if comment.key else "#your-comments"
    return redirect(url_for("digest.review.page", slug=forum.slug) + anchor)


def _page(forum, review, draft, form, error: str | None = None, status: int = 200):
    mine = comments_of(forum, author=current_user)
    return render_template(
        "digest/review.html", forum=forum, review=review, draft=draft, form=form, error=error,
        placed=place_comments(draft.report, mine) if draft else None, reviewing=True,
        may_edit=False, words=None, css=PRINT_CSS,
        cites=queries.citations(draft.report) if draft else None), status


@bp.route("/open", methods=["POST"])
@login_required
def open_round(slug: str):
    forum = access.for_secretariat(slug)
    form = ReviewOpenForm()
    if not form.validate_on_submit():
        flash(_("Give the last day for comments as a date (YYYY-MM-DD), or leave it empty."),
              "error")
        return _to_draft(forum, "#review")
    # The last day is inclusive: the round ends when the next day begins (UTC).
    ends = form.ends_on.data
    ends_at = datetime.combine(ends + timedelta(days=1), time()) if ends else None
    if attempt(None, review_actions.open_review_round, forum, acting_user=current_user,
               ends_at=ends_at):
        flash(_("The review round is open; the forum's participants and moderators were told."))
    return _to_draft(forum, "#review")


@bp.route("/close", methods=["POST"])
@login_required
def close_round(slug: str):
    forum = access.for_secretariat(slug)
    if not ReviewCloseForm().validate_on_submit():
        abort(400)
    if attempt(None, review_actions.close_review_round, forum, acting_user=current_user):
        flash(_("The review round is closed; its comments stay on this page."))
    return _to_draft(forum, "#review")


@bp.route("/addressed", methods=["POST"])
@login_required
def addressed(slug: str):
    forum = access.for_secretariat(slug)
    form = AddressedForm()
    if not form.validate_on_submit():
        abort(400)
    # A refusal here reaches the app's handler (forum/errors.py) with its status.
    comment = review_actions.mark_comment_addressed(
        forum, form.comment.data, acting_user=current_user,
        addressed=form.addressed.data != "0")
    return _to_draft(forum, f"#comment-{comment.id}")
