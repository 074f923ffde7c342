"""Atom ids as tag URIs (RFC 4151): `tag:<host>,2014:<what>`, one scheme for every feed.

An id must never change once a reader has seen it, so it is built only from what never
changes: the site's host (FEED_TAG_AUTHORITY, else the host of FORUM_PUBLIC_URL), a fixed
date, and a post's public number (or, for the rare approved post an archive brought without
a number, its forum's slug and the post's key). Editing, hiding and restoring a post leave
its number, hence its id, alone.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import current_app

# The year the BCH forums began numbering posts; part of every id, so it never moves.
TAG_DATE = "2014"


def authority() -> str:
    """The tag's authority: a setting, else the host FORUM_PUBLIC_URL names."""
    configured = current_app.config.get("FEED_TAG_AUTHORITY")
    if configured:
        return str(configured).strip().lower()
    return (urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost").lower()


def tag(*parts: str | int) -> str:
    """`tag:<authority>,2014:<part>/<part>...`, each part percent-encoded."""
    specific = "/".join(quote(str(part), safe="-._~") for part in parts)
    return f"tag:{authority()},{TAG_DATE}:{specific}"


def site_id() -> str:
    """The site's feed."""
    return tag("site")


def forum_id(slug: str) -> str:
    """A forum's feed."""
    return tag(f"forum-{slug}")


def topic_id(slug: str, topic_key: str) -> str:
    """A topic's feed (keys travel with archives; database ids do not)."""
    return tag(f"forum-{slug}", f"topic-{topic_key}")


def thread_id(slug: str, thread_key: str) -> str:
    """A thread's feed."""
    return tag(f"forum-{slug}", f"thread-{thread_key}")


def digests_id(slug: str) -> str:
    """A forum's feed of published digest versions."""
    return tag(f"forum-{slug}", "digests")


def digest_version_id(slug: str, number: int) -> str:
    """One published digest version."""
    return tag(f"forum-{slug}", f"digest-{number}")


def post_id(number: int | None, slug: str, post_key: str) -> str:
    """By public number (`post-6117`); a post without one is named by forum and key."""
    if number is not None:
        return tag(f"post-{number}")
    return tag(f"forum-{slug}", f"post-{post_key}")
