"""Moderation forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from forum.inputs import MAX_INT, InRange
from forum.moderation.actions import CANNED_REASONS
from forum.threads.forms import BodyLength


class DecisionForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), InRange(1, MAX_INT)])
    canned = SelectField(
        _l("Reason"),
        choices=[("", _l("(choose a reason or write one)"))]
        + [(r, _l(r)) for r in CANNED_REASONS],
        validators=[Optional()],
    )
    reason = TextAreaField(_l("Reason shown to the author"),
                           validators=[Optional(), Length(max=2000)])
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))

    def full_reason(self) -> str:
        parts = [self.canned.data or "", (self.reason.data or "").strip()]
        return " ".join(p for p in parts if p)


class ModeratorEditForm(FlaskForm):
    version = IntegerField(validators=[InputRequired(), InRange(1, MAX_INT)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[BodyLength()])
    submit = SubmitField(_l("Save and approve"))


class HideForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[InputRequired(), Length(max=2000)])
    submit = SubmitField(_l("Hide"))


class RestoreForm(FlaskForm):
    submit = SubmitField(_l("Restore"))


class TagForm(FlaskForm):
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save tags"))


class BulkForm(FlaskForm):
    selected = HiddenField()  # filled from the checkboxes named "item" (post_id:version)
    canned = SelectField(
        _l("Reason"),
        choices=[("", _l("(reason for rejections)"))] + [(r, _l(r)) for r in CANNED_REASONS],
        validators=[Optional()],
    )
    approve = SubmitField(_l("Approve selected"))
    reject = SubmitField(_l("Reject selected"))


class ThreadEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    questions = TextAreaField(_l("Guiding questions, one per line"),
                              validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


class TopicEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(),
                                                                      Length(max=20000)])
    opens_at = DateTimeLocalField(_l("Own window opens (UTC, optional)"),
                                  format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                  validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Own window closes (UTC, optional)"),
                                   format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                   validators=[Optional()])
    submit = SubmitField(_l("Save"))
