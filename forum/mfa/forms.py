"""Two-factor sign-in forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

# Long enough for a backup code typed with spaces or dashes; the action checks the format.
CODE = [InputRequired(message="Enter a code."), Length(max=40)]
CODE_ATTRS = {"autocomplete": "one-time-code", "autocapitalize": "characters",
              "spellcheck": "false"}


class CodeForm(FlaskForm):
    code = StringField("Code from your app, or a backup code", validators=CODE,
                       render_kw=CODE_ATTRS)
    submit = SubmitField("Verify")


class StartForm(FlaskForm):
    submit = SubmitField("Set up two-factor sign-in")


class EnrolForm(FlaskForm):
    code = StringField("The 6-digit code your app shows", validators=CODE,
                       render_kw={**CODE_ATTRS, "inputmode": "numeric"})
    password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("Turn on two-factor sign-in")


class BackupCodesForm(FlaskForm):
    password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("Make new backup codes")


class DisableForm(FlaskForm):
    password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("Turn off two-factor sign-in")
