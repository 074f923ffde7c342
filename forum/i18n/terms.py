"""Stored values shown to readers, in their language.

A forum's status, a post's state or kind, a user's role and affiliation are stored as
English words that code compares with; pages show them through the `term` filter, which
gives the interface word for each (the stored value itself when it has none).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TERMS = {
    # forum and topic windows
    "open": _l("open"), "closed": _l("closed"), "upcoming": _l("upcoming"),
    # post states
    "pending": _l("pending"), "approved": _l("approved"), "rejected": _l("rejected"),
    "withdrawn": _l("withdrawn"), "hidden": _l("hidden"),
    # post kinds
    "opening": _l("opening"), "reply": _l("reply"), "summary": _l("summary"),
    "closing": _l("closing"),
    # roles and affiliations
    "participant": _l("participant"), "moderator": _l("moderator"),
    "secretariat": _l("Secretariat"), "party": _l("party"),
    "other_government": _l("other government"), "organization": _l("organization"),
}


def term(value: object) -> str:
    found = TERMS.get(value) if isinstance(value, str) else None
    return str(found) if found is not None else str(value)
