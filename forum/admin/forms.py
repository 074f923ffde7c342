"""Secretariat forms. Times are entered and shown in UTC."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
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
LANGUAGES = [("en", _l("English")), ("fr", _l("French")), ("es", _l("Spanish")),
             ("zh", _l("Chinese")), ("ar", _l("Arabic")), ("ru", _l("Russian"))]


class ForumForm(FlaskForm):
    slug = StringField(_l("Slug (in the address)"),
                       validators=[InputRequired(), Length(max=64)])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    objective = TextAreaField(_l("Objective (Markdown)"),
                              validators=[Optional(), Length(max=20000)])
    language = SelectField(_l("Language"), choices=LANGUAGES)
    opens_at = DateTimeLocalField(_l("Opens (UTC)"), format=UTC_FORMATS,
                                  validators=[InputRequired()])
    closes_at = DateTimeLocalField(_l("Closes (UTC)"), format=UTC_FORMATS,
                                   validators=[InputRequired()])
    posting = SelectField(_l("Who may post"), choices=[
        ("registered", _l("Every registered, confirmed user")),
        ("accredited", _l("Only participants the Secretariat accredits"))])
    participants_may_open_threads = BooleanField(_l("Participants may open threads"))
    submit = SubmitField(_l("Save"))


class TopicForm(FlaskForm):
    title = StringField(_l("Topic title"), validators=[InputRequired(), Length(max=300)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(),
                                                                      Length(max=20000)])
    opens_at = DateTimeLocalField(_l("Own window opens (UTC, optional)"), format=UTC_FORMATS,
                                  validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Own window closes (UTC, optional)"), format=UTC_FORMATS,
                                   validators=[Optional()])
    submit = SubmitField(_l("Add the topic"))


class PersonForm(FlaskForm):
    email = EmailField(_l("Email of the person"), validators=[InputRequired(), Email()])
    submit = SubmitField(_l("Add"))


class ExtendForm(FlaskForm):
    until = DateTimeLocalField(_l("Extend to (UTC)"), format=UTC_FORMATS,
                               validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Extend"))
