"""Template helpers: permission checks, dates, country names, bylines."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, redirect, url_for
from flask_babel import format_decimal
from flask_login import current_user

from forum import permissions
from forum.auth.forms import ButtonForm
from forum.i18n import interface_lang
from forum.i18n.countries import display_name
from forum.i18n.dates import day, last_day, stamp
from forum.i18n.terms import reason, term
from forum.moderation.queries import queues_of
from forum.notify import author_line, byline
from forum.threads.rules import subject_shown
from forum.visibility import reply_target


def _iso(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _number(value: int | float | None) -> str:
    """A count in the reader's digits and grouping ("1 234" in French); empty for None."""
    return "" if value is None else format_decimal(value)


def _country(code: str | None, start: bool = False) -> str:
    """The country's name in the interface language (the digest keeps its own names)."""
    return display_name(code, interface_lang(), start=start)


def register(app: Flask) -> None:
    # Dates and country names follow the reader's language (forum/i18n); `iso` is for
    # machines (<time datetime>) and stays ISO 8601.
    app.jinja_env.filters.update(utc=stamp, iso=_iso, day=day, last_day=last_day,
                                 country=_country, number=_number, term=term, reason=reason)
    app.jinja_env.globals.update(
        can_moderate=permissions.can_moderate,
        can_administer=permissions.can_administer,
        can_edit_post=permissions.can_edit_post,
        can_see_participation=permissions.can_see_participation,
        byline=byline,
        author_line=author_line,
        moderation_queues=queues_of,
        button_form=ButtonForm,
        subject_shown=subject_shown,
        reply_target=reply_target,
    )

    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    app.add_url_rule("/favicon.ico", "favicon", lambda: redirect(
        url_for("static", filename="favicon.svg"), 301))

    @app.context_processor
    def _user() -> dict:
        return {"me": current_user}
