"""API routes. The same rules as the pages: nothing pending leaks, every action checks
the role (CONTRACTS.md, JSON API)."""

from __future__ import annotations

from flask import current_app, jsonify, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.admin import actions as admin
from forum.api import bp, postlist, schemas, serialize
from forum.api.auth import current, require_user
from forum.api.errors import ApiError, validation
from forum.api.inputs import header, json_body, parse_time, query
from forum.auth.actions import find_user_by_email
from forum.extensions import db
from forum.forums import queries
from forum.inputs import MAX_INT
from forum.models import Forum, Post, Thread, Topic
from forum.moderation import actions as moderation
from forum.moderation.queries import pending_queue
from forum.permissions import can_moderate
from forum.threads import actions as writing
from forum.threads import reads
from forum.visibility import may_see_post


def _time(value: str | None):
    """A date-time the schema has already checked (None stays None)."""
    return parse_time(value) if value is not None else None


def _paging() -> tuple[int, int]:
    given = query(schemas.PAGING)
    return given.get("page", 1), given.get("per_page", 50)


def _listing(query, render) -> dict:
    page, per_page = _paging()
    items, total = queries.page_of(query, page, per_page)
    return {"items": [render(i) for i in items], "page": page, "per_page": per_page,
            "total": total}


def _get(model, ident: int):
    """The row with this id, or None (also for ids no row can have)."""
    return db.session.get(model, ident) if 0 < ident <= MAX_INT else None


def _idempotency_key() -> str | None:
    return header("Idempotency-Key", schemas.IDEMPOTENCY_KEY)


def _forum(slug: str) -> Forum:
    forum = queries.forum_by_slug(slug)
    if forum is None:
        raise ApiError(404, "not_found", _l("No such forum."))
    return forum


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
    data = json_body(schemas.forum_create())
    forum = admin.create_forum(
        acting_user=user, slug=data["slug"], title=data["title"],
        opens_at=_time(data["opens_at"]), closes_at=_time(data["closes_at"]),
        objective=data.get("objective") or "", language=data.get("language") or "en",
        posting=data.get("posting") or "registered",
    )
    return jsonify(serialize.forum(forum)), 201, {
        "Location": url_for("api.get_forum", slug=forum.slug)}


def _person_from(data: dict):
    user = find_user_by_email(data["email"])
    if user is None:
        raise validation(_l("No account uses that email address."), "email")
    return user


@bp.post("/forums/<slug>/moderators")
def add_moderator(slug: str):
    user = require_user()
    forum = _forum(slug)
    admin._require(user)  # a 403 before any word about the body
    person = _person_from(json_body(schemas.person()))
    admin.assign_moderator(forum, person, acting_user=user)
    return jsonify({"id": person.id, "forum": forum.slug, "role": "moderator"}), 201


@bp.post("/forums/<slug>/participants")
def accredit(slug: str):
    user = require_user()
    forum = _forum(slug)
    admin._require(user)  # a 403 before any word about the body
    person = _person_from(json_body(schemas.person()))
    admin.accredit(forum, person, acting_user=user)
    return jsonify({"id": person.id, "forum": forum.slug, "accredited": True}), 201


@bp.post("/forums/<slug>/topics")
def add_topic(slug: str):
    user = require_user()
    forum = _forum(slug)
    if not can_moderate(user, forum):  # the forum's moderators too (CONTRACTS.md)
        raise ApiError(403, "forbidden", _l("Only this forum's moderators may add topics."))
    data = json_body(schemas.topic_create())
    topic = admin.add_topic(forum, acting_user=user, title=data["title"],
                            description=data.get("description") or "",
                            opens_at=_time(data.get("opens_at")),
                            closes_at=_time(data.get("closes_at")))
    return jsonify(serialize.topic(topic)), 201


@bp.get("/forums/<slug>/threads")
def list_threads(slug: str):
    """The forum page's list: each thread with its count of visible messages, its latest
    post and, for the token's user, what is new to them (forum/threads/reads.py)."""
    forum = _forum(slug)
    viewer = current()
    rows = queries.threads_of(forum, viewer)
    page, per_page = _paging()
    chunk = rows[(page - 1) * per_page: page * per_page]
    read = reads.marks(viewer, [row.thread.id for row in chunk])
    items = [serialize.thread_line(row, read.get(row.thread.id), signed_in=viewer is not None)
             for row in chunk]
    return jsonify({"items": items, "page": page, "per_page": per_page, "total": len(rows)})


@bp.post("/threads/<int:thread_id>/read")
def mark_read(thread_id: int):
    user = require_user()
    thread = _visible_thread(thread_id)
    data = json_body(schemas.read_mark(), optional=True)
    through = reads.mark_read(thread, reader=user, through=data.get("through"))
    state = reads.thread_state(thread, user)
    return jsonify({"thread_id": thread.id, "last_read_post_id": through,
                    "unread_count": state.unread if state else 0})


@bp.post("/forums/<slug>/threads")
def open_thread(slug: str):
    user = require_user()
    forum = _forum(slug)
    key = _idempotency_key()
    data = json_body(schemas.thread_create())
    topic = None
    if data.get("topic_id") is not None:
        topic = _get(Topic, data["topic_id"])
        if topic is None or topic.forum_id != forum.id:
            raise validation(_l("No such topic in this forum."), "topic_id")
    thread = writing.open_thread(forum, author=user, title=data["title"], body=data["body"],
                                 topic=topic, questions=data.get("questions") or [], key=key)
    return jsonify(serialize.thread(thread)), 201


def _visible_thread(thread_id: int) -> Thread:
    """The thread, if the caller sees at least one of its posts (else it does not exist)."""
    thread = _get(Thread, thread_id)
    if thread is None or not queries.thread_is_visible(thread, current()):
        raise ApiError(404, "not_found", _l("No such thread."))
    return thread


@bp.get("/threads/<int:thread_id>/posts")
def list_posts(thread_id: int):
    viewer = current()
    if viewer is None or viewer.role not in ("moderator", "secretariat"):
        # Callers who moderate no forum: one prebuilt statement, no ORM (postlist.py).
        page, per_page = _paging()
        listing = postlist.thread_posts(thread_id, viewer, page, per_page) \
            if 0 < thread_id <= MAX_INT else None
        if listing is None:
            raise ApiError(404, "not_found", _l("No such thread."))
        # The items come as JSON text (postlist's cache); the rest is written around them.
        return current_app.response_class(
            f'{{"items":{listing.items},"page":{page},"per_page":{per_page},'
            f'"total":{listing.total}}}\n', mimetype="application/json")
    thread = _visible_thread(thread_id)
    query = queries.thread_posts_query(thread, viewer)
    moderator = can_moderate(viewer, thread.forum)
    return jsonify(_listing(
        query, lambda p: serialize.post(p, viewer=viewer, with_moderation=moderator,
                                  moderates=moderator)))


@bp.post("/threads/<int:thread_id>/posts")
def create_post(thread_id: int):
    user = require_user()
    thread = _visible_thread(thread_id)
    key = _idempotency_key()
    data = json_body(schemas.reply_create())
    post, created = writing.submit_reply(thread, author=user, body=data["body"], key=key,
                                         reply_to_id=data.get("reply_to"))
    return jsonify(serialize.post(post, viewer=user)), 201 if created else 200


@bp.get("/posts/<int:post_id>")
def get_post(post_id: int):
    post = _get(Post, post_id)
    if post is None or not may_see_post(current(), post):
        raise ApiError(404, "not_found", _l("No such post."))
    return jsonify(serialize.post(post, viewer=current(),
                                  with_moderation=can_moderate(current(), post.forum)))


@bp.get("/forums/<slug>/queue")
def queue(slug: str):
    user = require_user()
    forum = _forum(slug)
    if not can_moderate(user, forum):
        raise ApiError(403, "forbidden", _l("Only this forum's moderators see its queue."))
    items = pending_queue(forum)
    page, per_page = _paging()
    chunk = items[(page - 1) * per_page: page * per_page]
    return jsonify({"items": [serialize.post(p, viewer=user, with_moderation=True) for p in chunk],
                    "page": page, "per_page": per_page, "total": len(items)})


def _moderated_post(post_id: int) -> Post:
    user = require_user()
    post = _get(Post, post_id)
    if post is None or not may_see_post(user, post):
        raise ApiError(404, "not_found", _l("No such post."))
    if not can_moderate(user, post.forum):
        raise ApiError(403, "forbidden", _l("Only this forum's moderators may do that."))
    return post


@bp.post("/posts/<int:post_id>/approve")
def approve(post_id: int):
    post = _moderated_post(post_id)
    data = json_body(schemas.approval(), optional=True)
    moderation.approve_post(post, acting_user=require_user(),
                            version=data.get("version", post.version))
    return jsonify(serialize.post(post, viewer=require_user(), with_moderation=True))


@bp.post("/posts/<int:post_id>/reject")
def reject(post_id: int):
    post = _moderated_post(post_id)
    data = json_body(schemas.rejection())
    moderation.reject_post(post, acting_user=require_user(), reason=data["reason"])
    return jsonify(serialize.post(post, viewer=require_user(), with_moderation=True))
