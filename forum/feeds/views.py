"""The feed routes: /feeds/... as Atom, with ETag, Last-Modified and public caching.

A feed is the same for everyone (queries.py never asks who is reading), so its response is
marked shared (forum/headers.py) and carries `Cache-Control: public`. A missing forum,
topic or thread and a thread the public cannot see are the same 404.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, abort, current_app, request

from forum.feeds import atom, queries
from forum.feeds.queries import Feed
from forum.headers import shared

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


def _send(feed: Feed | None) -> Response:
    """The feed as Atom with its validators, or 304 when the reader's copy is current."""
    if feed is None:
        abort(404)
    body = atom.render(feed)
    response = Response(body, content_type=f"{atom.ATOM_TYPE}; charset=utf-8")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = atom.utc(feed.changed_at)
    response.cache_control.public = True
    response.cache_control.max_age = int(current_app.config["FEED_MAX_AGE"])
    # If-None-Match first, else If-Modified-Since: 304 and no body when nothing changed.
    return response.make_conditional(request)


@bp.route("/site.atom")
@shared
def site():
    """Approved messages of every forum."""
    return _send(queries.site_feed())


@bp.route("/forums/<slug>.atom")
@shared
def forum(slug: str):
    """A forum's approved messages."""
    return _send(queries.forum_feed(slug))


@bp.route("/topics/<int:topic_id>.atom")
@shared
def topic(topic_id: int):
    """The approved messages of a topic's threads."""
    return _send(queries.topic_feed(topic_id))


@bp.route("/threads/<int:thread_id>.atom")
@shared
def thread(thread_id: int):
    """A public thread's approved messages."""
    return _send(queries.thread_feed(thread_id))


@bp.route("/digests/<slug>.atom")
@shared
def digests(slug: str):
    """A forum's published digest versions."""
    return _send(queries.digest_feed(slug))
