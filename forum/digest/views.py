"""The digest pages: the Secretariat shapes and publishes drafts, the forum's moderators read
them, and anyone reads published versions. Review rounds: forum/digest/review_views.py;
the settings page: forum/digest/settings_views.py."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup

from forum.digest import access, actions, generate, queries
from forum.digest.forms import (
    EditForm,
    MoveForm,
    ParagraphForm,
    PublishForm,
    ReviewCloseForm,
    ReviewOpenForm,
)
from forum.digest.review import comments_of, open_review, place_comments
from forum.digest.review_views import bp as review_bp
from forum.digest.settings_views import bp as settings_bp
from forum.digest.tags_views import bp as tags_bp
from forum.inputs import query_int
from forum.jobs.actions import request_digest
from forum.models import DigestReview, Forum
from forum.permissions import can_administer, may_review
from forum.web import attempt
from synthesis.languages import strings
from synthesis.overrides import Draft, locate, to_markdown
from synthesis.render.annex import annex_html, pictures_as_images
from synthesis.render.html import PRINT_CSS, render_html, wording_marks
from synthesis.render.markdown import render_markdown
from synthesis.render.pdf import PdfUnavailable
from synthesis.serial import report_from_dict
from synthesis.types import Annex, Report

bp = Blueprint("digest", __name__, url_prefix="/digest")
bp.register_blueprint(review_bp)
bp.register_blueprint(settings_bp)
bp.register_blueprint(tags_bp)

DRAFT_REFRESH_SECONDS = 5
MIME = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf"}


@bp.app_context_processor
def _published_digests() -> dict:
    # For the forum's public home page (templates/digest/_versions.html).
    return {"published_digests": queries.published_versions,
            "digest_review_for": _review_for, "digest_annex": _annex,
            "digest_wording": _wording, "digest_item_label": _item_label}


def _item_label(report: Report, letter: str) -> str:
    """"(a)" in most languages, "a)" in French and Spanish documents (the report's own)."""
    return strings.t(report.language, "item_label", letter=letter)


def _wording(report: Report) -> Markup:
    """`lang` (and `dir`) for the report's own wording when another language's rules wrote
    it (the explicit English fallback), as the HTML download marks it."""
    return Markup(wording_marks(report))  # noqa: S704 (language codes, escaped by the engine)


def _annex(annex: Annex) -> Markup:
    """The report's annex as the downloads print it (digest/_article.html): pictures the
    engine checked (annex.drawable), every text escaped by it."""
    # As images: the site's Content-Security-Policy allows no inline <style>, which inline
    # SVG pictures carry (the HTML download keeps them inline).
    return Markup(annex_html(annex, svg_as_image=True))  # noqa: S704 (escaped by the engine)


def _review_for(forum: Forum) -> DigestReview | None:
    """The open review round a signed-in reader of the forum's home page may take part in."""
    if not current_user.is_authenticated or not may_review(current_user, forum):
        return None
    return open_review(forum)


def formats() -> tuple[str, ...]:
    """md and html always; docx and pdf once their renderers are installed."""
    known = getattr(generate, "FORMATS", ("md", "html"))
    binary = hasattr(generate, "render_bytes")
    return tuple(f for f in MIME if f in ("md", "html") or (binary and f in known))


def _file(report: Report, fmt: str, post_url: str) -> str | bytes:
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report, post_url)
    try:
        return generate.render_bytes(report, fmt, post_url=post_url)
    except PdfUnavailable:
        abort(503, "PDF output is not installed on this server.")


def _send(data: str | bytes, fmt: str, name: str) -> Response:
    return Response(data, content_type=MIME[fmt],  # mimetype= would add a second charset
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def _words() -> int | None:
    return query_int("words", None, minimum=0)


def _back(forum: Forum, words: int | None, key: str | None = None):
    anchor = f"#p-{key}" if key else ""
    return redirect(url_for("digest.draft", slug=forum.slug, words=words) + anchor)


def _render_draft(forum: Forum, words: int | None, draft: Draft | None, error: str | None,
                  status: int = 200):
    return render_template(
        "digest/draft.html", forum=forum, draft=draft, error=error, words=words,
        may_edit=can_administer(current_user), versions=queries.published_versions(forum),
        review=open_review(forum), open_form=ReviewOpenForm(), close_form=ReviewCloseForm(),
        reviewing=False,
        placed=place_comments(draft.report, comments_of(forum)) if draft else None,
        next_number=queries.next_version_number(forum), formats=formats(),
        publish_form=PublishForm(words=words), css=PRINT_CSS,
        cites=queries.citations(draft.report) if draft else None), status


@bp.route("/<slug>")
@login_required
def draft(slug: str):
    forum = access.for_draft_readers(slug)
    words = _words()
    if queries.generated_in_background(forum):
        found, problem = queries.ready_draft_or_problem(forum, words=words)
        if found is None and not problem:
            # A large forum's draft takes long to make: a job makes it, and this page
            # reloads itself (no script) until the draft is there.
            job = request_digest(forum, words)
            return render_template("digest/generating.html", forum=forum, words=words,
                                   job=job, refresh=DRAFT_REFRESH_SECONDS), 202
    else:
        found, problem = queries.draft_or_problem(forum, words=words)
    return _render_draft(forum, words, found, problem or None, 400 if problem else 200)


@bp.route("/<slug>/download.<fmt>")
@login_required
def download(slug: str, fmt: str):
    forum = access.for_draft_readers(slug)
    if fmt not in formats():
        abort(404)
    if queries.generated_in_background(forum) and \
            queries.ready_draft_or_problem(forum, words=_words()) == (None, ""):
        # Not made yet: the draft page enqueues the job and says when it is there.
        return redirect(url_for("digest.draft", slug=forum.slug, words=_words()))
    found = queries.draft_of(forum, words=_words())  # unusable settings: forum/errors.py
    return _send(_file(found.report, fmt, queries.draft_post_url()), fmt,
                 f"{forum.slug}-digest-draft")


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    forum = access.for_secretariat(slug)
    form = EditForm()
    if request.method == "GET":
        return _edit_page(forum, form, request.args.get("key", ""), _words())
    words, key = form.words.data, form.key.data or ""
    if not form.validate_on_submit():
        return _edit_page(forum, form, key, words, 400)
    saved = attempt(form, actions.edit_paragraph, forum, key, form.text.data,
                    acting_user=current_user, words=words, field="text")
    if not saved:
        return _edit_page(forum, form, key, words, saved.status)
    flash(_("The paragraph was saved."))
    return _back(forum, words, saved.value.key)


def _edit_page(forum: Forum, form: EditForm, key: str, words: int | None, status: int = 200):
    """The edit form beside the paragraph as generated; what was typed is never lost."""
    found = queries.draft_of(forum, words=words)
    place = locate(found.report, key)
    if request.method == "GET":
        if place is None:
            flash(str(actions.GONE), "error")
            return _back(forum, words)
        row = next((r for r in queries.override_rows(forum) if r.key == key), None)
        form.key.data = key
        form.text.data = row.text if row is not None and row.text is not None else (
            to_markdown(place[2], found.report.sentence_joiner))
    return render_template("digest/edit.html", forum=forum, form=form,
                           paragraph=place[2] if place else None,
                           generated=found.generated.get(key),
                           cites=queries.citations(found.report), words=words), status


def _paragraph_action(slug: str, form_class, do, done: object, *, stay: bool = False) -> Response:
    forum = access.for_secretariat(slug)
    form = form_class()
    if not form.validate_on_submit():
        abort(400)
    if attempt(None, do, forum, form):
        flash(str(done))
    return _back(forum, form.words.data, form.key.data if stay else None)


@bp.route("/<slug>/delete", methods=["POST"])
@login_required
def delete(slug: str):
    def do(forum: Forum, form: ParagraphForm) -> None:
        actions.delete_paragraph(forum, form.key.data, acting_user=current_user,
                                 words=form.words.data)

    return _paragraph_action(slug, ParagraphForm, do, _l("The paragraph was deleted; it is "
                             "listed under “Deleted paragraphs”."))


@bp.route("/<slug>/restore", methods=["POST"])
@login_required
def restore(slug: str):
    def do(forum: Forum, form: ParagraphForm) -> None:
        actions.restore_paragraph(forum, form.key.data, acting_user=current_user)

    return _paragraph_action(slug, ParagraphForm, do, _l("The paragraph was restored."),
                             stay=True)


@bp.route("/<slug>/revert", methods=["POST"])
@login_required
def revert(slug: str):
    def do(forum: Forum, form: ParagraphForm) -> None:
        actions.revert_paragraph(forum, form.key.data, acting_user=current_user)

    return _paragraph_action(slug, ParagraphForm, do, _l("Your edit was dropped: the paragraph "
                             "is printed as generated."))


@bp.route("/<slug>/move", methods=["POST"])
@login_required
def move(slug: str):
    def do(forum: Forum, form: MoveForm) -> None:
        actions.move_paragraph(forum, form.key.data, form.direction.data,
                               acting_user=current_user, words=form.words.data)

    return _paragraph_action(slug, MoveForm, do, _l("The paragraph was moved."), stay=True)


@bp.route("/<slug>/publish", methods=["POST"])
@login_required
def publish(slug: str):
    forum = access.for_secretariat(slug)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    published = attempt(None, actions.publish_digest, forum, acting_user=current_user,
                        words=form.words.data)
    if not published:
        return _back(forum, form.words.data)
    number = published.value.number
    flash(_("Version %(number)s is published.", number=number))
    return redirect(url_for("digest.version", slug=forum.slug, number=number))


def _published(slug: str, number: int):
    forum = access.forum_or_404(slug)
    return forum, queries.published_version(forum, number) or abort(404)


@bp.route("/<slug>/v/<int:number>")
def version(slug: str, number: int):
    forum, found = _published(slug, number)
    return render_template("digest/version.html", forum=forum, version=found,
                           article=pictures_as_images(found.article), formats=formats(),
                           css=PRINT_CSS)


@bp.route("/<slug>/v/<int:number>/download.<fmt>")
def version_download(slug: str, number: int, fmt: str):
    forum, found = _published(slug, number)
    if fmt not in formats():
        abort(404)
    if fmt in ("md", "html"):  # the frozen text, byte for byte
        data = found.markdown if fmt == "md" else found.html
    elif not found.report:  # imported from an archive without its report: text forms only
        abort(404)
    else:
        data = _file(report_from_dict(found.report), fmt, queries.published_post_url())
    return _send(data, fmt, f"{forum.slug}-digest-v{number}")
