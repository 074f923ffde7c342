"""Forms for writing posts and threads."""

from __future__ import annotations

import uuid

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from forum.inputs import MAX_INT, InRange
from forum.threads.actions import MAX_TITLE


def _new_key() -> str:
    return uuid.uuid4().hex


class BodyLength:
    """The configured maximum, read at validation time (it is a setting)."""

    def __call__(self, form: FlaskForm, field: TextAreaField) -> None:
        limit = current_app.config["POST_MAX_CHARS"]
        if field.data and len(field.data) > limit:
            raise ValidationError(
                f"Your text has {len(field.data):,} characters; the limit is {limit:,}. "
                "Please shorten it."
            )
        if not (field.data or "").strip():
            raise ValidationError("Write something before posting.")


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply (Markdown)", validators=[BodyLength()])
    # One key per rendered form: a double click or a retry creates one post (CONTRACTS.md).
    submission_key = HiddenField(default=_new_key)
    preview = SubmitField("Preview")
    submit = SubmitField("Post reply")


class EditPostForm(FlaskForm):
    body = TextAreaField("Text (Markdown)", validators=[BodyLength()])
    version = IntegerField(validators=[InputRequired(), InRange(1, MAX_INT)])
    submit = SubmitField("Save changes")


class ThreadForm(FlaskForm):
    title = StringField("Title", validators=[InputRequired(), Length(max=MAX_TITLE)])
    topic_id = SelectField("Topic", coerce=int, validators=[Optional()])
    body = TextAreaField("Framing text (Markdown)", validators=[BodyLength()])
    questions = TextAreaField(
        "Guiding questions, one per line", validators=[Optional(), Length(max=5000)]
    )
    submission_key = HiddenField(default=_new_key)
    submit = SubmitField("Open the thread")


class WatchForm(FlaskForm):
    mode = SelectField(
        "Email me", choices=[("each", "every approved message"), ("daily", "a daily digest")]
    )
    submit = SubmitField("Watch")
