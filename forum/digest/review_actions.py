"""Actions of a review round: the Secretariat opens and closes it and marks comments addressed;
reviewers comment. Each checks, records what it did and commits; people are told after."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum import audit
from forum.clock import iso, now
from forum.digest import queries
from forum.digest.review import COMMENT_LIMIT, open_review
from forum.extensions import db
from forum.i18n.speaking import speaking
from forum.mail import one_line, public_url_for, queue_mail
from forum.markdown import render_markdown
from forum.models import (
    Accreditation,
    DigestComment,
    DigestReview,
    Forum,
    ForumModerator,
    Notification,
    Post,
    User,
    Watch,
)
from forum.permissions import can_administer, may_review
from forum.refusals import Refused
from synthesis.overrides import cited, locate, numbers_of
from synthesis.settings import SettingsError


class ReviewError(Refused):
    """A review request the rules refuse."""


def _require_secretariat(user: User) -> None:
    if not can_administer(user):
        raise ReviewError(_l("Only the Secretariat may open or close a review round."), 403)


def open_review_round(forum: Forum, *, acting_user: User,
                      ends_at: datetime | None = None) -> DigestReview:
    """Invite the forum's participants and moderators to comment on the current draft."""
    _require_secretariat(acting_user)
    moment = now()
    if open_review(forum) is not None:
        raise ReviewError(_l("A review round is already open."), 409)
    if ends_at is not None and ends_at <= moment:
        raise ReviewError(_l("The last day for comments must be today or later."), field="ends_at")
    # A round that ran past its end date was never closed by hand: close it at its end.
    for stale in db.session.scalars(select(DigestReview).where(
            DigestReview.forum_id == forum.id, DigestReview.closed_at.is_(None))):
        stale.closed_at = min(stale.ends_at or moment, moment)
    review = DigestReview(forum_id=forum.id, opened_at=moment, opened_by_id=acting_user.id,
                          ends_at=ends_at)
    db.session.add(review)
    audit.record(acting_user, "digest.review_open", forum, forum_id=forum.id,
                 ends_at=iso(ends_at))
    notify_review_opened(forum, review, acting_user)
    db.session.commit()
    return review


def _close(forum: Forum, review: DigestReview, user: User, why: str) -> None:
    review.closed_at, review.closed_by_id = now(), user.id
    audit.record(user, "digest.review_close", forum, forum_id=forum.id, reason=why)


def close_review_round(forum: Forum, *, acting_user: User) -> DigestReview:
    """End the open round: reviewers can no longer read the draft or comment."""
    _require_secretariat(acting_user)
    review = open_review(forum)
    if review is None:
        raise ReviewError(_l("No review round is open."), 409)
    _close(forum, review, acting_user, "closed by the Secretariat")
    db.session.commit()
    return review


def end_review_for_publication(forum: Forum, *, acting_user: User) -> DigestReview | None:
    """Close the open round as a version is published (the caller commits)."""
    review = open_review(forum)
    if review is not None:
        _close(forum, review, acting_user, "a version was published")
    return review


def comment_on_draft(forum: Forum, key: str | None, body: str, *,
                     acting_user: User) -> DigestComment:
    """A reviewer's comment on paragraph `key` of the draft as it is now (None: the whole)."""
    if not may_review(acting_user, forum):
        raise ReviewError(_l("Only the forum's participants and moderators may comment."), 403)
    review = open_review(forum)
    if review is None:
        raise ReviewError(_l("The review round is closed; no more comments are accepted."), 409)
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ReviewError(_l("Write your comment."), field="body")
    if len(text) > COMMENT_LIMIT:
        raise ReviewError(_l("A comment may have at most %(n)s characters.", n=COMMENT_LIMIT),
                          field="body")
    sources: list[int] = []
    number = None
    if key:
        try:
            report = queries.draft_of(forum).report
        except SettingsError as error:
            raise ReviewError(_l("The draft cannot be generated: %(error)s", error=error),
                              409) from None
        found = locate(report, key)
        if found is None:
            raise ReviewError(_l("That paragraph is no longer in the draft (it changed since you "
                              "opened the page); choose it again."), 409, field="key")
        sources, number = list(cited(found[2], numbers_of(report))), found[2].number
    comment = DigestComment(review_id=review.id, author_id=acting_user.id, key=key or None,
                            sources=sources, paragraph=number, body=text,
                            body_html=render_markdown(text), created_at=now())
    db.session.add(comment)
    db.session.commit()
    return comment


def mark_comment_addressed(forum: Forum, comment_id: int, *, acting_user: User,
                           addressed: bool = True) -> DigestComment:
    """The Secretariat marks a comment addressed (or not addressed again)."""
    if not can_administer(acting_user):
        raise ReviewError(_l("Only the Secretariat may mark comments."), 403)
    comment = db.session.scalar(select(DigestComment).join(DigestReview).where(
        DigestComment.id == comment_id, DigestReview.forum_id == forum.id))
    if comment is None:
        raise ReviewError(_l("No such comment."), 404)
    if addressed:
        comment.addressed_at, comment.addressed_by_id = now(), acting_user.id
    else:
        comment.addressed_at, comment.addressed_by_id = None, None
    db.session.commit()
    return comment


def reviewers(forum: Forum) -> list[User]:
    """Whom to tell a round opened: the forum's moderators, accredited participants, authors of
    its approved posts and those watching it (in a forum open to every registered user, the
    others have shown no interest in it), if they may still take part."""
    ids = set(db.session.scalars(select(ForumModerator.user_id)
                                 .where(ForumModerator.forum_id == forum.id)))
    ids |= set(db.session.scalars(select(Accreditation.user_id)
                                  .where(Accreditation.forum_id == forum.id)))
    ids |= set(db.session.scalars(select(Post.author_id).where(
        Post.forum_id == forum.id, Post.state == "approved")))
    ids |= set(db.session.scalars(select(Watch.user_id).where(Watch.forum_id == forum.id)))
    people = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))
    return [u for u in people if may_review(u, forum)]


def notify_review_opened(forum: Forum, review: DigestReview, acting_user: User) -> None:
    """An in-app notice and a queued email to each reviewer, in the round's transaction."""
    link = public_url_for("digest.review.page", slug=forum.slug)
    last = review.ends_at - timedelta(seconds=1) if review.ends_at else None
    page = urlsplit(link).path  # the in-app notice links within the site
    people = [u for u in reviewers(forum) if u.id != acting_user.id]
    for user in people:
        with speaking(user):
            if last:
                notice = _("The Secretariat invites you to review the draft synthesis of "
                           "\"%(title)s\" and comment on its paragraphs until the end of %(day)s "
                           "(UTC).", title=forum.title, day=str(last.day) + last.strftime(" %B %Y"))
            else:
                notice = _("The Secretariat invites you to review the draft synthesis of "
                           "\"%(title)s\" and comment on its paragraphs.", title=forum.title)
            db.session.add(Notification(user_id=user.id, message=notice, url=page,
                                        created_at=now()))
            if user.email:
                queue_mail(user.email,
                           _("[%(forum)s] The draft synthesis is open for review",
                             forum=forum.slug),
                           _("Dear %(name)s,\n\n%(notice)s\n%(link)s\n\nThe draft is not "
                             "public; only the forum's participants and moderators can read it "
                             "while the review round is open.\n",
                             name=one_line(user.display_name), notice=notice, link=link))
