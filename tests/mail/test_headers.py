"""Threat #11: no thread title, forum slug or display name can break or add a header."""

from __future__ import annotations

from email import message_from_bytes
from email.headerregistry import Address
from email.policy import default

import pytest

from forum.mail.compose import build_message, one_line
from forum.moderation import actions as moderation
from forum.threads import actions as writing
from tests.helpers import make_forum, make_reply, make_thread, make_user
from tests.mail.support import header_names
from tests.web.support import fast_password_hashing, reload  # noqa: F401

# Every character Python treats as a line boundary, and other control characters.
SEPARATORS = ["\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
              "\u2029", "\x00", "\x1b"]
ALLOWED = {"from", "to", "subject", "date", "message-id", "content-type",
           "content-transfer-encoding", "mime-version", "auto-submitted", "list-unsubscribe",
           "list-unsubscribe-post"}


@pytest.mark.parametrize("separator", SEPARATORS, ids=lambda s: f"U+{ord(s[-1]):04X}")
def test_one_line_leaves_no_line_break_of_any_kind(separator):
    flat = one_line(f"Hi{separator}Bcc: victim@example.org")
    assert flat == "Hi Bcc: victim@example.org"
    assert len(flat.splitlines()) == 1


@pytest.mark.parametrize("separator", SEPARATORS, ids=lambda s: f"U+{ord(s[-1]):04X}")
def test_a_built_message_has_one_subject_and_no_added_header(separator):
    message = build_message(
        sender_address=Address("Forum", addr_spec="forum@example.org"),
        recipient="reader@example.org", subject=f"Hi{separator}Bcc: victim@example.org",
        body="Text\n", headers={"List-Unsubscribe": f"<http://x/>{separator}Cc: a@b.org",
                                f"Bcc{separator}": "victim@example.org"})
    parsed = message_from_bytes(bytes(message), policy=default)
    assert header_names(parsed).count("subject") == 1
    assert set(header_names(parsed)) <= ALLOWED
    assert "victim" not in str(parsed["To"])


def test_an_address_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        build_message(sender_address=Address("F", addr_spec="f@example.org"),
                      recipient="a@example.org\r\nBcc: victim@example.org", subject="x",
                      body="x\n")


def test_a_hostile_title_and_name_reach_the_smtp_server_as_one_subject_and_no_bcc(
        app, smtp, monkeypatch):
    # Actions refuse a title with a line break (forum/threads/rules.py); the headers must hold
    # even without that rule (a title from before it, or from an archive), so it is lifted.
    monkeypatch.setattr("forum.threads.actions.clean_title", lambda title: title)
    moderator = make_user("moderator", name="Mod\nBcc: victim@example.org")
    author = make_user(name="Eve\r\nCc: victim@example.org", title="Ms.\u2028X-Evil: 1")
    watcher = make_user(email="watcher@example.org")
    forum = make_forum(moderators=[moderator], participants_may_open_threads=True)
    writing.watch(watcher, forum=forum)
    thread = make_thread(forum, moderator, title="Hi\r\nBcc: victim@example.org")
    reply = make_reply(thread, author, "A reply.")  # the moderator is told, with the name
    moderation.approve_post(reload(reply), acting_user=moderator, version=1)

    messages = smtp.wait_for(4)
    assert len(messages) == 4  # opening and reply to the watcher, notices to mod and author
    for message, (_, recipients) in zip(messages, smtp.envelopes, strict=True):
        names = header_names(message)
        assert names.count("subject") == 1 and names.count("to") == 1
        assert "bcc" not in names and "cc" not in names and "x-evil" not in names
        assert set(names) <= ALLOWED
        assert recipients == [message["To"]]  # the envelope went to the one recipient
        assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert "victim@example.org" not in {r for _, rs in smtp.envelopes for r in rs}
    [opening] = [m for m in smtp.to(watcher.email) if "RE:" not in m["Subject"]]
    assert opening["Subject"].endswith("Hi Bcc: victim@example.org")
    [notice] = smtp.to(moderator.email)
    assert "A new post by Ms. X-Evil: 1 Eve Cc: victim@example.org in" in \
        notice.get_body(("plain",)).get_content()
