"""Forms of the draft and review pages: every change is a POST carrying a CSRF token."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from forum.digest.generate import MIN_WORDS
from forum.digest.review import COMMENT_LIMIT
from forum.inputs import MAX_INT, InRange


class _DraftForm(FlaskForm):
    # The word budget the page was generated with: the action must find the same paragraphs.
    words = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1)])


class ParagraphForm(_DraftForm):
    key = HiddenField(validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("OK"))


class MoveForm(ParagraphForm):
    direction = SelectField(choices=[("up", "up"), ("down", "down")])


class EditForm(ParagraphForm):
    text = TextAreaField(_l("Text of the paragraph (Markdown)"),
                         validators=[InputRequired(), Length(max=20000)])
    submit = SubmitField(_l("Save the paragraph"))


class PublishForm(_DraftForm):
    submit = SubmitField(_l("Publish"))


def _plausible_day(form: FlaskForm, field: DateField) -> None:
    # The day after the last one must still be a date Python can hold.
    if field.data and not date(2000, 1, 1) <= field.data <= date(9000, 1, 1):
        raise ValidationError(gettext("Give a date between %(first)s and %(last)s.", first=2000,
                                      last=9000))


class ReviewOpenForm(FlaskForm):
    ends_on = DateField(_l("Last day for comments (UTC, optional)"),
                        validators=[Optional(), _plausible_day])
    submit = SubmitField(_l("Open a review round"))


class ReviewCloseForm(FlaskForm):
    submit = SubmitField(_l("Close the review round"))


class CommentForm(FlaskForm):
    # Choices (the whole draft, then each paragraph) are set from the draft on every request.
    key = SelectField(_l("Your comment is on"), choices=[("", _l("the whole draft"))])
    body = TextAreaField(_l("Your comment (plain text or Markdown)"),
                         validators=[InputRequired(message=_l("Write your comment.")),
                                     Length(max=COMMENT_LIMIT)])
    submit = SubmitField(_l("Send the comment"))


class AddressedForm(FlaskForm):
    comment = IntegerField(widget=HiddenInput(),
                           validators=[InputRequired(), InRange(1, MAX_INT)])
    addressed = HiddenField(default="1")
    submit = SubmitField(_l("OK"))


def _header(label: str) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=500)])


class SettingsForm(FlaskForm):
    """The digest settings page: the header and mandate as fields, the rest as YAML."""

    # Field names follow the settings' keys (header_<key>) so a SettingsError finds its input.
    header_body = _header("Body (the header's first line)")
    header_meeting = _header("Meeting")
    header_place_and_dates = _header("Place and dates")
    header_agenda_item = _header("Agenda item")
    header_symbol = _header("Document symbol")
    header_date = DateField(_l("Date of the document (YYYY-MM-DD, optional)"),
                            validators=[Optional(), _plausible_day])
    header_title = _header("Title of the report")
    mandate = TextAreaField(_l("Mandate (Markdown)"), validators=[Length(max=20000)],
                            render_kw={"rows": 6})
    # generate.report_for refuses a budget under MIN_WORDS; say so before saving.
    word_budget = IntegerField(_l("Word budget (empty: no limit)"),
                               validators=[Optional(), NumberRange(min=MIN_WORDS,
                                                                   max=1_000_000)],
                               render_kw={"min": MIN_WORDS})
    annex_charts = BooleanField(_l("Include the participation charts as an annex"))
    outline = TextAreaField(_l("Outline (YAML)"), validators=[Length(max=200_000)],
                            render_kw={"rows": 30, "spellcheck": "false"})
    submit = SubmitField(_l("Save the settings"))
