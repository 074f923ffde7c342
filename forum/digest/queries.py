"""Reading drafts (the generated report with the Secretariat's changes) and published versions."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy import func, select

from forum.digest.generate import cached_report, report_for
from forum.extensions import db
from forum.models import DigestOverride, DigestVersion, Forum, Post, PostState
from synthesis.overrides import Draft, Override, numbers_of, resolve, sources_of
from synthesis.settings import SettingsError
from synthesis.types import Paragraph, Report


def override_rows(forum: Forum) -> list[DigestOverride]:
    return list(db.session.scalars(
        select(DigestOverride).where(DigestOverride.forum_id == forum.id)
        .order_by(DigestOverride.key)))


def as_override(row: DigestOverride) -> Override:
    return Override(key=row.key, sources=tuple(row.sources or ()), basis=row.basis or "",
                    text=row.text, deleted=row.deleted, position=row.position)


def draft_of(forum: Forum, *, words: int | None = None, draft: bool = True) -> Draft:
    """The forum's digest as the Secretariat has shaped it.

    Raises SettingsError when the forum's digest settings (or `words`) cannot be used."""
    report = report_for(forum, words=words, draft=draft)
    return resolve(report, [as_override(row) for row in override_rows(forum)])


def draft_or_problem(forum: Forum, *, words: int | None = None) -> tuple[Draft | None, str]:
    """The draft, or why the forum's stored settings cannot make one (pages show the reason
    beside a link to the settings instead of failing)."""
    try:
        return draft_of(forum, words=words), ""
    except SettingsError as error:
        return None, error.message


def generated_in_background(forum: Forum) -> bool:
    """Whether the forum is large enough (DIGEST_BACKGROUND_POSTS approved posts) for its
    draft to be made by a background job rather than in the request."""
    threshold = int(current_app.config.get("DIGEST_BACKGROUND_POSTS") or 0)
    if threshold <= 0:
        return False
    count = db.session.scalar(select(func.count(Post.id)).where(
        Post.forum_id == forum.id, Post.state == PostState.APPROVED))
    return (count or 0) >= threshold


def ready_draft_or_problem(forum: Forum, *, words: int | None = None
                           ) -> tuple[Draft | None, str]:
    """The draft if its report was already made (by a job, or another server), else None;
    or why the settings cannot make one."""
    try:
        report = cached_report(forum, words=words)
    except SettingsError as error:
        return None, error.message
    if report is None:
        return None, ""
    return resolve(report, [as_override(row) for row in override_rows(forum)]), ""


def tag_suggestions(forum: Forum) -> tuple[list, str | None]:
    """Suggested tags for the forum's untagged replies, or why its settings give none."""
    from forum.digest.collect import collect
    from synthesis.stages.suggest import suggest_tags
    from synthesis.types import DigestSettings

    try:
        settings = DigestSettings.from_dict(forum.digest_settings or {})
    except SettingsError as error:
        return [], error.message
    info, posts = collect(forum)
    return suggest_tags(info, posts, settings), None


def citations(report: Report) -> Callable[[Paragraph], list[tuple[int, int | None]]]:
    """For templates: a paragraph's sources as (post id, public number), in number order."""
    numbers = numbers_of(report)

    def cites(p: Paragraph) -> list[tuple[int, int | None]]:
        return sorted(((i, numbers.get(i)) for i in sources_of(p)),
                      key=lambda c: (c[1] is None, c[1] or 0, c[0]))

    return cites


def draft_post_url() -> str:
    """Where a draft's cited post is read (absolute: downloads are read outside the site)."""
    return current_app.config["PUBLIC_URL"] + "/posts/{id}"


def published_post_url() -> str:
    """The same for a published version, by public number: its links survive an import."""
    return current_app.config["PUBLIC_URL"] + "/n/{number}"


def published_versions(forum: Forum) -> list[DigestVersion]:
    """Newest first."""
    return list(db.session.scalars(
        select(DigestVersion).where(DigestVersion.forum_id == forum.id)
        .order_by(DigestVersion.number.desc())))


def published_version(forum: Forum, number: int) -> DigestVersion | None:
    return db.session.scalar(select(DigestVersion).where(
        DigestVersion.forum_id == forum.id, DigestVersion.number == number))


def next_version_number(forum: Forum) -> int:
    highest = db.session.scalar(select(func.max(DigestVersion.number))
                                .where(DigestVersion.forum_id == forum.id))
    return (highest or 0) + 1
