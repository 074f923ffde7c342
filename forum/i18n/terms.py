"""Stored values shown to readers, in their language.

A forum's status, a post's state or kind, a user's role and affiliation are stored as
English words that code compares with; pages show them through the `term` filter, which
gives the interface word for each (the stored value itself when it has none). A canned
rejection reason is stored in English, as the moderator chose it, and shown to each reader
in their language through the `reason` filter; a reason the moderator typed is shown as
typed.
"""

from __future__ import annotations

from flask_babel import gettext
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


def N_(text: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks a string for the catalogs (pybabel's N_ keyword) without translating it: for
    values stored in English and translated where they are shown."""
    return text


def reason(value: object) -> str:
    from forum.moderation.actions import CANNED_REASONS  # moderation imports this module

    text = "" if value is None else str(value)
    return gettext(text) if text in CANNED_REASONS else text


def term(value: object) -> str:
    found = TERMS.get(value) if isinstance(value, str) else None
    return str(found) if found is not None else str(value)
