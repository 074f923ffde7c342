"""Whatever arrives, the inbound server answers with an SMTP code and stays up: HTML-only
mail, other charsets, broken MIME, NUL, oversized messages. And the reply addresses
themselves: short, lower case, signed, dated."""

from __future__ import annotations

import smtplib
from datetime import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.mail.inbound.address import make_token, read_token, reply_address, token_of
from forum.mail.inbound.parse import MalformedMail, html_to_text, read_mail
from forum.models import Post
from tests.helpers import setup_forum
from tests.mail.inbound_support import REPLY_DOMAIN, Inbound
from tests.web.support import fast_password_hashing  # noqa: F401


@pytest.fixture
def inbound(app):
    app.config.update(REPLY_DOMAIN=REPLY_DOMAIN, INBOUND_MAX_BYTES=64 * 1024)
    server = Inbound(app)
    try:
        yield server
    finally:
        server.stop()


def bodies_of(user) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Post.body).where(Post.author_id == user.id)))


def test_reply_addresses_fit_a_local_part_and_read_back(app):
    app.config["REPLY_DOMAIN"] = REPLY_DOMAIN
    address = reply_address(4_000_000_000, 123_456_789)
    local = address.split("@")[0]
    assert len(local) == 46 <= 64 and local == local.lower()
    token = token_of(address.upper())
    found = read_token(token)
    assert (found.user_id, found.thread_id, found.expired) == (4_000_000_000, 123_456_789,
                                                               False)


def test_a_token_signed_with_another_key_is_forged(app):
    token = make_token(1, 2)
    app.config["SECRET_KEY"] = "another key"
    assert read_token(token) is None


def test_a_token_expires_after_the_configured_days(app):
    app.config["REPLY_TOKEN_MAX_AGE_DAYS"] = 10
    token = make_token(1, 2, datetime(2026, 1, 1, 23, 59))
    from tests.web.support import set_clock

    clock = set_clock(app, datetime(2026, 1, 11, 12, 0))
    assert read_token(token).expired is False
    clock.advance(days=1)
    assert read_token(token).expired is True


def test_no_reply_address_without_a_domain(app):
    app.config["REPLY_DOMAIN"] = None
    assert reply_address(1, 2) is None
    assert token_of(f"reply+{make_token(1, 2)}@{REPLY_DOMAIN}") is None


def test_html_only_mail_is_read_as_text_with_its_quotes():
    html = ("<html><head><style>p{}</style></head><body><p>We agree&nbsp;with <b>form B</b>."
            "</p><script>alert(1)</script><div>Second line</div>"
            "<div>On Thu, 3 Dec 2026 at 10:15 Forum wrote:</div>"
            "<blockquote><p>Please share.</p></blockquote></body></html>")
    assert html_to_text(html) == ("We agree with form B.\nSecond line\n"
                                  "On Thu, 3 Dec 2026 at 10:15 Forum wrote:\n> Please share.")


def test_a_message_without_one_sender_is_malformed():
    for raw in (b"Subject: no sender\r\n\r\nHello\r\n",
                b"From: a@example.org, b@example.org\r\n\r\nHello\r\n",
                b"From: not an address\r\n\r\nHello\r\n"):
        with pytest.raises(MalformedMail):
            read_mail(raw)


def test_a_bounce_or_auto_reply_is_automatic():
    assert read_mail(b"From: a@example.org\r\n\r\nHi\r\n", "").automatic
    assert read_mail(b"From: a@example.org\r\nAuto-Submitted: auto-replied\r\n\r\nHi\r\n",
                     "a@example.org").automatic
    assert not read_mail(b"From: a@example.org\r\n\r\nHi\r\n", "a@example.org").automatic


def _raw(sender: str, to: str, headers: str, body: bytes) -> bytes:
    return (f"From: {sender}\r\nTo: {to}\r\nMessage-ID: <{abs(hash(body))}@x.example>\r\n"
            f"{headers}\r\n").encode() + body


def test_charsets_and_html_only_mail_are_posted_as_text(app, inbound):
    forum, moderator, participant, thread = setup_forum()
    to = reply_address(participant.id, thread.id)
    latin = _raw(participant.email, to, "Content-Type: text/plain; charset=iso-8859-1\r\n",
                 "Réponse de la délégation.\r\n".encode("latin-1"))
    assert inbound.send_raw(latin, to=to, mail_from=participant.email).code == 250
    html = _raw(participant.email, to, "MIME-Version: 1.0\r\nContent-Type: text/html; "
                "charset=utf-8\r\n", "<p>生物安全 <i>matters</i></p>".encode())
    assert inbound.send_raw(html, to=to, mail_from=participant.email).code == 250
    assert sorted(bodies_of(participant)) == ["Réponse de la délégation.", "生物安全 matters"]


MALFORMED = [
    # an unknown charset
    ("Content-Type: text/plain; charset=x-no-such-charset\r\n", b"Hello there\r\n"),
    # a charset that lies about the bytes
    ("Content-Type: text/plain; charset=utf-8\r\n", b"caf\xe9 \xff\xfe\r\n"),
    # broken base64
    ("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n", b"!!!not base64@@\r\n"),
    # NUL in the body
    ("", b"Hello\x00world\r\n"),
    # a multipart without its boundary
    ("MIME-Version: 1.0\r\nContent-Type: multipart/alternative\r\n", b"--x\r\nno parts\r\n"),
    # a multipart with no text at all
    ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n",
     b"--b\r\nContent-Type: image/png\r\n\r\nPNG\r\n--b--\r\n"),
    # raw 8-bit garbage in a header, and an encoded word that is not one
    ("Subject: =?utf-8?q?broken=ZZ?= \xff\r\n", b"Body\r\n"),
    # a header line without a colon and a lone CR
    ("this is not a header\r\nX-Odd: a\rb\r\n", b"Body\r\n"),
]


@pytest.mark.parametrize("headers,body", MALFORMED)
def test_malformed_messages_get_an_answer_never_a_crash(app, smtp, inbound, headers, body):
    forum, moderator, participant, thread = setup_forum()
    to = reply_address(participant.id, thread.id)
    raw = _raw(participant.email, to, "", b"").rstrip(b"\r\n") + b"\r\n" + \
        headers.encode("latin-1") + b"\r\n" + body
    answer = inbound.send_raw(raw, to=to, mail_from=participant.email)
    assert answer.code in (250, 550), answer
    for post_body in bodies_of(participant):
        assert "\x00" not in post_body
    # The server is still up and still posts.
    good = inbound.send(sender=participant.email, to=to, body="Still here.")
    assert good.code == 250 and "Still here." in bodies_of(participant)


def test_a_message_over_the_size_limit_is_refused(app, inbound):
    forum, moderator, participant, thread = setup_forum()
    to = reply_address(participant.id, thread.id)
    with pytest.raises(smtplib.SMTPException) as refused, \
            smtplib.SMTP("127.0.0.1", inbound.port, timeout=10) as client:
        client.sendmail(participant.email, [to],
                        _raw(participant.email, to, "", b"x" * (70 * 1024)))
    assert "552" in str(refused.value) or "too" in str(refused.value).lower()
    assert bodies_of(participant) == []


def test_html_lists_and_links_become_markdown():
    html = ('<p>See <a href="https://bch.cbd.int/x?a=1&amp;b=2">the guidance</a> and '
            '<a href="https://example.org/">https://example.org/</a>:</p>'
            '<ul><li>radio</li><li>posters</li></ul><ol><li>first</li><li>second</li></ol>'
            '<p><a href="javascript:alert(1)">bad</a></p>')
    assert html_to_text(html) == (
        "See [the guidance](<https://bch.cbd.int/x?a=1&b=2>) and https://example.org/:\n"
        "- radio\n- posters\n1. first\n1. second\nbad")


def test_raw_8bit_bytes_in_the_sender_match_no_one(app, smtp, inbound):
    forum, moderator, participant, thread = setup_forum()
    to = reply_address(participant.id, thread.id)
    local, domain = participant.email.split("@")
    for sender in (f"{local}\xff@{domain}".encode("latin-1"),
                   f"An\xe9 <{participant.email}>".encode("latin-1")):
        raw = b"From: " + sender + f"\r\nTo: {to}\r\nSubject: x\r\n\r\nEight bits.\r\n".encode()
        answer = inbound.send_raw(raw, to=to, mail_from=participant.email)
        assert answer.code in (250, 550), answer
    assert bodies_of(participant) in ([], ["Eight bits."])
