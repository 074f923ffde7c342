"""The Secretariat's actions on a forum's digest: shape the draft, publish versions.

Each action regenerates the draft to find the paragraph named by its key (the page may be
older than the data), records what it did in the audit log and commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import audit
from forum.clock import now
from forum.digest import queries
from forum.digest.review_actions import end_review_for_publication
from forum.extensions import db
from forum.models import DigestOverride, DigestVersion, Forum, User
from forum.permissions import can_administer
from forum.refusals import Refused
from synthesis.overrides import Draft, basis_of, cited, locate, numbers_of, parse_edit
from synthesis.render.html import render_html
from synthesis.render.markdown import render_markdown
from synthesis.serial import by_public_number, report_to_dict
from synthesis.settings import FORM_FIELDS, SettingsError, editable_settings
from synthesis.types import DigestSettings

GONE = _l("That paragraph is no longer in the draft (the forum's posts changed); reload "
           "the page.")


class DigestError(Refused):
    """A digest change the rules refuse."""


def _require(user: User) -> None:
    if not can_administer(user):
        raise DigestError(_l("Only the Secretariat may change or publish a digest."), 403)


def _draft(forum: Forum, words: int | None, *, draft: bool = True) -> Draft:
    try:
        return queries.draft_of(forum, words=words, draft=draft)
    except SettingsError as error:
        raise DigestError(_l("The digest settings cannot be used: %(error)s",
                             error=error)) from None


def _row(forum: Forum, key: str) -> DigestOverride | None:
    return db.session.scalar(select(DigestOverride).where(
        DigestOverride.forum_id == forum.id, DigestOverride.key == key))


def _claim(forum: Forum, key: str, draft: Draft, user: User) -> DigestOverride:
    """The override row of paragraph `key`, created or re-keyed to the paragraph as generated
    now, its sources and text fingerprint recorded afresh."""
    generated = draft.generated.get(key)
    if generated is None:
        raise DigestError(GONE, 409)
    row = _row(forum, key)
    if row is None:
        row = DigestOverride(forum_id=forum.id, key=generated.key, deleted=False)
        db.session.add(row)
    # Matched by shared sources, the row takes the paragraph's new key: no other row holds
    # it, or that row would have matched the paragraph exactly.
    row.key = generated.key
    row.sources = list(cited(generated, numbers_of(draft.report)))
    row.basis = basis_of(generated)
    row.updated_at = now()
    row.updated_by_id = user.id
    return row


def _tidy(row: DigestOverride) -> None:
    if row.is_empty:
        db.session.delete(row)


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # two people changed the same paragraph at the same moment
        db.session.rollback()
        raise DigestError(_l("The draft changed at the same moment; reload the page."),
                          409) from None


def edit_paragraph(forum: Forum, key: str, text: str, *, acting_user: User,
                   words: int | None = None) -> DigestOverride:
    """Replace a paragraph's text with the Secretariat's Markdown."""
    _require(acting_user)
    draft = _draft(forum, words)
    if locate(draft.report, key) is None:
        raise DigestError(GONE, 409)
    try:
        parse_edit(text, (), draft.report.language)
    except ValueError as error:
        raise DigestError(str(error), field="text") from None
    row = _claim(forum, key, draft, acting_user)
    row.text = text.replace("\r\n", "\n").strip()
    audit.record(acting_user, "digest.edit", forum, forum_id=forum.id, key=row.key)
    _commit()
    return row


def delete_paragraph(forum: Forum, key: str, *, acting_user: User,
                     words: int | None = None) -> None:
    """Leave a paragraph out of the draft (it stays out when the draft is regenerated)."""
    _require(acting_user)
    draft = _draft(forum, words)
    if locate(draft.report, key) is None:
        raise DigestError(GONE, 409)
    row = _claim(forum, key, draft, acting_user)
    row.deleted = True
    audit.record(acting_user, "digest.delete", forum, forum_id=forum.id, key=row.key)
    _commit()


def restore_paragraph(forum: Forum, key: str, *, acting_user: User) -> None:
    """Bring a deleted paragraph back."""
    _require(acting_user)
    row = _row(forum, key)
    if row is None or not row.deleted:
        raise DigestError(_l("That paragraph is not deleted."), 409)
    row.deleted = False
    row.updated_at, row.updated_by_id = now(), acting_user.id
    _tidy(row)
    audit.record(acting_user, "digest.restore", forum, forum_id=forum.id, key=key)
    _commit()


def revert_paragraph(forum: Forum, key: str, *, acting_user: User) -> None:
    """Drop the Secretariat's text: the paragraph is printed as generated again."""
    _require(acting_user)
    row = _row(forum, key)
    if row is None or row.text is None:
        raise DigestError(_l("That paragraph has no edit to undo."), 409)
    row.text = None
    row.updated_at, row.updated_by_id = now(), acting_user.id
    _tidy(row)
    audit.record(acting_user, "digest.revert", forum, forum_id=forum.id, key=key)
    _commit()


def move_paragraph(forum: Forum, key: str, direction: str, *, acting_user: User,
                   words: int | None = None) -> None:
    """Move a paragraph up or down within its section (or subsection)."""
    _require(acting_user)
    if direction not in ("up", "down"):
        raise DigestError(_l("Move a paragraph up or down."), field="direction")
    draft = _draft(forum, words)
    found = locate(draft.report, key)
    if found is None:
        raise DigestError(GONE, 409)
    _, keys, _ = found
    index = keys.index(key)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(keys):
        raise DigestError(_l("That paragraph is already the first of its section.") if other < 0
                          else _l("That paragraph is already the last of its section."), 409)
    keys[index], keys[other] = keys[other], keys[index]
    # Every paragraph of the place gets its rank, so the order holds as paragraphs come and go.
    for position, each in enumerate(keys):
        _claim(forum, each, draft, acting_user).position = position
    audit.record(acting_user, "digest.move", forum, forum_id=forum.id, key=key,
                 direction=direction)
    _commit()


def publish_digest(forum: Forum, *, acting_user: User, words: int | None = None) -> DigestVersion:
    """Freeze the draft as the next numbered version (without the DRAFT mark); an open review
    round closes."""
    _require(acting_user)
    draft = _draft(forum, words, draft=False)
    if draft.unsafe:
        numbers = ", ".join(str(locate(draft.report, key)[2].number) for key in draft.unsafe)
        raise DigestError(_l("Paragraph %(numbers)s was edited from posts that are no longer "
                             "public (hidden or withdrawn since): edit it again or delete it "
                             "before publishing.", numbers=numbers), 409)
    # Frozen by public number: ids would mean other posts once the forum is imported elsewhere.
    report = by_public_number(draft.report)
    number = queries.next_version_number(forum)
    version = DigestVersion(
        forum_id=forum.id, number=number, published_at=now(), published_by_id=acting_user.id,
        markdown=render_markdown(report),
        html=render_html(report, queries.published_post_url(), standalone=True),
        report=report_to_dict(report))
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DigestError(_l("Another version was published at the same moment; reload the "
                          "page."), 409) from None
    audit.record(acting_user, "digest.publish", forum, forum_id=forum.id, number=number)
    # Reviewers commented on the draft that is now published: their round ends with it.
    end_review_for_publication(forum, acting_user=acting_user)
    db.session.commit()
    return version


def save_digest_settings(forum: Forum, data: dict, *, acting_user: User) -> dict:
    """Replace the forum's digest settings with `data` once they parse (the draft is rebuilt
    from them on its next view). A default outline sent back unchanged stays the default, so
    it keeps following the forum's topics."""
    _require(acting_user)
    topics = tuple((t.key, t.title) for t in forum.topics)
    stored = forum.digest_settings or {}
    rest = {k: v for k, v in data.items() if k not in FORM_FIELDS}
    if not stored.get("outline") and rest == editable_settings(stored, topics):
        rest = {k: v for k, v in stored.items() if k not in FORM_FIELDS}
    new = {**{k: data[k] for k in FORM_FIELDS if k in data}, **rest}
    try:
        settings = DigestSettings.from_dict(new)
    except SettingsError as error:
        raise DigestError(str(error), field=error.field) from None
    known = {key for key, _ in topics}
    for i, section in enumerate(settings.outline):
        unknown = [key for key in section.topics if key not in known]
        if unknown:
            field = f"outline[{i}].topics" if i < len(new.get("outline") or []) else "conclusions"
            raise DigestError(_l("%(field)s: this forum has no topic %(topic)r (its topics: "
                                 "%(topics)s)", field=field, topic=unknown[0],
                                 topics=", ".join(sorted(known)) or _l("none")), field=field)
    changed = sorted(k for k in set(stored) | set(new) if stored.get(k) != new.get(k))
    forum.digest_settings = new  # a new dict: the JSON column sees the change
    audit.record(acting_user, "digest.settings", forum, forum_id=forum.id, changed=changed)
    db.session.commit()
    return new
