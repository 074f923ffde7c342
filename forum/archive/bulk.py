"""Writing a checked archive: rendered first, then inserted in bulk (a statement per table
and batch, not per row), so a 50,000-post forum holds the write lock for seconds."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from forum.archive.render import render_all
from forum.archive.reports import print_version
from forum.archive.review import write_reviews
from forum.clock import now, parse_iso
from forum.digest.queries import published_post_url
from forum.extensions import db
from forum.markdown import render_markdown
from forum.models import (
    Accreditation,
    AuditEntry,
    DigestOverride,
    DigestVersion,
    Forum,
    ForumModerator,
    Post,
    PostRevision,
    Tag,
    Thread,
    Topic,
)
from forum.models.posts import post_tags
from forum.numbering import reserve_post_numbers
from forum.search import actions as search_index

CHUNK = 5_000  # values per IN (...) list: SQLite allows 32,766 parameters


@dataclass(frozen=True)
class Prepared:
    """Everything an archive's rows need that costs time to compute, made before writing."""

    objective_html: str
    topic_html: tuple[str, ...]
    post_html: tuple[str, ...]
    versions: tuple[tuple[str, str], ...]  # (markdown, html) printed from each report


def in_chunks(values: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _t(value: str | None) -> datetime | None:
    return parse_iso(value) if value else None


def prepare(archive: dict) -> Prepared:
    """Render every HTML field from the archive's own source text (its HTML is ignored)."""
    post_url = published_post_url()
    return Prepared(
        objective_html=render_markdown(archive["forum"]["objective"]),
        topic_html=render_all([t["description"] for t in archive["topics"]]),
        post_html=render_all([p["body"] for p in archive["posts"]]),
        versions=tuple(print_version(v, f"digests.versions[{i}]", post_url)
                       for i, v in enumerate(archive["digests"]["versions"])),
    )


def insert_returning(model: Any, rows: list[dict], key: Any) -> dict[Any, int]:
    """Insert `rows`; the new ids by the value of column `key` (unique among `rows`, and
    among the table's rows of the same forum when the rows name one)."""
    if not rows:
        return {}
    if "forum_id" not in rows[0]:
        result = db.session.execute(
            insert(model).returning(key, model.id, sort_by_parameter_order=True), rows)
        return dict(result.all())
    # RETURNING over many batches costs quadratic time in SQLAlchemy's result splicing
    # (about 2 s for 5,000 posts); reading the ids back is one indexed query.
    _insert(model, rows)
    return dict(db.session.execute(
        select(key, model.id).where(model.forum_id == rows[0]["forum_id"])).all())


def _insert(model: Any, rows: list[dict]) -> None:
    # Core, not the ORM: the ORM splits rows into a batch per pattern of None values (4,400
    # batches for 50,000 posts); every row here has every key, so this is one executemany.
    if rows:
        db.session.execute(insert(getattr(model, "__table__", model)), rows)


def write_forum(archive: dict, prepared: Prepared, people: dict[str, int], digest: str, *,
                moderators: list[str]) -> Forum:
    """Insert the forum and everything in it (the caller commits)."""
    def uid(key: str | None) -> int | None:
        return people[key] if key else None

    info = archive["forum"]
    forum = Forum(
        slug=info["slug"], title=info["title"], objective=info["objective"],
        objective_html=prepared.objective_html, language=info["language"],
        opens_at=_t(info["opens_at"]), closes_at=_t(info["closes_at"]),
        extended_to=_t(info["extended_to"]), posting=info["posting"],
        participants_may_open_threads=info["participants_may_open_threads"],
        reconstruction_note=info["reconstruction_note"], digest_settings=info["digest"],
        archive_sha256=digest, created_at=now())
    db.session.add(forum)
    db.session.flush()
    topics = insert_returning(Topic, [
        {"forum_id": forum.id, "key": t["key"], "position": position, "title": t["title"],
         "description": t["description"], "description_html": html,
         "opens_at": _t(t["opens_at"]), "closes_at": _t(t["closes_at"]),
         "extended_to": _t(t["extended_to"])}
        for position, (t, html) in enumerate(zip(archive["topics"], prepared.topic_html,
                                                 strict=True), start=1)], Topic.key)
    _insert(ForumModerator, [{"forum_id": forum.id, "user_id": uid(key), "created_at": now()}
                             for key in moderators])
    _insert(Accreditation, [{"forum_id": forum.id, "user_id": uid(a["person"]),
                             "created_at": _t(a["created_at"]) or now()}
                            for a in archive["accreditations"]])
    first_post: dict[str, str] = {}
    for post in sorted(archive["posts"], key=lambda p: p["created_at"]):
        first_post.setdefault(post["thread"], post["created_at"])
    threads = insert_returning(Thread, [
        {"forum_id": forum.id, "key": t["key"], "title": t["title"],
         "topic_id": topics[t["topic"]] if t["topic"] else None, "author_id": uid(t["author"]),
         "questions": t["questions"], "locked": t["locked"],
         "created_at": _t(t["created_at"] or first_post.get(t["key"])) or forum.opens_at}
        for t in archive["threads"]], Thread.key)
    posts = _write_posts(archive, prepared, forum.id, threads, uid)
    search_index.index_posts(posts.values())
    targets = {"post": posts, "thread": threads, "topic": topics, "user": people}
    _insert(AuditEntry, [
        {"at": _t(e["at"]), "actor_id": uid(e["actor"]), "action": e["action"],
         "target_type": e["target_type"],
         "target_id": forum.id if e["target_type"] == "forum"
         else targets.get(e["target_type"], {}).get(e["target"]),
         "forum_id": forum.id, "reason": e["reason"], "detail": e["detail"]}
        for e in archive["audit"]])
    _write_digests(archive["digests"], prepared, forum, uid)
    return forum


def _numbers(archive: dict) -> dict[int, int]:
    """Public numbers for approved posts that came without one: the next ones, in posting
    order, above every number in the database and in the archive."""
    missing = sorted((i for i, p in enumerate(archive["posts"])
                      if p["number"] is None and p["state"] in ("approved", "hidden")),
                     key=lambda i: (archive["posts"][i]["created_at"], archive["posts"][i]["key"]))
    given = [p["number"] for p in archive["posts"] if p["number"] is not None]
    highest = max([db.session.scalar(select(func.max(Post.number))) or 0, *given])
    return dict(zip(missing, reserve_post_numbers(len(missing), above=highest), strict=True))


def _write_posts(archive: dict, prepared: Prepared, forum_id: int, threads: dict[str, int],
                 uid) -> dict[str, int]:
    numbers = _numbers(archive)
    rows = [{
        "forum_id": forum_id, "key": p["key"], "thread_id": threads[p["thread"]],
        "author_id": uid(p["author"]), "posted_by_id": uid(p["posted_by"]), "kind": p["kind"],
        "state": p["state"], "subject": p["subject"], "body": p["body"], "body_html": html,
        "version": p["version"], "number": p["number"] or numbers.get(i),
        "created_at": _t(p["created_at"]), "updated_at": _t(p["updated_at"]),
        "approved_at": _t(p["approved_at"]), "approved_by_id": uid(p["approved_by"]),
        "moderated_at": _t(p["moderated_at"]), "moderated_by_id": uid(p["moderated_by"]),
        "moderation_reason": p["reason"], "idempotency_key": None,
    } for i, (p, html) in enumerate(zip(archive["posts"], prepared.post_html, strict=True))]
    posts = insert_returning(Post, rows, Post.key)
    # The post each reply answers: known by key, so set once every post has its id.
    answers = [{"post": posts[p["key"]], "target": posts[p["reply_to"]]}
               for p in archive["posts"] if p["reply_to"] is not None]
    if answers:
        table = Post.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("post"))
                           .values(reply_to_id=bindparam("target")), answers)
    names = sorted({name for p in archive["posts"] for name in p["tags"]})
    tags = insert_returning(Tag, [{"forum_id": forum_id, "name": n} for n in names], Tag.name)
    _insert(post_tags, [{"post_id": posts[p["key"]], "tag_id": tags[name]}
                        for p in archive["posts"] for name in sorted(set(p["tags"]))])
    _insert(PostRevision, [
        {"post_id": posts[p["key"]], "version": r["version"], "body": r["body"],
         "edited_at": _t(r["edited_at"]) or _t(p["created_at"]),
         "edited_by_id": uid(r["edited_by"])}
        for p in archive["posts"] for r in p["revisions"]])
    return posts


def _write_digests(digests: dict, prepared: Prepared, forum: Forum, uid) -> None:
    _insert(DigestOverride, [
        {"forum_id": forum.id, "key": o["key"], "sources": o["sources"], "basis": o["basis"],
         "text": o["text"], "deleted": o["deleted"], "position": o["position"],
         "updated_at": _t(o["updated_at"]) or now(), "updated_by_id": uid(o["updated_by"])}
        for o in digests["overrides"]])
    _insert(DigestVersion, [
        {"forum_id": forum.id, "number": v["number"], "published_at": _t(v["published_at"]),
         "published_by_id": uid(v["published_by"]), "markdown": markdown, "html": html,
         "report": v["report"] or {}}
        for v, (markdown, html) in zip(digests["versions"], prepared.versions, strict=True)])
    write_reviews(digests.get("reviews", []), forum, uid)
