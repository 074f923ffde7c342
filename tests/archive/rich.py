"""A valid archive that uses every section of the format (people with every role, emails,
moderators, accreditations, revisions, tags, pending and rejected posts, the audit log, a
draft change, a published digest version and a review round): built once through the
application's own actions, exported, and the database emptied again."""

from __future__ import annotations

import copy
import json

from sqlalchemy import select

from forum.archive.export import export_forum, forum_for_export
from forum.digest import actions as digest
from forum.digest import review_actions
from forum.extensions import db
from forum.models import Post
from forum.moderation.actions import approve_post, reject_post, set_tags
from forum.threads.actions import edit_own_post
from tests.digest.review_support import paragraph_key, reviewed_forum
from tests.helpers import make_reply

_BUILT: dict[str, str] = {}


def empty_database() -> None:
    """Delete every row (the test's own session first lets go of its locks)."""
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def _build() -> str:
    w = reviewed_forum()
    forum, staff, moderator = w["forum"], w["staff"], w["moderator"]
    edited = make_reply(w["thread"], w["participant"], "A first text.")
    edit_own_post(edited, author=w["participant"], body="A *second* text.", version=1)
    approve_post(edited, acting_user=moderator, version=2)
    set_tags(edited, acting_user=moderator, names=["labelling", "capacity"])
    reject_post(make_reply(w["thread"], w["kenya"], "Off topic."), acting_user=moderator,
                reason="Off-topic.")
    make_reply(w["thread"], w["uganda"], "Still waiting.")
    review_actions.open_review_round(forum, acting_user=staff)
    kenya = paragraph_key(forum, "Kenya")
    review_actions.comment_on_draft(forum, kenya, "Say *when*.", acting_user=w["participant"])
    digest.edit_paragraph(forum, kenya, "Kenya kept biosafety in its NBSAP.", acting_user=staff)
    digest.publish_digest(forum, acting_user=staff)
    text = json.dumps(export_forum(forum_for_export(forum.slug), with_emails=True))
    empty_database()
    assert db.session.scalar(select(Post.id)) is None
    return text


def rich_archive() -> dict:
    """A fresh copy of the archive (the database is left empty)."""
    if "text" not in _BUILT:
        _BUILT["text"] = _build()
    return copy.deepcopy(json.loads(_BUILT["text"]))


def large_archive(posts: int, *, slug: str = "bulk-forum") -> dict:
    """A made-up forum of `posts` posts with tags, revisions, numbers and audit entries."""
    people = [{"key": f"{slug}-p{i}", "name": f"Person {i}", "country": "KE"} for i in range(40)]
    items, audit = [], []
    for i in range(posts):
        post = {"key": f"k{i}", "thread": f"t{i % 7}", "author": f"{slug}-p{i % 40}",
                "body": f"Post {i} says *{i}*." if i % 3 else f"Post {i} is plain.",
                "created_at": f"2013-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                "state": ("approved", "pending", "hidden", "rejected")[i % 4] if i % 5 else
                "approved",
                "tags": [f"tag{i % 3}", f"tag{i % 5}"] if i % 2 else []}
        if i % 9 == 0:
            post["version"] = 3
            post["revisions"] = [{"version": 1, "body": f"first {i}"},
                                 {"version": 2, "body": f"second {i}"}]
        if i % 11 == 0 and post["state"] in ("approved", "hidden"):
            post["number"] = 100_000 + i
        items.append(post)
        audit.append({"at": post["created_at"], "action": "post.note", "target_type": "post",
                      "target": post["key"], "detail": {"i": i}})
    return {"format": "forum-archive", "version": 1,
            "forum": {"slug": slug, "title": "Bulk", "opens_at": "2013-03-01T00:00:00Z",
                      "closes_at": "2013-04-01T00:00:00Z"},
            "topics": [{"key": "general", "title": "General"}],
            "threads": [{"key": f"t{i}", "title": f"Thread {i}", "author": f"{slug}-p0",
                         "topic": "general"} for i in range(7)],
            "people": people, "posts": items, "audit": audit}
