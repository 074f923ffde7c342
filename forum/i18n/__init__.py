"""Interface languages: Flask-Babel, the locale of a request and the catalogs.

Every user-visible string in templates is written `{{ _('…') }}` and in Python
`gettext`/`lazy_gettext` from flask_babel, so that `pybabel extract` finds it
(docs/i18n.md). The catalogs live in forum/translations/.

The language of a request (docs/i18n.md, "Choosing the language, dates and country
names"): the signed-in user's preference (users.language), else the choice an anonymous
reader made with the switcher (kept in the session), else `Accept-Language`, else the
language of the forum whose page is shown, else English. API requests use the token's
user and `Accept-Language` only: they carry no session.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request, session
from flask.signals import before_render_template
from flask_babel import Babel, get_locale, refresh
from flask_babel import gettext as _
from flask_login import current_user

from forum.refusals import Refused

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# The six UN languages. A language here without a catalog shows English strings but its
# own dates and country names (CLDR).
LANGUAGES = ("en", "fr", "es", "zh", "ar", "ru")
RTL = frozenset({"ar"})
# Each language named in itself, for the switcher (a reader looks for their own language).
NATIVE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "zh": "中文",
                "ar": "العربية", "ru": "Русский"}
SESSION_KEY = "language"

babel = Babel()


def check_language(code: str | None) -> str:
    """`code` if it is an interface language; a 422 refusal otherwise (the one rule)."""
    if code not in LANGUAGES:
        raise Refused(_("Choose one of the interface languages."), status=422, field="language",
                      code="validation_error")
    return code


def best_language(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The first supported language in an `Accept-Language` list, by quality then order.

    Werkzeug's `best_match` prefers an exact tag at a lower quality over a regional one
    at a higher quality ("fr-CH, en;q=0.8" gives English): a reader who asks for Swiss
    French first wants French, so we compare primary subtags in the reader's order."""
    for value, quality in accepted:
        primary = value.strip().lower().replace("_", "-").split("-")[0]
        if quality > 0 and primary in LANGUAGES:
            return primary
    return None


def _preferred() -> str | None:
    """The reader's own choice: the account's preference, or the session's for anonymous."""
    # The token API (an unknown /api/ address too), but not the HTML reference page under
    # /api/v1/docs, which is read signed in like any page.
    api = request.blueprint == "api" or (request.blueprint is None
                                         and request.path.startswith("/api/"))
    if api:
        chosen = getattr(g.get("api_user"), "language", None)
    elif current_user and current_user.is_authenticated and current_user.language:
        chosen = current_user.language
    else:
        chosen = session.get(SESSION_KEY)
    # A value stored before a language was withdrawn (or a forged cookie) is ignored.
    return chosen if chosen in LANGUAGES else None


def select_locale() -> str:
    """The language of this request (the order is in the module docstring)."""
    if not has_request_context():
        return "en"
    return (_preferred() or best_language(request.accept_languages)
            or (g.get("forum_lang") if g.get("forum_lang") in LANGUAGES else None) or "en")


def use_forum_language(language: str | None) -> None:
    """Record the language of the forum whose page this is, as the last fallback.

    A locale already computed for this request (a flash message, a form label) is
    dropped so the page is rendered with the fallback in place."""
    primary = (language or "").split("-")[0].lower()
    if g.get("forum_lang") != primary:
        g.forum_lang = primary
        refresh()


def interface_lang() -> str:
    return str(get_locale() or "en").split("_")[0]


def text_dir(language: str | None) -> str:
    """The direction of text in `language` (a digest's, a forum's)."""
    return "rtl" if (language or "").split("-")[0].lower() in RTL else "ltr"


def interface_dir() -> str:
    return text_dir(interface_lang())


def _forum_of_page(sender: Flask, template: object, context: dict, **extra: object) -> None:
    # Every forum page hands its template the forum it shows: that is where "the forum's
    # language" is known, with no extra query and no per-view code.
    forum = context.get("forum")
    language = getattr(forum, "language", None)
    if isinstance(language, str):
        use_forum_language(language)


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    before_render_template.connect(_forum_of_page, app)
    app.jinja_env.globals.update(interface_lang=interface_lang, interface_dir=interface_dir,
                                 text_dir=text_dir,
                                 interface_languages=LANGUAGES, native_names=NATIVE_NAMES)
    from forum.i18n.views import bp

    app.register_blueprint(bp)

    @app.after_request
    def _vary(response: Response) -> Response:
        # Pages, API answers, charts and tables may be in the reader's language, chosen from
        # these headers (the session cookie carries an anonymous reader's choice): a shared
        # cache must not hand one reader's language to another. Static files do not vary.
        if response.mimetype in ("text/html", "application/json", "text/plain", "text/csv",
                                 "image/svg+xml"):
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response
