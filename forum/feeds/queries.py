"""What goes into each feed: the public record only, newest first, as plain read models.

Every post query is built from `public_posts_clause()` (forum/visibility.py): approved posts
in threads whose opening is approved. Nothing here reads who is asking, so a feed is the
same for everyone and may be kept by shared caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import escape
from sqlalchemy import ColumnElement, false, func, or_, select, true
from sqlalchemy.orm import joinedload

from forum.digest.queries import published_versions
from forum.extensions import db
from forum.feeds import ids
from forum.mail import one_line, public_url_for
from forum.models import DigestVersion, Forum, Post, PostKind, PostState, Thread, Topic
from forum.notify import author_line
from forum.visibility import hidden_opening_clause, public_posts_clause, thread_is_visible

LIMIT = 50  # entries per feed: the newest
SITE_TITLE = "Biosafety Clearing-House forums"
# An empty site (no forum yet) still needs an `updated`: a fixed instant, never "now".
EPOCH = datetime(2014, 1, 1)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: datetime  # naive UTC, as stored
    link: str
    content_html: str
    author: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    updated: datetime  # the newest entry's, else when the forum (or site) began
    self_url: str
    page_url: str
    entries: tuple[Entry, ...]
    changed_at: datetime  # for Last-Modified: also moves when a post leaves the feed
    author: str | None = None  # feeds whose entries carry no author of their own
    language: str | None = None
    subtitle: str | None = None


# -- posts ---------------------------------------------------------------------------------

def _updated(post: Post) -> datetime:
    return max(t for t in (post.created_at, post.updated_at, post.approved_at) if t)


def _content(post: Post) -> str:
    """The stored, sanitized HTML; an opening also lists its thread's guiding questions,
    as its page does."""
    html = post.body_html
    questions = (post.thread.questions or []) if post.kind == PostKind.OPENING else []
    if questions:
        items = "".join(f"<li>{escape(q)}</li>" for q in questions)
        html += f'\n<ol class="questions">{items}</ol>'
    return html


def _entry(post: Post) -> Entry:
    subject = one_line(post.subject)
    return Entry(
        id=ids.post_id(post.number, post.forum.slug, post.key),
        title=f"[#{post.number}] {subject}" if post.number is not None else subject,
        updated=_updated(post),
        published=post.created_at,
        link=public_url_for("forums.post", post_id=post.id),
        content_html=_content(post),
        author=author_line(post.author),
    )


def _public_posts(scope: ColumnElement) -> list[Post]:
    """The newest public posts in `scope`: by public number (approval order), then time."""
    return list(db.session.scalars(
        select(Post)
        .options(joinedload(Post.author), joinedload(Post.thread), joinedload(Post.forum))
        .where(scope, public_posts_clause())
        .order_by(Post.number.desc().nulls_last(), Post.created_at.desc(), Post.id.desc())
        .limit(LIMIT)
    ).unique())


def _last_public_change(scope: ColumnElement) -> datetime | None:
    """When a post in `scope` last entered or left the public record (approved, hidden or
    restored): moderated_at of numbered posts, counted only for openings and for posts in
    threads the public can see, so a decision inside a thread still awaiting moderation
    shows nowhere, not even in a date."""
    return db.session.scalar(
        select(func.max(Post.moderated_at)).where(
            scope, Post.number.is_not(None),
            Post.state.in_((PostState.APPROVED.value, PostState.HIDDEN.value)),
            or_(Post.kind == PostKind.OPENING.value,
                hidden_opening_clause(Post.thread_id, None, false()))))


def _posts_feed(scope: ColumnElement, *, id: str, title: str, empty_since: datetime,
                self_url: str, page_url: str, language: str | None = None,
                subtitle: str | None = None) -> Feed:
    entries = tuple(_entry(post) for post in _public_posts(scope))
    updated = max((e.updated for e in entries), default=empty_since)
    changed = max(updated, _last_public_change(scope) or updated)
    return Feed(id=id, title=title, updated=updated, self_url=self_url, page_url=page_url,
                entries=entries, changed_at=changed, language=language, subtitle=subtitle)


def site_feed() -> Feed:
    """The newest public posts of every forum."""
    began = db.session.scalar(select(func.max(Forum.created_at))) or EPOCH
    return _posts_feed(
        true(), id=ids.site_id(), title=SITE_TITLE, empty_since=began,
        self_url=public_url_for("feeds.site"), page_url=public_url_for("forums.index"),
        subtitle="Approved messages of every forum, newest first")


def _forum(slug: str) -> Forum | None:
    return db.session.scalar(select(Forum).where(Forum.slug == slug))


def forum_feed(slug: str) -> Feed | None:
    forum = _forum(slug)
    if forum is None:
        return None
    return _posts_feed(
        Post.forum_id == forum.id, id=ids.forum_id(forum.slug), title=one_line(forum.title),
        empty_since=forum.created_at, language=forum.language,
        self_url=public_url_for("feeds.forum", slug=forum.slug),
        page_url=public_url_for("forums.home", slug=forum.slug),
        subtitle="Approved messages, newest first")


def topic_feed(topic_id: int) -> Feed | None:
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        return None
    forum = topic.forum
    threads = select(Thread.id).where(Thread.topic_id == topic.id)
    return _posts_feed(
        Post.thread_id.in_(threads), id=ids.topic_id(forum.slug, topic.key),
        title=f"{one_line(topic.title)} · {one_line(forum.title)}",
        empty_since=forum.created_at, language=forum.language,
        self_url=public_url_for("feeds.topic", topic_id=topic.id),
        page_url=public_url_for("forums.home", slug=forum.slug) + f"#topic-{topic.id}",
        subtitle="Approved messages of this topic, newest first")


def thread_feed(thread_id: int) -> Feed | None:
    """None for a missing thread and for one the public cannot see (its opening awaits
    moderation, say): both are a 404."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or not thread_is_visible(thread, None):
        return None
    forum = thread.forum
    return _posts_feed(
        Post.thread_id == thread.id, id=ids.thread_id(forum.slug, thread.key),
        title=f"{one_line(thread.title)} · {one_line(forum.title)}",
        empty_since=thread.created_at, language=forum.language,
        self_url=public_url_for("feeds.thread", thread_id=thread.id),
        page_url=public_url_for("forums.thread", thread_id=thread.id),
        subtitle="Approved messages of this thread, newest first")


# -- digests -------------------------------------------------------------------------------

def digest_summary(forum: Forum, version: DigestVersion) -> str:
    """A short HTML summary of a published version: what it is and its section headings
    (from its frozen Markdown), not the report itself."""
    headings = [line.lstrip("#").strip() for line in version.markdown.splitlines()
                if line.startswith(("# ", "## "))]
    when = f"{version.published_at:%Y-%m-%d %H:%M} UTC"
    html = (f"<p>Version {version.number} of the synthesis digest of "
            f"{escape(one_line(forum.title))}, published on {when}.</p>")
    if headings:
        items = "".join(f"<li>{escape(one_line(h))}</li>" for h in headings[:12])
        html += f"<p>Contents:</p><ul>{items}</ul>"
    return html


def digest_feed(slug: str) -> Feed | None:
    """The forum's published digest versions, newest first (drafts never)."""
    forum = _forum(slug)
    if forum is None:
        return None
    title = one_line(forum.title)
    entries = tuple(
        Entry(id=ids.digest_version_id(forum.slug, v.number),
              title=f"{title}: synthesis digest, version {v.number}",
              updated=v.published_at, published=v.published_at,
              link=public_url_for("digest.version", slug=forum.slug, number=v.number),
              content_html=digest_summary(forum, v))
        for v in published_versions(forum)[:LIMIT])
    updated = max((e.updated for e in entries), default=forum.created_at)
    return Feed(
        id=ids.digests_id(forum.slug), title=f"Synthesis digests · {title}", updated=updated,
        self_url=public_url_for("feeds.digests", slug=forum.slug),
        page_url=public_url_for("forums.home", slug=forum.slug) + "#digests",
        entries=entries, changed_at=updated, author="Secretariat", language=forum.language,
        subtitle="Published versions of the forum's synthesis digest, newest first")
