"""Template helpers: permission checks, dates, country names, bylines."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user

from forum import permissions
from forum.auth.forms import ButtonForm
from forum.countries import country_name
from forum.notify import byline


def _utc(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return value.strftime(fmt) + " UTC" if value else ""


def _iso(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _day(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _last_day(value: datetime | None) -> str:
    """The last day inside a [opens, closes) window: closing at 14 June 00:00 ran to 13 June."""
    if value is None:
        return ""
    from datetime import timedelta

    return _day(value - timedelta(seconds=1))


def register(app: Flask) -> None:
    app.jinja_env.filters.update(utc=_utc, iso=_iso, day=_day, last_day=_last_day,
                                 country=country_name)
    app.jinja_env.globals.update(
        can_moderate=permissions.can_moderate,
        can_administer=permissions.can_administer,
        can_edit_post=permissions.can_edit_post,
        can_see_participation=permissions.can_see_participation,
        byline=byline,
        button_form=ButtonForm,
    )

    @app.context_processor
    def _user() -> dict:
        return {"me": current_user}
