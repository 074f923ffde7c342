"""What a real archive carries around a message's own words: quoted and forwarded mail,
signatures, greetings, reference lists, URLs, code, and the fillers of a spoken transcript.

Two passes, both pure: `body` works on a post's lines before Markdown is read (headers and
signatures are line-shaped), `sentence` (`tidy.py`) on each sentence after splitting
(citations, URLs, fillers and vocatives sit inside sentences). `Seen` drops what a later
message re-quotes without "> ": the words stay linked to the post that said them first.
These are conventions of e-mail and of transcripts in general, not of any one list or
meeting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from synthesis.stages.chatter import has_verb
from synthesis.stages.tidy import EMAIL
from synthesis.text import CJK, URL

# "-----Original Message-----", "_____ Original message _____", "---------- Forwarded
# message ---------", "Begin forwarded message:": what follows is someone else's mail.
_SEPARATOR = re.compile(
    r"^\s*(?:[-_=*]{2,}\s*(?:original|forwarded|forward)\s+(?:message|mail|e-?mail)\s*[-_=*]*"
    r"|begin forwarded message\s*:?|[-_=]{2,}\s*(?:reply|message) (?:separator|below)"
    r"[-_=]*)\s*$", re.IGNORECASE)
# Mail headers of a quoted or forwarded message ("From: ... Sent: ... To: ... Subject: ...").
_HEADER = re.compile(r"^\s*[>\s]*(?:from|sent|to|cc|bcc|subject|date|sender|reply-to|"
                     r"organi[sz]ation|message-id|in-reply-to|importance)\s*:", re.IGNORECASE)
# "On Mon, 3 May 2004, Ann Lee wrote:", "Ann Lee <ann@x.org> writes:", "Quoting Bo Chen:".
_ATTRIBUTION = re.compile(r"^\s*(?:.{0,200}\b(?:wrote|writes|a écrit|schrieb)"
                          r"|quoting\b.{0,80})\s*:\s*$", re.IGNORECASE)
# "ann@lists.example wrote" alone on its line, without the colon.
_ATTRIBUTION_BARE = re.compile(r"^\s*(?:\S+@\S+|(?:[A-Z][\w.'-]*\s+){1,4}|on\s.{0,120})\s*"
                               r"(?:wrote|writes)\s*$")
_ATTRIBUTION_START = re.compile(r"^\s*(?:on|at|in|le|am)\s+\S", re.IGNORECASE)
# The usenet signature delimiter ("-- "), alone or with the name on the same line.
_SIG_DELIMITER = re.compile(r"^\s*--\s*(?:[A-Z#][\w.#' -]{0,40})?\s*$")
_SIGN_OFF = re.compile(
    r"^\s*(?i:(?:best|kind|warm|warmest|many|with best)?\s*(?:regards|wishes|thanks)|thanks"
    r"(?: again| in advance)?|thank you|cheers|best|sincerely|yours(?: sincerely| truly)?"
    r"|respectfully|ciao|take care|all the best|hope this helps)\s*[,.!-]?\s*(?:[A-Z]\S*"
    r"(?:\s+[A-Z]\S*){0,3})?\s*$")
_GREETING = re.compile(r"^\s*(?:(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|"
                       r"evening|day))\b[^.!?]{0,60}|all|folks|everyone|colleagues)\s*[,:!]\s*$",
                       re.IGNORECASE)
_PHONE = re.compile(r"\b(?:tel|phone|fax|mobile|cell|mob|ph|t|f|m)\b\.?\s*[:.]?\s*\+?[\d(]"
                    r"|^\s*\+?[\d()][\d ().+/-]{6,}\s*$", re.IGNORECASE)
_PHONE_HINT = re.compile(r"[\d()]")
_REFERENCE = re.compile(r"^\s*\[\d{1,3}\]\s*(?:\S+\s*)?$|^\s*\[\d{1,3}\]\s*(?:<?https?://|www\.)")
_REFERENCES_HEAD = re.compile(r"^\s*(?:references|refs|links|notes|bibliography|sources)\s*:?\s*$",
                              re.IGNORECASE)
_URL_LINE = re.compile(r"^\s*[<(\[]?\s*(?:https?://|www\.)\S+\s*[>)\]]?\s*$", re.IGNORECASE)
# Lines of markup or program text: a tag, a lone brace, an assignment or call ending in ";".
_CODE = re.compile(r"^\s*(?:</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>.*|[{}()\[\];]+|.*[=(].*;"
                   r"|.*\{|\}.*|(?:#include|#define|def|function|var|const|public|private"
                   r"|return)\b.*[({;=].*|[\w.\[\]]+\s*[+\-*/]?=\s*\S+;?)\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;)\"”'’»؟。！？；：）」』]\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def _signature_like(line: str, lang: str = "en") -> bool:
    """A name, title, organization, address, phone or e-mail line at a message's end."""
    stripped = line.strip()
    if not stripped:
        return True
    if EMAIL.search(stripped) and len(EMAIL.sub("", stripped).split()) <= 8:
        return True
    # A phone number needs a digit or a parenthesis: most lines have neither (checked first).
    if (_PHONE_HINT.search(stripped) and _PHONE.search(stripped) or _URL_LINE.match(stripped)
            or _SIGN_OFF.match(stripped)):
        return True
    if _LIST.match(stripped) or re.match(r"#{1,6}\s|>", stripped) or CJK.search(stripped):
        return False  # a Chinese line has no spaces to count words by: never a signature
    if len(stripped.split()) <= 6 and not _SENTENCE_END.search(stripped):
        return True
    if len(stripped.split()) <= 10 and not has_verb(stripped, lang) and not stripped.endswith("?"):
        return True  # "Consulting for servers and embedded firmware.": a tagline
    # "Department of Plant Health, Ministry of Agriculture, Lusaka.": a name and an address,
    # no clause.
    found = [w for w in re.findall(r"[A-Za-z][\w'-]*", stripped) if len(w) > 3]
    return (len(stripped.split()) <= 14 and len(found) >= 2 and not has_verb(stripped, lang)
            and sum(w[:1].isupper() for w in found) >= 0.6 * len(found))


_CODE_HINT = re.compile(r"[/\\_=<>{}|;$^~`]|\w\.\w|(?:^|\s)-\w")
_ODD_TOKEN = re.compile(r"(?<!\S)(?:\S*(?:[/\\_=<>{}|]|\w\.\w)\S*|-\w\S*)")


def _code_like(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _LIST.match(stripped):
        return False
    if not _CODE_HINT.search(stripped):
        return False  # plain prose: most lines, checked cheaply
    # Command lines and logs: "gcc -O2 -I../include -c main.c -o main.o".
    plain = EMAIL.sub("", URL.sub("", stripped))
    tokens = len(plain.split())
    if tokens >= 4 and len(_ODD_TOKEN.findall(plain)) >= 0.4 * tokens:
        return True
    if _CODE.match(stripped) and not re.search(r"[a-z]{3,}[,.]?\s+[a-z]{3,}\s+[a-z]{3,}[.!?]$",
                                               stripped):
        return True
    symbols = sum(1 for ch in plain if ch in "{}<>=;|\\$^~`")
    return len(plain) >= 8 and symbols / len(plain) > 0.08


@lru_cache(maxsize=16)
def _casefolded(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(n.casefold() for n in names)


def _continues(lines: list[str], n: int, kept: list[str]) -> bool:
    """Does an unfinished sentence go on after line n ("... poor contrast" + URL + ", and
    left it")?"""
    if not kept or not kept[-1].strip() or _SENTENCE_END.search(kept[-1]):
        return False
    following = next((line.strip() for line in lines[n + 1:] if line.strip()), "")
    return bool(re.match(r"[a-z,;)]", following))


def _drop_unfinished(kept: list[str]) -> None:
    """A sentence running into a URL or code line we take out ("The fix is at" + URL, "we
    do not allow" + code) would be printed cut: keep its paragraph only up to its last stop.
    One ending in ":" announces what follows and goes too."""
    start = len(kept)
    while start > 0 and kept[start - 1].strip() and not kept[start - 1].lstrip().startswith(">"):
        start -= 1
    text = " ".join(line.strip() for line in kept[start:])
    if not text or re.search(r"[.!?…][\"”’)]*$", text):
        return
    stops = list(re.finditer(r"[.!?…][\"”’)]*(?=\s)", text))
    del kept[start:]
    if stops:
        kept.append(text[:stops[-1].end()])


def body(markdown: str, names: Iterable[str] = (), lang: str = "en") -> str:
    """The author's own lines of a post: quoted mail, headers, signatures, greetings,
    reference lists, URL and code lines taken out (blank lines keep paragraphs apart).
    `names`: what participants call each other ("Ann,", alone on the first line, greets);
    `lang`: the forum's language, whose rules tell a clause from a signature line."""
    called = _casefolded(tuple(names))
    lines = (markdown or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    in_signature = False
    in_references = False
    own = False  # some of the author's own text seen already
    for n, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.match(stripped):
            if own:
                break  # a reply written above the forwarded mail: the rest is theirs
            in_signature = False
            kept.append("")
            continue
        header_run = _HEADER.match(stripped) and (
            n + 1 < len(lines) and _HEADER.match(lines[n + 1].strip())
            or n > 0 and (_HEADER.match(lines[n - 1].strip()) or _SEPARATOR.match(
                lines[n - 1].strip())))
        if header_run:
            kept.append("")
            continue
        if _ATTRIBUTION.match(stripped) or _ATTRIBUTION_BARE.match(stripped):
            if kept and kept[-1].strip() and _ATTRIBUTION_START.match(kept[-1]) \
                    and not _SENTENCE_END.search(kept[-1]):
                kept.pop()  # "On Tue, 3 May 2004, Ann Lee" + "<ann@x.org> wrote:"
            in_signature = False
            kept.append("")
            continue
        if (_SIG_DELIMITER.match(line) and not _LIST.match(line)
                or re.match(r"(?i:disclaimer|confidentiality notice)\b", stripped)):
            in_signature = True
            continue
        if in_signature:
            continue
        if _REFERENCES_HEAD.match(stripped):
            in_references = True
            kept.append("")
            continue
        if in_references and (_REFERENCE.match(stripped) or _URL_LINE.match(stripped)
                              or re.match(r"^\s*\[\d{1,3}\]", stripped)):
            continue
        in_references = False
        if _REFERENCE.match(stripped) or _URL_LINE.match(stripped):
            if not _continues(lines, n, kept):
                _drop_unfinished(kept)
                kept.append("")
            continue
        greets = _GREETING.match(stripped) or stripped.endswith(",") and all(
            part.strip().casefold() in called
            for part in re.split(r",|&|\band\b", stripped.rstrip(",")) if part.strip())
        if not own and stripped and greets and any(
                rest.strip() for rest in lines[n + 1:]):
            continue
        if _code_like(line) and not stripped.startswith(">"):
            if not _continues(lines, n, kept):
                _drop_unfinished(kept)
                kept.append("")
            continue
        if stripped and not stripped.startswith(">"):
            own = True
        kept.append(line)
    # Trailing signature: names, titles, addresses, phones and sign-offs after the last line
    # that ends a sentence (never the message's first line: a one-line turn is all there is).
    first_text = next((i for i, line in enumerate(kept) if line.strip()), len(kept))
    end = len(kept)
    while end - 1 > first_text and _signature_like(kept[end - 1], lang):
        end -= 1
    # Never cut inside a sentence: "... conflict with" + "XML Schema." is one sentence.
    while end < len(kept) and kept[end - 1].strip() and not _SENTENCE_END.search(kept[end - 1]):
        end += 1
    # A sign-off followed by nothing but short lines ends the message too.
    for i in range(first_text + 1, end):
        if _SIGN_OFF.match(kept[i].strip()) and all(
                len(rest.split()) <= 10 for rest in kept[i + 1:end]):
            end = i
            break
    return "\n".join(kept[:end]).strip("\n")


def first_names(author_names: Iterable[str]) -> tuple[str, ...]:
    """Names participants call each other by ("Ann", "Lee", "Ann Lee"), longest first; from
    "Lee, Ann" and "LEE,ANN (Acme)" too."""
    found: set[str] = set()
    for full in author_names:
        found.update(_names_of(full or ""))
    return tuple(sorted(found, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=4096)
def _names_of(full: str) -> frozenset[str]:
    found: set[str] = set()
    bare = re.sub(r"\([^)]*\)|<[^>]*>|\S+@\S+", " ", full)
    parts = [p for p in re.split(r"[\s,]+", bare) if re.fullmatch(r"[A-Z][a-z'-]{2,}", p)
             or re.fullmatch(r"[A-Z]{3,}", p)]
    for p in parts:
        found.add(p.capitalize() if p.isupper() else p)
    if len(parts) >= 2:
        found.add(" ".join(parts))
    return frozenset(found)


_KEY_WORD = re.compile(r"[a-z0-9\u3400-\u9fff]+")


def key(text: str) -> str:
    """A sentence's words, for telling a re-quoted sentence from a new one."""
    return " ".join(_KEY_WORD.findall(text.lower()))


class Seen:
    """Sentences earlier messages said: a reply that pastes them back without "> " repeats
    them, and the report cites the message that said them first."""

    MIN_WORDS = 6  # short sentences ("That is right.") recur on their own

    def __init__(self) -> None:
        self._keys: set[str] = set()

    def repeated(self, text: str) -> bool:
        k = key(text)
        return len(k.split()) >= self.MIN_WORDS and k in self._keys

    def add(self, texts: Iterable[str]) -> None:
        for text in texts:
            k = key(text)
            if len(k.split()) >= self.MIN_WORDS:
                self._keys.add(k)
