"""The pages' translation of a refusal (forum/refusals.py), in one place.

A form page runs its action through `attempt`: a refusal rolls the unit of work back, lands
on the form field it names (or on the page as a message) and gives the page its status, so
the form comes back with everything typed. A refusal no view expected reaches the handler
in forum/errors.py, which shows it with its status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash
from flask_wtf import FlaskForm

from forum.extensions import db
from forum.refusals import Refused
from synthesis import SettingsError

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """What an action gave back, or why it refused; true when it went through."""

    value: T | None = None
    refusal: Refused | None = None

    def __bool__(self) -> bool:
        return self.refusal is None

    @property
    def status(self) -> int:
        return self.refusal.status if self.refusal else 200


def attempt(form: FlaskForm | None, action: Callable[..., T], *args: object,
            field: str | None = None, rename: Callable[[str], str] | None = None,
            **kwargs: object) -> Outcome[T]:
    """Run `action`; a refusal goes onto `form`'s field it names (through `rename` when the
    action names inputs otherwise than the form; else `field`, else a flashed message) after
    the session is rolled back, so nothing half-done stays in it."""
    try:
        return Outcome(value=action(*args, **kwargs))
    # The digest engine's SettingsError is a refusal too; the engine may not import Refused.
    except (Refused, SettingsError) as refusal:
        db.session.rollback()
        named = refusal.field and (rename(refusal.field) if rename else refusal.field)
        show(refusal, form, named or None, field)
        return Outcome(refusal=refusal)


def show(refusal: Refused, form: FlaskForm | None, named: str | None,
         fallback: str | None = None) -> None:
    fields = form._fields if form is not None else {}
    target = fields.get(named or "") or fields.get(fallback or "")
    if target is not None:
        target.errors = [*target.errors, refusal.message]
    else:
        flash(refusal.message, "error")
