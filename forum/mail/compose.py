"""Building an email from stored parts so that no text can break or add a header.

Titles, forum slugs and display names end up in subjects and bodies. A line break in a
header value (CR, LF, or any other separator Python's `str.splitlines` knows: U+0085,
U+2028, U+2029, vertical tab, form feed, the file/group/record separators) could start a
new header such as `Bcc:`. So subjects and names are flattened to one line of text,
addresses go through `email.headerregistry.Address` (which refuses CR and LF), and only
the extra headers we produce ourselves are copied, by an allowlist of names.
"""

from __future__ import annotations

import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

# Headers a notification may carry besides those build_message always writes.
EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "Reply-To")
SUBJECT_MAX = 300


def one_line(text: object) -> str:
    """The text as a single line: control characters and line or paragraph separators
    become spaces and runs of white space collapse to one."""
    cleaned = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(text)
    )
    return " ".join(cleaned.split())


def mailbox(address: str, name: str = "") -> Address:
    """An address header value; raises ValueError for anything that is not one address."""
    address = (address or "").strip()
    if not address or address != one_line(address) or " " in address:
        raise ValueError(f"not an email address: {address!r}")
    parsed = Address(display_name=one_line(name), addr_spec=address)
    if not parsed.domain or not parsed.username:
        raise ValueError(f"not an email address: {address!r}")
    return parsed


def sender(configured: str) -> Address:
    """MAIL_SENDER ("Name <address>" or a bare address) as an Address."""
    from email.utils import parseaddr

    name, address = parseaddr(one_line(configured))
    return mailbox(address, name)


def build_message(*, sender_address: Address, recipient: str, subject: str, body: str,
                  headers: dict[str, str] | None = None, domain: str = "forum.local"
                  ) -> EmailMessage:
    """The message as it leaves: one From, one To, one Subject, allowlisted extras.
    Raises ValueError if the recipient or the sender is not one valid address."""
    message = EmailMessage()
    message["From"] = sender_address
    message["To"] = mailbox(recipient)
    message["Subject"] = one_line(subject)[:SUBJECT_MAX]
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=domain)
    # RFC 3834: machine-written, so out-of-office replies stay away from the sender.
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        if name in EXTRA_HEADERS:
            message[name] = one_line(value)
    message.set_content(body)
    return message
