"""What a participant wrote in an emailed reply, without what their mail client added.

Pure text in, text out (no Flask, no database). The rules, in order:
1. Cut at the first line that starts an unquoted copy of the original: our own "reply
   above this line" marker (clients that do not quote with ">", such as Outlook, leave
   it as it was); Outlook's "-----Original Message-----" separator; or a block of
   forwarded headers ("From: …" followed within a few lines by "Sent: …" or "Date: …").
2. Drop attribution lines ("On <date>, <name> wrote:" and its equivalents in other
   languages, possibly wrapped over two lines) that hold a date and are followed by
   quoted lines or nothing.
3. Drop every line quoted with ">": what was written below the quote (bottom posting) or
   between quotes (inline answers) is kept.
4. Cut at the signature delimiter ("-- " alone on a line, or "--" since many clients trim
   the space).
5. Drop trailing "Sent from my …" / "Get Outlook for …" lines, separator lines and blank
   lines, and leading blank lines.
"""

from __future__ import annotations

import re

# The notification carries this line; a client that does not quote with ">" (Outlook in
# HTML) still leaves it in the reply, so everything from it down is cut.
REPLY_MARKER = "--- Write your reply above this line ---"

# Verbs of attribution lines in the languages mail clients ship with.
_WROTE = re.compile(
    r"(wrote|a écrit|escribió|escreveu|ha scritto|schrieb|schreef|skrev|kirjoitti|napisał|"
    r"napsal|написал|написала|написал\(а\)|έγραψε|yazdı|写道|寫道|書きました|작성|كتب)",
    re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(original message|message d'origine|ursprüngliche nachricht|"
    r"mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|"
    r"原始邮件|原始郵件|исходное сообщение|الرسالة الأصلية)\s*-{2,}\s*$", re.IGNORECASE)
_FROM = re.compile(r"^\s*\**(from|de|von|van|da|od|от|发件人|寄件者|差出人|من)\s*\**\s*[:：]",
                   re.IGNORECASE)
_SENT = re.compile(
    r"^\s*\**(sent|date|envoyé|gesendet|datum|enviado|fecha|inviato|data|verzonden|"
    r"отправлено|дата|发送时间|日期|寄件日期|送信日時|التاريخ|تم الإرسال)\s*\**\s*[:：]",
    re.IGNORECASE)
_DEVICE = re.compile(
    r"^\s*(sent from my |sent from mail for |sent from outlook|get outlook for |"
    r"envoyé de mon |enviado desde mi |von meinem .* gesendet|inviato da |"
    r"从我的.*发送|發自我的)", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*([_\-=*]\s*){5,}$")
_QUOTED = re.compile(r"^\s*>")
_ATTRIBUTION_MAX = 300


def _is_attribution(text: str) -> bool:
    text = text.strip()
    return (len(text) <= _ATTRIBUTION_MAX and text.endswith((":", "："))
            and any(ch.isdigit() for ch in text) and _WROTE.search(text) is not None)


def _quote_follows(lines: list[str], start: int) -> bool:
    """Nothing but blank lines, or a quoted line, comes next."""
    for line in lines[start:]:
        if line.strip():
            return _QUOTED.match(line) is not None
    return True


def _headers_follow(lines: list[str], start: int) -> bool:
    return any(_SENT.match(line) for line in lines[start + 1:start + 5])


def _cut_point(lines: list[str]) -> int:
    """The index of the first line of an unquoted copy of the original (or len(lines))."""
    for i, line in enumerate(lines):
        if _QUOTED.match(line):
            continue
        if REPLY_MARKER in line or _ORIGINAL.match(line):
            return i
        if _FROM.match(line) and _headers_follow(lines, i):
            return i
    return len(lines)


def _without_attributions(lines: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _QUOTED.match(line):
            if _is_attribution(line) and _quote_follows(lines, i + 1):
                i += 1
                continue
            if (i + 1 < len(lines) and not _QUOTED.match(lines[i + 1])
                    and not _is_attribution(line)
                    and _is_attribution(f"{line} {lines[i + 1]}")
                    and _quote_follows(lines, i + 2)):
                i += 2
                continue
        kept.append(line)
        i += 1
    return kept


def _signature_start(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            return i
    return len(lines)


def strip_reply(text: str) -> str:
    """The new text of an emailed reply (possibly empty)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[:_cut_point(lines)]
    lines = [line for line in _without_attributions(lines) if not _QUOTED.match(line)]
    lines = lines[:_signature_start(lines)]
    while lines and (not lines[-1].strip() or _DEVICE.match(lines[-1])
                     or _SEPARATOR.match(lines[-1])):
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(line.rstrip() for line in lines)
