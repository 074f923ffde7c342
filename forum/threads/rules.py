"""What a post or a thread may hold: the checks every surface (pages, API, CLI, importer
of live posts) reaches through the actions, so a limit is stated once."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l

from forum.refusals import Refused

MAX_TITLE = 300  # threads.title is String(300)
MAX_QUESTIONS = 20
MAX_QUESTION = 1000
MAX_IDEMPOTENCY_KEY = 80  # posts.idempotency_key is String(80)
# Line and paragraph breaks of every kind, and other control characters: a title is one
# line wherever it goes (page headings, email subjects, feed titles).
_NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


class PostingError(Refused):
    """Writing refused by the rules (closed forum, locked thread, not accredited, ...)."""


def clean_title(title: object, field: str = "title") -> str:
    if not isinstance(title, str) or not title.strip():
        raise PostingError(_l("Give the thread a title."), 422, field)
    title = title.strip()
    if _NOT_IN_A_LINE.search(title):
        raise PostingError(_l("A title is one line of text (no line breaks or control "
                           "characters)."), 422, field)
    if len(title) > MAX_TITLE:
        raise PostingError(_l("The title has %(n)s characters; the limit is %(limit)s.",
                              n=len(title), limit=MAX_TITLE),
                           422, field)
    return title


def clean_questions(questions: object, field: str = "questions") -> list[str]:
    """Guiding questions: blank ones dropped, each one line, at most MAX_QUESTIONS."""
    if questions is None:
        return []
    if not isinstance(questions, list | tuple) or not all(isinstance(q, str) for q in questions):
        raise PostingError(_l("Guiding questions are a list of texts."), 422, field)
    kept = [q.strip() for q in questions if q.strip()]
    if len(kept) > MAX_QUESTIONS:
        raise PostingError(_l("%(n)s guiding questions; the limit is %(limit)s.", n=len(kept),
                              limit=MAX_QUESTIONS),
                           422, field)
    for question in kept:
        if _NOT_IN_A_LINE.search(question):
            raise PostingError(_l("Each guiding question is one line of text."), 422, field)
        if len(question) > MAX_QUESTION:
            raise PostingError(_l("A guiding question is limited to %(n)s characters.",
                                  n=MAX_QUESTION),
                               422, field)
    return kept


def clean_body(body: object, field: str = "body") -> str:
    """A post's Markdown: not empty, within the configured maximum, no NUL."""
    limit = current_app.config["POST_MAX_CHARS"]
    if not isinstance(body, str) or not body.strip():
        raise PostingError(_l("Write something before posting."), 422, field)
    if "\x00" in body:
        raise PostingError(_l("The text contains a NUL character."), 422, field)
    if len(body) > limit:
        raise PostingError(_l("Your text has %(n)s characters; the limit is %(limit)s. Please "
                              "shorten it.", n=format(len(body), ","), limit=format(limit, ",")),
                           422, field)
    return body


# "RE: ", "Re:", "re :" ... any number of times before the rest of a subject.
_REPLY_PREFIXES = re.compile(r"^\s*(?:re\s*:\s*)*", re.IGNORECASE)


def subject_shown(subject: str | None, title: str) -> str:
    """A post's subject as a thread page shows it: nothing when it only repeats the thread's
    title (the opening's own subject, or "RE: <title>", any case, any number of RE:s); the
    subject itself when its author changed it. The title is the thread's current one, so a
    renamed thread shows its replies' older subjects (they no longer repeat it)."""
    rest = _REPLY_PREFIXES.sub("", subject or "", count=1)
    if not rest.strip() or " ".join(rest.split()).casefold() == " ".join(title.split()).casefold():
        return ""
    return subject or ""
