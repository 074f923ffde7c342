"""Stage 1, inside sentences: what a real archive leaves in a sentence that is not its content
(citations, URLs, e-mail addresses, spoken fillers, stammers, vocatives, legal footers).
`clean.body` has already taken out whole lines; `segment` calls `sentence` on each sentence
before `chatter.substance`. Conventions of e-mail and transcripts in general."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from synthesis.text import STOP_EN, URL, wordset

EMAIL = re.compile(r"<?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b>?")

_CITATION = re.compile(r"\s?\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]"
                       r"|\s?\((?:[A-Z][A-Za-z'-]+(?:\s+et al\.?|\s+(?:and|&)\s+[A-Z][A-Za-z'-]+)?"
                       r",?\s+(?:19|20)\d\d[a-z]?(?:,\s*(?:p|pp)\.\s*\d+(?:-\d+)?)?"
                       r"(?:;\s*)?)+\)")
# "[DJW:] The more common way ...": a writer's initials marking an inline reply.
_TAG_HEAD = re.compile(r"^\[[A-Za-z][\w .-]{0,20}:?\]\s*:?\s*")
_WRAPPED_URL = re.compile(rf"\s?[<(]\s*(?:{URL.pattern}|www\.\S+)\s*[>)]")
_BARE_URL = re.compile(rf"(?:{URL.pattern}|\bwww\.[\w.-]+\.[a-z]{{2,}}\S*)")
# A sentence that only pointed at an address ("The draft is at <URL>.") says nothing without it.
_POINTER_END = re.compile(r"\b(?:at|see|in|from|on|to|via|here|under|is|are|was|available"
                          r"|found|posted|online|visit|read)\s*[:,-]?\s*[.!?]?$", re.IGNORECASE)
_FILLER = re.compile(r"(,\s*)?(?<![\w'’-])(?:u+h+|u+m+|e+r+m+|h+m+|a+h+|uh-huh|mm-hmm)(?![\w'’-])"
                     r"(\s*,)?\s*", re.IGNORECASE)
_SPOKEN_ASIDE = re.compile(r"(,\s*|^)(?:you know|I mean|you see|sort of|kind of)(\s*,)\s*"
                           r"|(,)\s*(?:you know|I mean|you see)()(?=\s*[.!?]?$)")
# "the the", "I— I think": a stammer; "gong-gong" is one word.
_REPEATED = re.compile(r"\b([A-Za-z]+)(?:[,\s]+|\s*[–—]+\s*|\s+-+\s+)(\1)\b", re.IGNORECASE)
_KEEP_DOUBLE = frozenset({"that", "had", "is", "do", "very", "bye", "no", "so", "ha"})
# "Now, I know we had the—." / "It's really—": a sentence broken off is no statement.
_CHAIR = (r"(?:(?:Mr|Mrs|Ms|Madam|Madame|Mister|Monsieur)\.?\s*)?(?:Chair(?:man|woman|person)?"
          r"|Speaker|President|Co-Chairs?|Presiding Member)")
_VOCATIVE_HEAD = re.compile(rf"^(?:(?:thank you|thanks),?\s+)?{_CHAIR}\s*[,:]\s*(?=\S)",
                            re.IGNORECASE)
_VOCATIVE_TAIL = re.compile(rf",\s*{_CHAIR}(?=\s*[.!?]?$)", re.IGNORECASE)


_SPOKEN_HINT = re.compile(r"(?i)\b(?:u+h|u+m|e+rm|h+m|a+h|mm|you know|I mean|you see|sort of"
                          r"|kind of)\b")


_HEADER_LABEL = re.compile(r"\b(cc|bcc|sent by|subject|from|to|date|sent|reply-to)\s*:",
                           re.IGNORECASE)


def _mail_header(text: str) -> bool:
    """Header fields run into one sentence ("... cc: Sent by: Subject: RE: ..."): two labels,
    one of them only a header has."""
    labels = [m.group(1).lower() for m in _HEADER_LABEL.finditer(text)]
    return len(labels) >= 2 and any(x in ("cc", "bcc", "sent by", "subject", "reply-to")
                                    for x in labels)


def _unwrap(match: re.Match) -> str:
    """A filler between commas goes with both ("the clinics, uh, need" -> "the clinics need");
    one opening the sentence with its comma."""
    return " " if match.start() > 0 else ""


_DISCLAIMER_WORDS = re.compile(r"addressee|disclaimer|notice|confidential|privileged|intended"
                               r"|virus|contaminant|monitored")
_CHAIR_WORDS = re.compile(r"chair|speaker|president|presiding")
# Legal footers ("This e-mail is confidential and intended solely for the addressee ...").
_DISCLAIMER = re.compile(
    r"^\s*(?:disclaimer|confidentiality notice|legal notice)\b|\baddressee\b"
    r"|\b(?:this|any)\s+(?:e-?mail|message|communication|transmission|attachments?)\b"
    r"[^.]{0,160}\b(?:confidential|privileged|intended (?:solely |only )?for|viruses"
    r"|contaminants|monitored)\b"
    r"|\b(?:viruses|contaminants)\b[^.]{0,80}\b(?:e-?mails?|attachments?)\b", re.IGNORECASE)


_CALLED = re.compile(r"^([A-Z][a-z]{2,}),\s+(?=(?:I|you|thanks|thank you)\b)")
# Words that open a sentence with a comma and are no name.
_NOT_NAMES = STOP_EN | wordset("""
yes yeah well okay ok right sure thanks indeed meanwhile otherwise besides therefore hence
instead overall again anyway also still now then first second third finally lastly note
agreed true fine good great interesting sorry oops alas now incidentally similarly likewise
however moreover furthermore nevertheless nonetheless regardless additionally consequently
thus though although because since unless until while whereas perhaps maybe hmm ah oh
""")


def sentence(text: str, names: Iterable[str] = (), own: Iterable[str] = ()) -> str | None:
    """One sentence without citations, URLs, e-mail addresses, spoken fillers, repeated words
    and vocatives ("Mr. Chair, ...", "..., Ann."); None when nothing stands once they go.
    `own`: the speaker's own names, never taken for a vocative ("Ann Lee, from ..." is a
    self-introduction, which chatter recognizes by the name)."""
    # Each rule is tried only when a cheap test says it may apply: most sentences are clean.
    lower = text.lower()
    if _DISCLAIMER_WORDS.search(lower) and _DISCLAIMER.search(text):
        return None
    if ":" in text and _mail_header(text):
        return None
    out = _TAG_HEAD.sub("", text) if text.startswith("[") else text
    if "[" in out or "(" in out:
        out = _CITATION.sub("", out)
    if "http" in lower or "www." in lower:
        out = _WRAPPED_URL.sub("", out)
        if _BARE_URL.search(out):
            head = _BARE_URL.split(out)[0]
            if _POINTER_END.search(head.rstrip()) or not head.strip():
                return None
            out = _BARE_URL.sub("", out)
    if "@" in out:
        out = EMAIL.sub("", out)
    if out.rstrip().rstrip(".!?\"”’")[-1:] in ("-", "–", "—"):
        return None  # broken off
    if _SPOKEN_HINT.search(out):
        out = _FILLER.sub(_unwrap, out)
        out = _SPOKEN_ASIDE.sub(_unwrap, out)
    low = re.findall(r"[a-z]+", out.lower())
    for _ in range(3 if any(a == b for a, b in zip(low, low[1:], strict=False)) else 0):
        before = out
        out = _REPEATED.sub(lambda m: m.group(0) if m.group(1).lower() in _KEEP_DOUBLE
                            else m.group(2) if m.start() == 0 else m.group(1), out)
        if out == before:
            break
    if _CHAIR_WORDS.search(lower):
        out = _VOCATIVE_TAIL.sub("", _VOCATIVE_HEAD.sub("", out))
    called = _CALLED.match(out)
    if called and called.group(1).lower() not in _NOT_NAMES and not called.group(1).lower(
            ).endswith(("ly", "ever", "day", "ward", "wise")):
        out = out[called.end():]  # "Chris, I noticed ...": someone addressed by name
    names = tuple(names)
    if names and "," in out:
        mine = set(own)
        head, tail = _vocatives(names)
        out = head.sub(lambda m: m.group(0) if m.group("name") in mine else "", out)
        out = tail.sub(lambda m: m.group(0) if m.group("name") in mine else "", out)
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"([,;:])\1+", r"\1", re.sub(r"\s{2,}", " ", out)).strip(" ,;")
    if not out or not re.search(r"[^\W\d_]", out):  # a letter of any script
        return None
    return out[:1].upper() + out[1:] if out[:1].islower() and text[:1].isupper() else out


@lru_cache(maxsize=64)
def _vocatives(names: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """"Ann, the index ..." and "..., Ann.": a participant addressed by name."""
    alternatives = "|".join(re.escape(n) for n in names)
    return (re.compile(rf"^(?:(?:hi|hello|dear|thanks|thank you),?\s+)?(?P<name>{alternatives})"
                       rf"\s*,\s*(?=\S)"),
            re.compile(rf",\s*(?P<name>{alternatives})(?=\s*[.!?]?$)"))
