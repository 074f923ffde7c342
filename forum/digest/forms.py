"""Forms of the draft page: every change is a POST carrying a CSRF token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput


class _DraftForm(FlaskForm):
    # The word budget the page was generated with: the action must find the same paragraphs.
    words = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1)])


class ParagraphForm(_DraftForm):
    key = HiddenField(validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("OK")


class MoveForm(ParagraphForm):
    direction = SelectField(choices=[("up", "up"), ("down", "down")])


class EditForm(ParagraphForm):
    text = TextAreaField("Text of the paragraph (Markdown)",
                         validators=[InputRequired(), Length(max=20000)])
    submit = SubmitField("Save the paragraph")


class PublishForm(_DraftForm):
    submit = SubmitField("Publish")
