"""Plain-dict views of the models, as the API returns them."""

from __future__ import annotations

from forum.clock import iso
from forum.forums.queries import ThreadRow
from forum.models import Forum, Post, Thread, Topic, User
from forum.visibility import reply_target


def person(user: User) -> dict:
    return {"id": user.id, "title": user.title, "name": user.name, "country": user.country,
            "organization": user.organization, "affiliation": user.affiliation}


def topic(item: Topic) -> dict:
    return {"id": item.id, "position": item.position, "title": item.title,
            "description": item.description, "opens_at": iso(item.opens_at),
            "closes_at": iso(item.closes_at), "extended_to": iso(item.extended_to)}


def forum(item: Forum) -> dict:
    return {
        "id": item.id, "slug": item.slug, "title": item.title, "objective": item.objective,
        "language": item.language, "opens_at": iso(item.opens_at),
        "closes_at": iso(item.closes_at), "extended_to": iso(item.extended_to),
        "status": item.status, "posting": item.posting,
        "participants_may_open_threads": item.participants_may_open_threads,
        "topics": [topic(t) for t in item.topics],
        "moderators": [person(m) for m in item.moderators],
    }


def thread(item: Thread) -> dict:
    return {"id": item.id, "forum": item.forum.slug, "topic_id": item.topic_id,
            "title": item.title, "questions": list(item.questions or []), "locked": item.locked,
            "created_at": iso(item.created_at), "author": person(item.author)}


def thread_line(row: ThreadRow, last_read_post_id: int | None, *, signed_in: bool) -> dict:
    """A thread as the forum page lists it; `unread_count` and `last_read_post_id` are
    the token's user's (null without a token)."""
    return {**thread(row.thread), "messages": row.messages,
            "latest_post": {"id": row.last_id, "created_at": iso(row.last_at),
                            "author": person(row.last_author)},
            "unread_count": row.unread if signed_in else None,
            "last_read_post_id": last_read_post_id}


def post(item: Post, *, viewer: User | None, with_moderation: bool = False,
         moderates: bool | None = None) -> dict:
    """A post as `viewer` may see it: the post it answers (`reply_to`) is named only if
    the viewer may see that one too (forum/visibility.py, reply_target). `moderates`:
    whether the viewer moderates the forum, when the caller knows (a listing)."""
    target = reply_target(viewer, item, True if with_moderation else moderates)
    data = {
        "id": item.id, "number": item.number, "status": item.state, "kind": item.kind,
        "thread_id": item.thread_id, "subject": item.subject, "body": item.body,
        "body_html": item.body_html, "version": item.version,
        "created_at": iso(item.created_at), "approved_at": iso(item.approved_at),
        "author": person(item.author),
        "posted_by": person(item.posted_by) if item.posted_by else None,
        "reply_to": {"id": target.id, "number": target.number} if target else None,
    }
    if item.state == "rejected" or with_moderation:
        data["reason"] = item.moderation_reason
    if with_moderation:
        data["tags"] = [t.name for t in item.tags]
    return data
