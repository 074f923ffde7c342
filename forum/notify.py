"""Telling people what happened: in-app notices and email, sent after the commit.

Nothing here ever emails the text of a post that is not approved: moderators get a link
to the queue, authors get their own decision, watchers get approved messages only.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from forum.auth.tokens import make_token
from forum.clock import now
from forum.countries import country_name
from forum.extensions import db
from forum.mail import public_url_for, send_mail
from forum.models import ForumModerator, Notification, Post, User, Watch


def _post_link(post: Post) -> str:
    return public_url_for("forums.post", post_id=post.id)


def _notice(user_id: int, post: Post, message: str) -> None:
    db.session.add(Notification(user_id=user_id, post_id=post.id, message=message,
                                created_at=now()))


def notify_moderators_of_pending(post: Post) -> None:
    moderators = db.session.scalars(
        select(User).join(ForumModerator, ForumModerator.user_id == User.id)
        .where(ForumModerator.forum_id == post.forum_id)
    ).all()
    queue = public_url_for("moderation.queue", slug=post.forum.slug)
    for moderator in moderators:
        _notice(moderator.id, post, f"A new post by {post.author.display_name} awaits moderation.")
    db.session.commit()
    for moderator in moderators:
        if moderator.email:
            send_mail(
                moderator.email,
                f"[{post.forum.slug}] A post awaits moderation",
                f"A new post by {post.author.display_name} in \"{post.thread.title}\" awaits "
                f"moderation.\n\nOpen the queue: {queue}\n",
            )


def notify_author(post: Post, decision: str, reason: str = "") -> None:
    """Tell the author their post was approved or rejected (with the reason)."""
    if decision == "approved":
        message = f"Your post in \"{post.thread.title}\" was approved and is now public."
    else:
        message = f"Your post in \"{post.thread.title}\" was not approved. Reason: {reason}"
    _notice(post.author_id, post, message)
    db.session.commit()
    if post.author.email:
        send_mail(post.author.email, f"[{post.forum.slug}] Your post was {decision}",
                  f"Dear {post.author.display_name},\n\n{message}\n\n{_post_link(post)}\n")


def _watchers(post: Post, mode: str) -> list[Watch]:
    return db.session.scalars(
        select(Watch).where(
            Watch.mode == mode,
            or_(Watch.forum_id == post.forum_id, Watch.thread_id == post.thread_id),
        ).order_by(Watch.id)
    ).all()


def unwatch_link(watch: Watch) -> str:
    token = make_token(watch.user, "unwatch", watch=watch.id)
    return public_url_for("threads.unwatch", token=token)


def byline(post: Post) -> str:
    author = post.author
    where = author.organization or country_name(author.country)
    text = f"posted on {post.created_at:%Y-%m-%d %H:%M} UTC by {author.display_name}"
    return f"{text}, {where}" if where else text


def publish_approved(post: Post) -> None:
    """Email an approved message to everyone watching its forum or thread (one each)."""
    if post.state != "approved":
        return
    sent: set[int] = set()
    for watch in _watchers(post, "each"):
        user = watch.user
        if user.id in sent or user.id == post.author_id or not user.email:
            continue
        sent.add(user.id)
        unsubscribe = unwatch_link(watch)
        send_mail(
            user.email,
            f"[#{post.number}] {post.subject}",
            f"{post.body}\n\n{byline(post)}\n\nRead it online: {_post_link(post)}\n\n"
            f"Stop watching: {unsubscribe}\n",
            headers={"List-Unsubscribe": f"<{unsubscribe}>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )


def send_daily_digests() -> int:
    """One email per daily watcher with the messages approved since their last digest."""
    moment = now()
    sent = 0
    for watch in db.session.scalars(select(Watch).where(Watch.mode == "daily")).all():
        since = watch.last_digest_at or watch.created_at
        scope = Post.thread_id == watch.thread_id if watch.thread_id else (
            Post.forum_id == watch.forum_id)
        posts = db.session.scalars(
            select(Post).where(scope, Post.state == "approved", Post.approved_at > since,
                               Post.approved_at <= moment)
            .order_by(Post.number)
        ).all()
        watch.last_digest_at = moment
        if not posts or not watch.user.email:
            continue
        parts = [f"[#{p.number}] {p.subject}\n\n{p.body}\n\n{byline(p)}\n{_post_link(p)}"
                 for p in posts]
        send_mail(watch.user.email, f"Daily digest: {len(posts)} new message(s)",
                  "\n\n----\n\n".join(parts) + f"\n\nStop watching: {unwatch_link(watch)}\n")
        sent += 1
    db.session.commit()
    return sent
