"""Telling people what happened: in-app notices and email, in the action's transaction.

Nothing here commits: an action calls these before its own commit, so the notices and the
queued emails (forum/mail) exist exactly when the change they describe does.

Nothing here ever emails the text of a post that is not public: moderators get a link to
the queue, authors get their own decision, watchers get approved messages of threads whose
opening is approved (a moderator's reply inside a thread still awaiting approval is
approved, but its thread, title included, is not public yet).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from forum.auth.tokens import make_token
from forum.clock import now
from forum.countries import country_name
from forum.extensions import db
from forum.i18n.speaking import speaking
from forum.i18n.terms import reason as canned_reason
from forum.mail import one_line, public_url_for, queue_mail
from forum.mail.inbound.address import reply_address
from forum.mail.inbound.strip import REPLY_MARKER
from forum.models import ForumModerator, Notification, Post, PostKind, PostState, User, Watch
from forum.permissions import can_moderate, can_reply
from forum.visibility import public_posts_clause


def _post_link(post: Post) -> str:
    return public_url_for("forums.post", post_id=post.id)


def _notice(user_id: int, post: Post, message: str) -> None:
    db.session.add(Notification(user_id=user_id, post_id=post.id, message=message,
                                created_at=now()))


def notify_moderators_of_pending(post: Post) -> None:
    """Tell the forum's moderators a post awaits them (a link to the queue, not the text)."""
    moderators = db.session.scalars(
        select(User).join(ForumModerator, ForumModerator.user_id == User.id)
        .where(ForumModerator.forum_id == post.forum_id)
    ).all()
    queue = public_url_for("moderation.queue", slug=post.forum.slug)
    author, title = one_line(post.author.display_name), one_line(post.thread.title)
    for moderator in moderators:
        with speaking(moderator):
            _notice(moderator.id, post, _("A new post by %(author)s awaits moderation.",
                                          author=author))
            if moderator.email:
                queue_mail(
                    moderator.email,
                    _("[%(forum)s] A post awaits moderation", forum=post.forum.slug),
                    _("A new post by %(author)s in \"%(title)s\" awaits moderation.\n\n"
                      "Open the queue: %(link)s\n", author=author, title=title, link=queue),
                )


def notify_author(post: Post, decision: str, reason: str = "") -> None:
    """Tell the author their post was approved or rejected (with the reason)."""
    title = one_line(post.thread.title)
    with speaking(post.author):
        if decision == "approved":
            message = _("Your post in \"%(title)s\" was approved and is now public.", title=title)
            subject = _("[%(forum)s] Your post was approved", forum=post.forum.slug)
        else:
            message = _("Your post in \"%(title)s\" was not approved. Reason: %(reason)s",
                        title=title, reason=canned_reason(reason))
            subject = _("[%(forum)s] Your post was rejected", forum=post.forum.slug)
        _notice(post.author_id, post, message)
        if post.author.email:
            queue_mail(post.author.email, subject,
                       _("Dear %(name)s,\n\n%(message)s\n\n%(link)s\n",
                         name=one_line(post.author.display_name), message=message,
                         link=_post_link(post)))


def _watchers(post: Post, mode: str) -> list[Watch]:
    return db.session.scalars(
        select(Watch).where(
            Watch.mode == mode,
            or_(Watch.forum_id == post.forum_id, Watch.thread_id == post.thread_id),
        ).order_by(Watch.id)
    ).all()


def may_email_watchers(post: Post) -> bool:
    """Only the public record goes to watchers: an approved post in a thread whose opening is
    approved (forum/visibility.py)."""
    if post.state != PostState.APPROVED:
        return False
    return db.session.scalar(
        select(Post.id).where(Post.id == post.id, public_posts_clause())) is not None


def unwatch_link(watch: Watch) -> str:
    token = make_token(watch.user, "unwatch", watch=watch.id)
    return public_url_for("threads.unwatch", token=token)


def author_line(author: User) -> str:
    """The author as bylines show them: name, then organization (or else country)."""
    where = one_line(author.organization or country_name(author.country) or "")
    name = one_line(author.display_name)
    return f"{name}, {where}" if where else name


def byline(post: Post) -> str:
    when = post.created_at.strftime("%Y-%m-%d %H:%M")
    return _("posted on %(when)s UTC by %(author)s", when=when, author=author_line(post.author))


def publish_approved(post: Post) -> None:
    """Queue an approved message for everyone watching its forum or thread (one each).
    Approving an opening also releases the replies approved while it was pending."""
    if not may_email_watchers(post):
        return
    _publish(post)
    if post.kind == PostKind.OPENING:
        for held in db.session.scalars(select(Post).where(
                Post.thread_id == post.thread_id, Post.id != post.id,
                Post.state == PostState.APPROVED).order_by(Post.number)):
            _publish(held)


def _reply_to(user: User, post: Post) -> str | None:
    """The watcher's own signed reply address for the post's thread (docs/email.md), if
    replies by email are set up and they may reply there now. Moderators get none: their
    replies are published without review, so they answer on the site (docs/email.md)."""
    if not current_app.config.get("REPLY_DOMAIN") or not can_reply(user, post.thread) \
            or can_moderate(user, post.thread.forum):
        return None
    return reply_address(user.id, post.thread_id)


def _publish(post: Post) -> None:
    sent: set[int] = set()
    for watch in _watchers(post, "each"):
        user = watch.user
        if user.id in sent or user.id == post.author_id or not user.email:
            continue
        sent.add(user.id)
        unsubscribe = unwatch_link(watch)
        headers = {"List-Unsubscribe": f"<{unsubscribe}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        reply_to = _reply_to(user, post)
        if reply_to:
            headers["Reply-To"] = reply_to
        with speaking(user):
            top = ""
            if reply_to:
                # The marker stays in English: the inbound server cuts replies at it.
                top = REPLY_MARKER + "\n" + _("Reply to this email to answer in the thread; "
                                              "your reply is published once a moderator "
                                              "approves it.") + "\n\n"
            queue_mail(
                user.email,
                f"[#{post.number}] {post.subject}",
                f"{top}{post.body}\n\n{byline(post)}\n\n"
                + _("Read it online: %(link)s\n\nStop watching: %(unsubscribe)s\n",
                    link=_post_link(post), unsubscribe=unsubscribe),
                headers=headers,
            )


def send_daily_digests() -> int:
    """Queue one email per daily watcher with the messages that became public since their
    last digest, and commit; returns how many were queued."""
    moment = now()
    queued = 0
    for watch in db.session.scalars(select(Watch).where(Watch.mode == "daily")).all():
        since = watch.last_digest_at or watch.created_at
        scope = Post.thread_id == watch.thread_id if watch.thread_id else (
            Post.forum_id == watch.forum_id)
        # A post counts once its thread is public too: a reply approved while the opening
        # was pending comes in the digest after the opening's approval.
        opening = aliased(Post)
        posts = db.session.scalars(
            # Public now (forum/visibility.py), and became so since the last digest: approved
            # since then, or its thread's opening was.
            select(Post).outerjoin(opening, and_(opening.thread_id == Post.thread_id,
                                                 opening.kind == PostKind.OPENING))
            .where(scope, public_posts_clause(),
                   or_(Post.approved_at > since, opening.approved_at > since),
                   Post.approved_at <= moment,
                   or_(opening.id.is_(None), opening.approved_at <= moment))
            .order_by(Post.number)
        ).all()
        watch.last_digest_at = moment
        if not posts or not watch.user.email:
            continue
        with speaking(watch.user):
            parts = [f"[#{p.number}] {one_line(p.subject)}\n\n{p.body}\n\n{byline(p)}\n"
                     f"{_post_link(p)}" for p in posts]
            queue_mail(watch.user.email,
                       ngettext("Daily digest: %(num)d new message",
                                "Daily digest: %(num)d new messages", len(posts)),
                       "\n\n----\n\n".join(parts) + "\n\n"
                       + _("Stop watching: %(link)s\n", link=unwatch_link(watch)))
        queued += 1
    db.session.commit()
    return queued
