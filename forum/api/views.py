"""API routes. The same rules as the pages: nothing pending leaks, every action checks
the role (CONTRACTS.md, JSON API)."""

from __future__ import annotations

from flask import jsonify, request, url_for
from sqlalchemy import select

from forum.admin import actions as admin
from forum.api import bp, serialize
from forum.api.auth import current, require_user
from forum.api.errors import ApiError, validation
from forum.auth.actions import find_user_by_email
from forum.clock import parse_iso
from forum.extensions import db
from forum.forums import queries
from forum.models import Forum, Post, Thread, Topic
from forum.moderation import actions as moderation
from forum.moderation.queries import pending_queue
from forum.permissions import can_moderate
from forum.refusals import Refused
from forum.threads import actions as writing
from forum.visibility import may_see_post

# Ids are 32-bit integer columns; a larger id names nothing (and would overflow the query).
MAX_ID = 2**31 - 1
MAX_PAGE = 2**31 - 1


def _json() -> dict:
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "bad_request", "The body must be valid JSON.")
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "The body must be a JSON object.")
    return data


def _text(data: dict, name: str, *, required: bool = True, max_len: int = 300) -> str:
    value = data.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise validation(f"'{name}' is required and must be a non-empty string.", name)
    if "\x00" in value:  # PostgreSQL text cannot hold NUL
        raise validation(f"'{name}' must not contain NUL characters.", name)
    if len(value) > max_len:
        raise validation(f"'{name}' is longer than {max_len} characters.", name)
    return value


def _time(data: dict, name: str):
    try:
        return parse_iso(data.get(name))
    except (TypeError, ValueError):
        raise validation(f"'{name}' must be an ISO 8601 time.", name) from None


def _paging() -> tuple[int, int]:
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 50))
    except ValueError:
        raise ApiError(400, "bad_request", "page and per_page must be integers.") from None
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= 200:
        raise ApiError(400, "bad_request", f"1 <= page <= {MAX_PAGE} and 1 <= per_page <= 200.")
    return page, per_page


def _listing(query, render) -> dict:
    page, per_page = _paging()
    items, total = queries.page_of(query, page, per_page)
    return {"items": [render(i) for i in items], "page": page, "per_page": per_page,
            "total": total}


def _get(model, ident: int):
    """The row with this id, or None (also for ids no row can have)."""
    return db.session.get(model, ident) if 0 < ident <= MAX_ID else None


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and (not 1 <= len(key) <= 80 or "\x00" in key):
        raise validation("Idempotency-Key must have 1 to 80 characters (no NUL).",
                         "Idempotency-Key")
    return key


def _forum(slug: str) -> Forum:
    forum = queries.forum_by_slug(slug) if "\x00" not in slug else None
    if forum is None:
        raise ApiError(404, "not_found", "No such forum.")
    return forum


def _refused(error: Refused) -> ApiError:
    """The API's form of a refusal by an action (admin, posting): same status, CONTRACTS codes."""
    code = "validation_error" if error.status in (400, 422) else error.code
    return ApiError(422 if error.status == 400 else error.status, code, str(error), error.field)


@bp.get("/forums")
def list_forums():
    return jsonify(_listing(select(Forum).order_by(Forum.opens_at.desc(), Forum.id),
                            serialize.forum))


@bp.get("/forums/<slug>")
def get_forum(slug: str):
    return jsonify(serialize.forum(_forum(slug)))


@bp.post("/forums")
def create_forum():
    user = require_user()
    data = _json()
    try:
        forum = admin.create_forum(
            acting_user=user, slug=_text(data, "slug", max_len=64),
            title=_text(data, "title"), opens_at=_time(data, "opens_at"),
            closes_at=_time(data, "closes_at"),
            objective=_text(data, "objective", required=False, max_len=20000),
            language=_text(data, "language", required=False, max_len=10) or "en",
            posting=_text(data, "posting", required=False, max_len=20) or "registered",
        )
    except admin.AdminError as error:
        raise _refused(error) from None
    return jsonify(serialize.forum(forum)), 201, {
        "Location": url_for("api.get_forum", slug=forum.slug)}


def _person_from(data: dict):
    email = _text(data, "email", max_len=254)
    user = find_user_by_email(email)
    if user is None:
        raise validation("No account uses that email address.", "email")
    return user


@bp.post("/forums/<slug>/moderators")
def add_moderator(slug: str):
    user = require_user()
    forum = _forum(slug)
    data = _json()
    try:
        admin._require(user)
        person = _person_from(data)
        admin.assign_moderator(forum, person, acting_user=user)
    except admin.AdminError as error:
        raise _refused(error) from None
    return jsonify({"id": person.id, "forum": forum.slug, "role": "moderator"}), 201


@bp.post("/forums/<slug>/participants")
def accredit(slug: str):
    user = require_user()
    forum = _forum(slug)
    data = _json()
    try:
        admin._require(user)
        person = _person_from(data)
        admin.accredit(forum, person, acting_user=user)
    except admin.AdminError as error:
        raise _refused(error) from None
    return jsonify({"id": person.id, "forum": forum.slug, "accredited": True}), 201


@bp.post("/forums/<slug>/topics")
def add_topic(slug: str):
    user = require_user()
    forum = _forum(slug)
    data = _json()
    if not can_moderate(user, forum):  # the forum's moderators too (CONTRACTS.md)
        raise ApiError(403, "forbidden", "Only this forum's moderators may add topics.")
    try:
        opens = _time(data, "opens_at") if data.get("opens_at") is not None else None
        closes = _time(data, "closes_at") if data.get("closes_at") is not None else None
        topic = admin.add_topic(forum, acting_user=user, title=_text(data, "title"),
                                description=_text(data, "description", required=False,
                                                  max_len=20000),
                                opens_at=opens, closes_at=closes)
    except admin.AdminError as error:
        raise _refused(error) from None
    return jsonify(serialize.topic(topic)), 201


@bp.get("/forums/<slug>/threads")
def list_threads(slug: str):
    forum = _forum(slug)
    visible = queries.visible_posts_clause(current(), forum)
    query = (select(Thread).where(Thread.forum_id == forum.id,
                                  Thread.id.in_(select(Post.thread_id).where(visible)))
             .order_by(Thread.created_at, Thread.id))
    return jsonify(_listing(query, serialize.thread))


@bp.post("/forums/<slug>/threads")
def open_thread(slug: str):
    user = require_user()
    forum = _forum(slug)
    data = _json()
    topic = None
    if data.get("topic_id") is not None:
        topic_id = data["topic_id"]
        topic = _get(Topic, topic_id) if isinstance(topic_id, int) and not isinstance(
            topic_id, bool) else None
        if topic is None or topic.forum_id != forum.id:
            raise validation("No such topic in this forum.", "topic_id")
    questions = data.get("questions")
    questions = [] if questions is None else questions
    if not isinstance(questions, list) or not all(
            isinstance(q, str) and "\x00" not in q for q in questions):
        raise validation("'questions' must be a list of strings.", "questions")
    try:
        thread = writing.open_thread(
            forum, author=user, title=_text(data, "title"),
            body=_text(data, "body", max_len=20000), topic=topic, questions=questions,
            key=_idempotency_key(),
        )
    except writing.PostingError as error:
        raise _refused(error) from None
    return jsonify(serialize.thread(thread)), 201


def _visible_thread(thread_id: int) -> Thread:
    """The thread, if the caller sees at least one of its posts (else it does not exist)."""
    thread = _get(Thread, thread_id)
    if thread is None or not queries.thread_is_visible(thread, current()):
        raise ApiError(404, "not_found", "No such thread.")
    return thread


@bp.get("/threads/<int:thread_id>/posts")
def list_posts(thread_id: int):
    thread = _visible_thread(thread_id)
    viewer = current()
    query = queries.thread_posts_query(thread, viewer)
    moderator = can_moderate(viewer, thread.forum)
    return jsonify(_listing(query, lambda p: serialize.post(p, with_moderation=moderator)))


@bp.post("/threads/<int:thread_id>/posts")
def create_post(thread_id: int):
    user = require_user()
    thread = _visible_thread(thread_id)
    data = _json()
    body = _text(data, "body", max_len=10**6)
    from flask import current_app

    if len(body) > current_app.config["POST_MAX_CHARS"]:
        raise validation(f"'body' is longer than {current_app.config['POST_MAX_CHARS']} "
                         "characters.", "body")
    key = _idempotency_key()
    try:
        post, created = writing.submit_reply(thread, author=user, body=body, key=key)
    except writing.PostingError as error:
        raise _refused(error) from None
    return jsonify(serialize.post(post)), 201 if created else 200


@bp.get("/posts/<int:post_id>")
def get_post(post_id: int):
    post = _get(Post, post_id)
    if post is None or not may_see_post(current(), post):
        raise ApiError(404, "not_found", "No such post.")
    return jsonify(serialize.post(post, with_moderation=can_moderate(current(), post.forum)))


@bp.get("/forums/<slug>/queue")
def queue(slug: str):
    user = require_user()
    forum = _forum(slug)
    if not can_moderate(user, forum):
        raise ApiError(403, "forbidden", "Only this forum's moderators see its queue.")
    items = pending_queue(forum)
    page, per_page = _paging()
    chunk = items[(page - 1) * per_page: page * per_page]
    return jsonify({"items": [serialize.post(p, with_moderation=True) for p in chunk],
                    "page": page, "per_page": per_page, "total": len(items)})


def _moderated_post(post_id: int) -> Post:
    user = require_user()
    post = _get(Post, post_id)
    if post is None or not may_see_post(user, post):
        raise ApiError(404, "not_found", "No such post.")
    if not can_moderate(user, post.forum):
        raise ApiError(403, "forbidden", "Only this forum's moderators may do that.")
    return post


def _moderation_error(error: moderation.ModerationError) -> ApiError:
    code = {403: "forbidden", 409: "conflict"}.get(error.status, "validation_error")
    return ApiError(error.status if error.status != 400 else 422, code, str(error),
                    "reason" if code == "validation_error" else None)


@bp.post("/posts/<int:post_id>/approve")
def approve(post_id: int):
    post = _moderated_post(post_id)
    data = request.get_json(silent=True) if request.data else {}
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "The body must be a JSON object.")
    version = data.get("version", post.version)
    if not isinstance(version, int) or isinstance(version, bool) or abs(version) > MAX_ID:
        raise validation("'version' must be an integer.", "version")
    try:
        moderation.approve_post(post, acting_user=require_user(), version=version)
    except moderation.ModerationError as error:
        raise _moderation_error(error) from None
    return jsonify(serialize.post(post, with_moderation=True))


@bp.post("/posts/<int:post_id>/reject")
def reject(post_id: int):
    post = _moderated_post(post_id)
    data = _json()
    reason = _text(data, "reason", max_len=2000)
    try:
        moderation.reject_post(post, acting_user=require_user(), reason=reason)
    except moderation.ModerationError as error:
        raise _moderation_error(error) from None
    return jsonify(serialize.post(post, with_moderation=True))
