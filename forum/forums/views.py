"""Public reading: the list of forums, a forum's home page, threads and posts."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.extensions import db
from forum.forums import pagecache, queries, usercache
from forum.forums.contents import LONG_THREAD, Contents, by_country, thread_contents
from forum.forums.fragments import ThreadKey, public_articles
from forum.i18n import use_forum_language
from forum.inputs import MAX_PAGE, query_int
from forum.models import Post, Thread
from forum.permissions import can_moderate, can_open_thread, posting_closed_reason
from forum.threads import reads
from forum.threads.forms import ReplyForm
from forum.visibility import may_see_post, visible_posts_clause

bp = Blueprint("forums", __name__)


@bp.route("/")
def index():
    return render_template("forums/index.html", forums=queries.forums_list())


@bp.route("/forums/<slug>")
def home(slug: str):
    forum = queries.forum_by_slug(slug) or abort(404)
    return render_template(
        "forums/home.html",
        forum=forum,
        figures=queries.participation(forum.id),
        threads=queries.threads_of(forum, current_user),
        may_open_thread=can_open_thread(current_user, forum),
        may_moderate=can_moderate(current_user, forum),
    )


def _thread_or_404(thread_id: int) -> Thread:
    thread = queries.thread_with_forum(thread_id, with_topic=current_user.is_authenticated)
    if thread is None:
        abort(404)
    # Known before anything is rendered: the cached articles and pages are keyed by the
    # interface language, whose last fallback is the forum's (forum/i18n).
    use_forum_language(thread.forum.language)
    return thread


def _page_args() -> tuple[int, int]:
    return (query_int("page", 1, maximum=MAX_PAGE),
            query_int("per_page", 200, maximum=200))


@bp.route("/threads/<int:thread_id>")
def thread(thread_id: int):
    thread = _thread_or_404(thread_id)
    page, per_page = _page_args()
    if can_moderate(current_user, thread.forum):
        posts, total = queries.page_of(queries.thread_posts_query(thread, current_user),
                                       page, per_page)
        if total == 0:
            abort(404)
        return _render_thread(thread, posts, page, per_page, total, may_moderate=True,
                              toc=_contents(thread, total, moderates=True))
    # Approved posts as cached articles (forum/forums/fragments.py): the same HTML,
    # without rendering each post's template on every request.
    public = queries.public_page(thread, current_user, page, per_page)
    if public.total == 0:
        abort(404)  # e.g. a participant's thread still awaiting moderation
    toc = _contents(thread, public.total, moderates=False)

    def render() -> str:
        key = ThreadKey(tuple(thread.questions or ()), thread.title)
        posts = public_articles(public.rows, key, public.own)
        return _render_thread(thread, posts, page, per_page, public.total,
                              may_moderate=False, toc=toc)

    if pagecache.serves(thread):  # anonymous readers: the whole page, keyed by its inputs
        return pagecache.page(thread, public.rows, public.total, page, per_page, render,
                              extra=toc)
    if usercache.serves(thread, public.own):  # participants: theirs, keyed by its inputs
        closed_reason = posting_closed_reason(current_user, thread)
        # Read in the page's own statement (past the last page there is no row to carry it).
        reading = public.reading if public.rows else reads.thread_state(thread, current_user)

        def render_own() -> tuple[str, str | None]:
            form = ReplyForm() if not closed_reason else None
            key = ThreadKey(tuple(thread.questions or ()), thread.title)
            posts = public_articles(public.rows, key, public.own)
            html = _render_thread(thread, posts, page, per_page, public.total,
                                  may_moderate=False, toc=toc, form=form,
                                  closed_reason=closed_reason, reading=reading)
            return html, form.submission_key.data if form else None

        return usercache.page(thread, public.rows, public.total, page, per_page,
                              tuple(reading) if reading else None, closed_reason, render_own,
                              extra=toc)
    return render()


def _contents(thread: Thread, total: int, *, moderates: bool) -> Contents:
    """The thread's participants and latest post; a thread of one post has no contents."""
    return (thread_contents(thread, current_user, moderates=moderates) if total > 1
            else Contents((), None))


_UNSET = object()


def _render_thread(thread: Thread, posts: list, page: int, per_page: int, total: int, *,
                   may_moderate: bool, toc: Contents, form: object = _UNSET,
                   closed_reason: str | None = None, reading: object = _UNSET) -> str:
    if closed_reason is None:
        closed_reason = posting_closed_reason(current_user, thread)
    # Signed-in readers only: what is new to them (never part of the anonymous page cache,
    # which does not serve them; see forum/forums/pagecache.py).
    if reading is _UNSET:
        reading = reads.thread_state(thread, current_user)
    jump = None
    if reading and reading.opened and reading.first_unread:
        jump = unread_url(thread, reading.first_unread, per_page, total)
    last_page = page * per_page >= total
    if form is _UNSET:
        form = ReplyForm() if not closed_reason else None
    return render_template(
        "forums/thread.html",
        forum=thread.forum,
        thread=thread,
        posts=posts,
        page=page,
        per_page=per_page,
        total=total,
        form=form,
        closed_reason=closed_reason,
        may_moderate=may_moderate,
        post_max=current_app.config["POST_MAX_CHARS"],
        reading=reading,
        jump=jump,
        # Reaching the thread's last page marks it read (a POST the page's script sends:
        # a GET never writes), through the newest post the page was rendered with.
        mark_through=reading.newest if reading and last_page and (
            reading.unread or not reading.opened) else None,
        groups=by_country(toc.participants) if len(toc.participants) > 1 else [],
        long_thread=total >= LONG_THREAD,
        latest=_at(thread, toc.latest_id, total, per_page, total) if toc.latest_id else None,
        first_post_url=lambda person: _at(thread, person.first_id, person.first_position,
                                          per_page, total),
    )


def _at(thread: Thread, post_id: int, position: int, per_page: int, total: int) -> str:
    """The address of the post at `position` (from 1) in the thread: its page when the
    thread has several, and its anchor."""
    if total <= per_page:
        return f"#post-{post_id}"
    page = (position - 1) // per_page + 1
    args = {"page": page, "per_page": per_page} if page > 1 or per_page != 200 else {}
    return url_for("forums.thread", thread_id=thread.id, **args) + f"#post-{post_id}"


def unread_url(thread: Thread, post_id: int, per_page: int = 200,
               total: int | None = None) -> str:
    """The address of post `post_id` in the thread: its page (when there may be several)
    and its anchor."""
    paged = total is None or total > per_page
    page = reads.page_of_post(thread, current_user, post_id, per_page) if paged else 1
    args = {"page": page, "per_page": per_page} if page > 1 else {}
    return url_for("forums.thread", thread_id=thread.id, **args) + f"#post-{post_id}"


@bp.route("/threads/<int:thread_id>/print")
def thread_print(thread_id: int):
    thread = _thread_or_404(thread_id)
    posts = db.session.scalars(
        queries.thread_posts_query(thread, None)  # printer-friendly: the public record only
    ).all()
    if not posts:
        abort(404)
    return render_template("forums/print.html", forum=thread.forum, thread=thread, posts=posts)


@bp.route("/posts/<int:post_id>")
def post(post_id: int):
    post = db.session.get(Post, post_id)
    if post is None or not may_see_post(current_user, post):
        abort(404)
    # The page it is on (a thread of more than one page), then its anchor.
    return redirect(unread_url(post.thread, post.id))


@bp.route("/n/<int:number>")
def by_number(number: int):
    post_id = db.session.scalar(
        select(Post.id).where(Post.number == number, visible_posts_clause(current_user))
    )
    if post_id is None:
        abort(404)
    return redirect(url_for("forums.post", post_id=post_id))
