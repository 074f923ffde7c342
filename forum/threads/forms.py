"""Forms for writing posts and threads."""

from __future__ import annotations

import uuid

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from forum.inputs import MAX_INT, InRange
from forum.threads.actions import MAX_TITLE


def _new_key() -> str:
    return uuid.uuid4().hex


class BodyLength:
    """The configured maximum, read at validation time (it is a setting)."""

    def __call__(self, form: FlaskForm, field: TextAreaField) -> None:
        limit = current_app.config["POST_MAX_CHARS"]
        if field.data and len(field.data) > limit:
            raise ValidationError(gettext(
                "Your text has %(n)s characters; the limit is %(limit)s. Please shorten it.",
                n=format(len(field.data), ","), limit=format(limit, ",")))
        if not (field.data or "").strip():
            raise ValidationError(gettext("Write something before posting."))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply (Markdown)"), validators=[BodyLength()])
    # One key per rendered form: a double click or a retry creates one post (CONTRACTS.md).
    submission_key = HiddenField(default=_new_key)
    # The earlier post this reply answers (a post's "Reply" link chooses it); the action
    # checks it is a post of the thread that the author may see.
    reply_to = IntegerField(widget=HiddenInput(), validators=[Optional(), InRange(1, MAX_INT)])
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Post reply"))


class EditPostForm(FlaskForm):
    body = TextAreaField(_l("Text (Markdown)"), validators=[BodyLength()])
    version = IntegerField(validators=[InputRequired(), InRange(1, MAX_INT)])
    submit = SubmitField(_l("Save changes"))


class ThreadForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=MAX_TITLE)])
    topic_id = SelectField(_l("Topic"), coerce=int, validators=[Optional()])
    body = TextAreaField(_l("Framing text (Markdown)"), validators=[BodyLength()])
    questions = TextAreaField(
        _l("Guiding questions, one per line"), validators=[Optional(), Length(max=5000)]
    )
    submission_key = HiddenField(default=_new_key)
    submit = SubmitField(_l("Open the thread"))


class WatchForm(FlaskForm):
    mode = SelectField(
        _l("Email me"), choices=[("each", _l("every approved message")),
                           ("daily", _l("a daily digest"))]
    )
    submit = SubmitField(_l("Watch"))
