"""Reading a received message: its sender, Message-ID and text, whatever its MIME shape.

Pure (no Flask, no database). Anything malformed (broken headers, unknown charsets,
undecodable bytes, NUL) gives text with replacement characters or a MalformedMail,
never an exception of another kind: the SMTP server must answer every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes
from email.errors import MessageError
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser

_SURROGATES = re.compile(r"[\ud800-\udfff]")


class MalformedMail(ValueError):
    """The message cannot be read as an email with one sender."""


@dataclass(frozen=True)
class InboundMail:
    sender: str  # the one address of the From header
    message_id: str  # "" when the message has none
    subject: str
    text: str  # the text/plain body (or the HTML body as text), before stripping
    automatic: bool  # an auto-reply or a bounce (RFC 3834): never posted, never answered


def _text_of(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError, AssertionError):
        # An unknown or lying charset: read the bytes as UTF-8, replacing what is not.
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return _SURROGATES.sub("\ufffd", str(content))


class _HtmlText(HTMLParser):
    """HTML as Markdown source: blocks become lines, list items "- " or "1. ", links
    [text](<href>), blockquotes "> " lines; scripts, styles and the head disappear. The
    result is rendered later like any post (raw HTML off), so nothing here needs to be
    safe as HTML."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
              "table", "ul", "ol", "pre", "blockquote"}
    HIDDEN = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = [(0, "")]  # (quote depth, text) per line
        self.quote = 0
        self.hidden = 0
        self.lists: list[str] = []
        self.link: tuple[str, int, int] | None = None  # href, line index, offset

    def _newline(self) -> None:
        if self.lines[-1][1].strip():
            self.lines.append((self.quote, ""))
        else:
            self.lines[-1] = (self.quote, "")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
            return
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(("http://", "https://", "mailto:")) and \
                    not any(ch in href for ch in "<> \n"):
                self.link = (href, len(self.lines) - 1, len(self.lines[-1][1]))
            return
        if tag not in self.BLOCKS:
            return
        if tag == "blockquote":
            self.quote += 1
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        self._newline()
        if tag == "li":
            marker = "1. " if self.lists and self.lists[-1] == "ol" else "- "
            self.lines[-1] = (self.quote, marker)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag == "a":
            self._end_link()
        elif tag in self.BLOCKS:
            if tag == "blockquote":
                self.quote = max(self.quote - 1, 0)
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            self._newline()

    def _end_link(self) -> None:
        if self.link is None:
            return
        href, index, offset = self.link
        self.link = None
        depth, text = self.lines[-1]
        label = text[offset:].strip() if index == len(self.lines) - 1 else ""
        if label and label != href and href not in label:
            self.lines[-1] = (depth, f"{text[:offset]}[{label}](<{href}>)")
        elif not label:
            self.lines[-1] = (depth, f"{text} <{href}>")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            depth, text = self.lines[-1]
            self.lines[-1] = (depth, text + data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = ["> " * depth + " ".join(text.split()) for depth, text in parser.lines]
    return "\n".join(line.rstrip() for line in lines).strip()


def _sender(message: EmailMessage) -> str:
    header = message["From"]
    addresses = getattr(header, "addresses", ())
    if len(addresses) != 1 or not addresses[0].addr_spec or "@" not in addresses[0].addr_spec:
        raise MalformedMail("The message must come from exactly one address.")
    # Raw 8-bit bytes in a header come back as surrogates: they match no one's address.
    return _SURROGATES.sub("\ufffd", addresses[0].addr_spec)


def _automatic(message: EmailMessage, envelope_sender: str) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (auto not in ("", "no") or precedence in ("bulk", "junk", "list")
            or envelope_sender in ("", "<>"))


def read_mail(raw: bytes, envelope_sender: str = "-") -> InboundMail:
    """The parts of `raw` a reply needs; raises MalformedMail if it has no single sender."""
    try:
        message = message_from_bytes(raw, policy=default)
        sender = _sender(message)
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            text = ""
        elif body.get_content_type() == "text/html":
            text = html_to_text(_text_of(body))
        else:
            text = _text_of(body)
        return InboundMail(
            sender=sender,
            message_id=_SURROGATES.sub("", str(message.get("Message-ID", "") or "").strip()),
            subject=_SURROGATES.sub("", str(message.get("Subject", "") or "")),
            text=text,
            automatic=_automatic(message, envelope_sender),
        )
    except MalformedMail:
        raise
    except (MessageError, LookupError, UnicodeError, ValueError, TypeError, AttributeError,
            IndexError, AssertionError) as error:
        raise MalformedMail(f"The message could not be read ({type(error).__name__}).") \
            from error
