"""Secretariat forms. Times are entered and shown in UTC."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

UTC_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
LANGUAGES = [("en", "English"), ("fr", "French"), ("es", "Spanish"), ("zh", "Chinese"),
             ("ar", "Arabic"), ("ru", "Russian")]


class ForumForm(FlaskForm):
    slug = StringField("Slug (in the address)", validators=[InputRequired(), Length(max=64)])
    title = StringField("Title", validators=[InputRequired(), Length(max=300)])
    objective = TextAreaField("Objective (Markdown)", validators=[Optional(), Length(max=20000)])
    language = SelectField("Language", choices=LANGUAGES)
    opens_at = DateTimeLocalField("Opens (UTC)", format=UTC_FORMATS, validators=[InputRequired()])
    closes_at = DateTimeLocalField("Closes (UTC)", format=UTC_FORMATS,
                                   validators=[InputRequired()])
    posting = SelectField("Who may post", choices=[
        ("registered", "Every registered, confirmed user"),
        ("accredited", "Only participants the Secretariat accredits")])
    participants_may_open_threads = BooleanField("Participants may open threads")
    submit = SubmitField("Save")


class TopicForm(FlaskForm):
    title = StringField("Topic title", validators=[InputRequired(), Length(max=300)])
    description = TextAreaField("Description (Markdown)", validators=[Optional(),
                                                                      Length(max=20000)])
    opens_at = DateTimeLocalField("Own window opens (UTC, optional)", format=UTC_FORMATS,
                                  validators=[Optional()])
    closes_at = DateTimeLocalField("Own window closes (UTC, optional)", format=UTC_FORMATS,
                                   validators=[Optional()])
    submit = SubmitField("Add the topic")


class PersonForm(FlaskForm):
    email = EmailField("Email of the person", validators=[InputRequired(), Email()])
    submit = SubmitField("Add")


class ExtendForm(FlaskForm):
    until = DateTimeLocalField("Extend to (UTC)", format=UTC_FORMATS, validators=[InputRequired()])
    reason = StringField("Reason", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Extend")
