"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from forum.auth.actions import MAX_PASSWORD, MIN_PASSWORD
from forum.i18n import LANGUAGES, NATIVE_NAMES, interface_lang
from forum.i18n.countries import choices as country_choices

# The honorifics are stored and shown as written (docs/i18n.md). Their labels end on a
# left-to-right mark, so on a right-to-left page the full stop stays after the word
# ("Ms.", not ".Ms"); the stored value has none.
_LRM = "\u200e"
TITLES = [(t, t + _LRM) for t in ("Ms.", "Mr.", "Dr.", "Prof.")] + [("", _l("(none)"))]
AFFILIATION_CHOICES = [
    ("party", _l("A Party to the Protocol")),
    ("other_government", _l("Another Government (not a Party)")),
    ("organization", _l("An organization (intergovernmental, non-governmental, industry, "
                        "academic, indigenous peoples and local communities)")),
]
# The action checks the same bounds (forum/auth/actions.py, check_password); the form says
# so before a round trip.
PASSWORD = [InputRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
                                    message=_l("Use at least %(n)s characters.",
                                               n=MIN_PASSWORD))]


def _countries() -> list[tuple[str, str]]:
    # Named and ordered for the reader's language (forum/i18n/countries.py).
    return [("", str(_l("(none: I represent an organization)"))),
            *country_choices(interface_lang())]


class RegisterForm(FlaskForm):
    title = SelectField(_l("Title"), choices=TITLES, default="Ms.", validate_choice=True)
    name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[InputRequired(), Email(), Length(max=254)])
    organization = StringField(
        _l("Ministry, agency or organization"), validators=[InputRequired(), Length(max=200)]
    )
    affiliation = SelectField(_l("You represent"), choices=AFFILIATION_CHOICES)
    country = SelectField(_l("Country"), choices=[], validators=[Optional()])
    password = PasswordField(_l("Password"), validators=PASSWORD)
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    consent = BooleanField(
        _l("I accept that the Secretariat may summarize and disseminate my postings without "
        "attributing them to me by name."),
        validators=[InputRequired(message=_l("You must accept this to take part."))],
    )
    submit = SubmitField(_l("Register"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = _countries()

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        ok = super().validate(extra_validators)
        if self.affiliation.data in ("party", "other_government") and not self.country.data:
            self.country.errors.append(str(_l("Choose the country you represent.")))
            ok = False
        return ok


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class ResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=PASSWORD)
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set the new password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])
    password = PasswordField(_l("New password"), validators=PASSWORD)
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email"), validators=[InputRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired()])
    submit = SubmitField(_l("Send a confirmation link"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Create a token"))


class LanguageForm(FlaskForm):
    """The account's interface language; "automatic" follows the browser."""

    language = SelectField(
        lazy_gettext("Interface language"), validate_choice=True,
        choices=[("", lazy_gettext("Automatic (the browser's language)")),
                 *((code, NATIVE_NAMES[code]) for code in LANGUAGES)])
    submit = SubmitField(lazy_gettext("Save the language"))


class ButtonForm(FlaskForm):
    """A bare form: a CSRF token and a button, for POST-only actions."""

    submit = SubmitField(_l("OK"))
