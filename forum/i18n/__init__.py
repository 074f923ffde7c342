"""Interface languages: Flask-Babel, the locale of a request and the catalogs.

Every user-visible string in templates is written `{{ _('…') }}` and in Python
`gettext`/`lazy_gettext` from flask_babel, so that `pybabel extract` finds it
(docs/i18n.md). The catalogs live in forum/translations/.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import Babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# The interface languages: English (the msgids) and a complete catalog for each other one.
LANGUAGES = ("en", "fr", "es", "zh", "ar", "ru")  # docs/i18n.md, "Adding a language"

babel = Babel()


def select_locale() -> str:
    """The language of this request. English until the preference rules land."""
    return "en"


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
