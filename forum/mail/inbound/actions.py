"""Turning a received email into a reply, with the web's rules, or refusing it.

The rules of posting are not restated here: the reply goes through
`forum.threads.actions.submit_reply`, the action the reply form and the API call. What is
added is only what email needs: the reply address must be one we signed and not expired,
the message must come from the address's owner, the thread must exist for them, and some
text must be left once quotes and signatures are stripped.

Who hears about a refusal (docs/email.md, "Bounces"): until the sender is known to be the
address's owner, a refusal is an SMTP 550 answer during the session (ReplyRefused without
`owner`), so this server never writes to an address it has not verified (no backscatter);
once it is, the refusal is an email to the owner's registered address, with the reason and
the text they wrote.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _

from forum.extensions import db
from forum.mail import one_line, public_url_for, queue_mail
from forum.mail.inbound.address import read_token, token_of
from forum.mail.inbound.parse import InboundMail
from forum.mail.inbound.strip import strip_reply
from forum.models import Post, Thread, User
from forum.permissions import can_moderate
from forum.refusals import Refused
from forum.threads.actions import submit_reply
from forum.visibility import thread_is_visible


class ReplyRefused(Refused):
    """An emailed reply that is not posted; with `owner`, the reason is mailed to them."""

    status = 422

    def __init__(self, message: str, *, owner: User | None = None,
                 thread: Thread | None = None, text: str = "") -> None:
        super().__init__(message)
        self.owner = owner
        self.thread = thread
        self.text = text


def recipient_refusal(recipient: str) -> str:
    """Why mail for `recipient` is not accepted ("" if it is a genuine reply address)."""
    token = token_of(recipient)
    if token is None:
        return _("This server accepts only reply addresses of this forum.")
    if read_token(token) is None:
        return _("This reply address is not valid: it was not issued by this forum or "
                 "it was changed.")
    return ""


def idempotency_key(message_id: str) -> str | None:
    """The post's idempotency key for a Message-ID: a retry of one message posts once."""
    if not message_id:
        return None
    # 70 characters, within MAX_IDEMPOTENCY_KEY whatever the length of the Message-ID.
    return "email-" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


def reply_by_email(recipient: str, mail: InboundMail) -> tuple[Post, bool]:
    """Post `mail` as a reply of the recipient address's owner in its thread.
    Returns (post, created), as submit_reply does; raises ReplyRefused."""
    refusal = recipient_refusal(recipient)
    if refusal:
        raise ReplyRefused(refusal)
    address = read_token(token_of(recipient) or "")
    user = db.session.get(User, address.user_id)
    thread = db.session.get(Thread, address.thread_id)
    if user is None or thread is None:
        raise ReplyRefused(_("This reply address is no longer valid."))
    if not user.email or mail.sender.strip().lower() != user.email.strip().lower():
        raise ReplyRefused(_("This reply address belongs to another participant: reply from "
                             "the address the notification was sent to."))
    text = strip_reply(mail.text)
    owned = {"owner": user, "thread": thread, "text": text or mail.text}
    if address.expired:
        raise ReplyRefused(_("This reply address has expired. Please reply on the forum's "
                             "page, or to a more recent notification."), **owned)
    if not thread_is_visible(thread, user):
        raise ReplyRefused(_("This discussion is not available."), **owned)
    if can_moderate(user, thread.forum):
        # A moderator's post is published without review, and staff sign in with a second
        # factor: a forwarded notification and a forged From must not be enough for that.
        raise ReplyRefused(_("Moderators answer on the forum's page: a reply by email would "
                             "be published without review or two-factor sign-in."), **owned)
    if not text.strip():
        raise ReplyRefused(_("No text was left once the quoted message and the signature were "
                             "removed. Write your reply above the quoted message."), **owned)
    try:
        return submit_reply(thread, author=user, body=text,
                            key=idempotency_key(mail.message_id))
    except ReplyRefused:
        raise
    except Refused as refused:
        # The web's own refusal (window, lock, accreditation, limits), told by email.
        db.session.rollback()
        raise ReplyRefused(refused.message, **owned) from refused


def bounce(refusal: ReplyRefused) -> None:
    """Mail the reason of a refusal to the verified owner of the address, and commit."""
    owner, thread = refusal.owner, refusal.thread
    if owner is None or thread is None or not owner.email:
        return
    title = one_line(thread.title)
    link = public_url_for("forums.thread", thread_id=thread.id)
    # NUL cannot be stored (PostgreSQL text) and has no business in a mail body.
    text = refusal.text.replace("\x00", "\ufffd")
    quoted = "\n".join(f"> {line}" for line in text.splitlines()) or "> "
    body = (
        _("Dear %(name)s,", name=one_line(owner.display_name)) + "\n\n"
        + _("Your emailed reply to \"%(title)s\" was not posted.", title=title) + "\n\n"
        + _("Reason: %(reason)s", reason=refusal.message) + "\n\n"
        + _("What you wrote:") + f"\n\n{quoted}\n\n"
        + _("The discussion: %(link)s", link=link) + "\n"
    )
    queue_mail(owner.email, _("Your reply was not posted: %(title)s", title=title), body)
    db.session.commit()
