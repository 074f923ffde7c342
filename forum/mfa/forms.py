"""Two-factor sign-in forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

# Long enough for a backup code typed with spaces or dashes; the action checks the format.
CODE = [InputRequired(message=_l("Enter a code.")), Length(max=40)]
CODE_ATTRS = {"autocomplete": "one-time-code", "autocapitalize": "characters",
              "spellcheck": "false"}


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your app, or a backup code"), validators=CODE,
                       render_kw=CODE_ATTRS)
    submit = SubmitField(_l("Verify"))


class StartForm(FlaskForm):
    submit = SubmitField(_l("Set up two-factor sign-in"))


class EnrolForm(FlaskForm):
    code = StringField(_l("The 6-digit code your app shows"), validators=CODE,
                       render_kw={**CODE_ATTRS, "inputmode": "numeric"})
    password = PasswordField(_l("Your password"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class BackupCodesForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Make new backup codes"))


class DisableForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Turn off two-factor sign-in"))
