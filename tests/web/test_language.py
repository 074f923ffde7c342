"""The interface language as readers meet it: the order of the choices (account, session,
browser, forum, English), the switcher and the account setting (POST forms), the page's
lang and dir, dates and country names in the chosen language. On both databases."""

from __future__ import annotations

import re
from datetime import datetime

from flask import g

from forum.auth.actions import set_language
from forum.extensions import db
from forum.i18n import select_locale
from forum.models import User
from forum.refusals import Refused
from tests.helpers import login, make_forum, make_thread, make_user
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    set_clock,
    visible,
)

FR = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", page(response)).group(0)


def preference(user: User) -> str | None:
    db.session.expire_all()
    return db.session.get(User, user.id).language


def test_english_by_default_with_ltr(app, client):
    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'


def test_accept_language_chooses_when_the_reader_has_not(app, client):
    assert html_tag(client.get("/", headers=FR)) == '<html lang="fr" dir="ltr">'
    assert html_tag(client.get("/", headers={"Accept-Language": "ar"})) == \
        '<html lang="ar" dir="rtl">'
    assert html_tag(client.get("/", headers={"Accept-Language": "de"})) == \
        '<html lang="en" dir="ltr">'


def test_anonymous_switcher_remembers_the_choice_in_the_session(app, client):
    response = client.post("/language", data={"language": "ru", "next": "/search?q=x"},
                           headers=FR)
    assert response.status_code == 302 and response.location.endswith("/search?q=x")
    # The choice beats the browser's language, on every later page.
    assert html_tag(client.get("/", headers=FR)) == '<html lang="ru" dir="ltr">'
    # The link names the language in itself; its label is in the chosen language.
    assert ': <span lang="ru">Русский</span>' in page(client.get("/"))


def test_switcher_refuses_an_unknown_language_and_a_foreign_next(app, client):
    response = client.post("/language", data={"language": "xx", "next": "//evil.example/"})
    assert response.status_code == 302 and response.location in ("/", "http://localhost/")
    home = client.get("/")
    assert html_tag(home) == '<html lang="en" dir="ltr">'
    assert "Choose one of the interface languages." in visible(home)


def test_every_page_links_to_the_switcher_whose_choices_are_post_forms(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    home = page(client.get("/search?q=x"))
    assert 'href="/language?next=/search?q%3Dx"' in home
    # The layout itself carries no CSRF token: anonymous thread pages are cached whole.
    assert "csrf_token" not in page(client.get("/"))
    chooser = page(client.get("/language?next=/search?q%3Dx"))
    forms = re.findall(r'<form method="post" action="/language">.*?</form>', chooser, re.S)
    assert len(forms) == 6 and all('name="csrf_token"' in f for f in forms)
    assert all('name="next" value="/search?q=x"' in f for f in forms)
    assert 'value="ar" lang="ar" dir="rtl"' in chooser
    # A GET never writes; a POST without the token is refused.
    assert html_tag(client.get("/language?language=fr")) == '<html lang="en" dir="ltr">'
    assert client.post("/language", data={"language": "fr"}).status_code == 400
    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'


def test_signed_in_switcher_writes_the_preference_which_follows_the_account(app, client):
    user = make_user()
    login(client, user)
    client.post("/language", data={"language": "es", "next": "/"})
    assert preference(user) == "es"
    other = app.test_client()
    login(other, user)
    # The account's preference wins over the browser's on a new device.
    assert html_tag(other.get("/", headers=FR)) == '<html lang="es" dir="ltr">'


def test_account_page_sets_and_clears_the_language(app, client):
    user = make_user()
    login(client, user)
    assert 'name="lg-language"' in page(client.get("/account"))
    response = client.post("/account/language", data={"lg-language": "ar"})
    assert response.status_code == 302
    assert preference(user) == "ar"
    account = client.get("/account")
    assert html_tag(account) == '<html lang="ar" dir="rtl">'
    assert '<option selected value="ar">' in page(account)
    client.post("/account/language", data={"lg-language": ""})
    assert preference(user) is None
    response = client.post("/account/language", data={"lg-language": "xx"})
    assert response.status_code == 400 and preference(user) is None
    assert "Not a valid choice" in visible(response)


def test_the_action_holds_the_rule(app):
    user = make_user()
    set_language(user, "zh")
    assert preference(user) == "zh"
    try:
        set_language(user, "klingon")
    except Refused as refusal:
        assert (refusal.status, refusal.field) == (422, "language")
    else:
        raise AssertionError("an unknown language was accepted")
    db.session.rollback()
    assert preference(user) == "zh"


def test_forum_language_is_the_last_fallback(app, client):
    moderator = make_user("moderator", country="MX")
    forum = make_forum(moderators=[moderator])
    forum.language = "es"
    db.session.commit()
    thread = make_thread(forum, moderator)
    # No Accept-Language: the forum's language.
    assert html_tag(client.get(f"/threads/{thread.id}")) == '<html lang="es" dir="ltr">'
    assert html_tag(client.get(f"/forums/{forum.slug}")) == '<html lang="es" dir="ltr">'
    # The browser's language comes first; pages outside the forum stay English.
    assert html_tag(client.get(f"/threads/{thread.id}", headers=FR)) == \
        '<html lang="fr" dir="ltr">'
    assert html_tag(client.get("/")) == '<html lang="en" dir="ltr">'


def test_dates_and_countries_follow_the_reader(app, client):
    set_clock(app, datetime(2014, 5, 28, 9, 4))
    moderator = make_user("moderator", country="MD", name="Angela Lozan", title="Dr.",
                          organization="")
    forum = make_forum(opens_at=datetime(2014, 5, 19), closes_at=datetime(2014, 6, 14),
                       moderators=[moderator])
    thread = make_thread(forum, moderator)
    english = visible(client.get(f"/threads/{thread.id}"))
    assert "posted on 2014-05-28 09:04 UTC by Dr. Angela Lozan, the Republic of Moldova" \
        in english
    french = visible(client.get(f"/threads/{thread.id}", headers=FR))
    assert "28 mai 2014, 09:04 UTC" in french and "République de Moldova" in french
    arabic = client.get(f"/forums/{forum.slug}", headers={"Accept-Language": "ar"})
    assert "19 مايو 2014" in visible(arabic) and "13 يونيو 2014" in visible(arabic)
    assert "جمهورية مولدوفا" in visible(arabic)
    # The byline's place follows with the reader's comma: Arabic "،", Chinese "，".
    arabic_thread = visible(client.get(f"/threads/{thread.id}",
                                       headers={"Accept-Language": "ar"}))
    assert re.search(r"Angela Lozan\S*، جمهورية مولدوفا", arabic_thread), arabic_thread
    chinese = visible(client.get(f"/threads/{thread.id}", headers={"Accept-Language": "zh"}))
    assert "UTC，摩尔多瓦共和国" in chinese and "UTC, " not in chinese


def test_register_form_lists_countries_in_the_readers_language_and_order(app, client):
    html = page(client.get("/register", headers=FR))
    names = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', html)
    assert "Mexique" in names and "Afrique du Sud" in names
    assert names.index("Afghanistan") < names.index("Afrique du Sud") < names.index("Albanie")
    english = re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>',
                         page(client.get("/register")))
    assert english.index("Namibia") < english.index("the Netherlands") < \
        english.index("New Zealand")


def test_api_messages_follow_the_token_user_then_accept_language(app):
    user = make_user()
    set_language(user, "ru")
    with app.test_request_context("/api/v1/forums", headers=FR):
        g.api_user = None
        assert select_locale() == "fr"
        g.api_user = user
        assert select_locale() == "ru"
    # A web session's choice never reaches the API, which has no cookies.
    with app.test_request_context("/api/v1/forums"):
        g.api_user = None
        assert select_locale() == "en"


def test_api_error_codes_stay_english_whatever_the_language(app, client):
    response = client.get("/api/v1/forums", headers={"Accept-Language": "ar",
                                                     "Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_the_anonymous_choice_survives_signing_in_and_out(app, client):
    user = make_user()
    client.post("/language", data={"language": "fr"})
    login(client, user)
    assert html_tag(client.get("/")) == '<html lang="fr" dir="ltr">'
    assert preference(user) is None  # the account's own setting is untouched
    client.post("/logout")
    assert html_tag(client.get("/")) == '<html lang="fr" dir="ltr">'


def test_api_error_message_is_in_the_readers_language(app, client, tmp_path, monkeypatch):
    # A one-message French catalog written for this test (the real catalogs come from
    # the translators): the API's message follows Accept-Language, its code does not.
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from flask_babel import get_babel

    catalog = Catalog(locale="fr")
    catalog.add("The token is not valid or was revoked.", "Ce jeton n'est pas valable.")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    config = get_babel(app)
    monkeypatch.setattr(config, "translation_directories", [str(tmp_path)])
    cache = config.instance.domain_instance.cache
    cache.clear()
    try:
        bad = {"Authorization": "Bearer nope"}
        french = client.get("/api/v1/forums", headers={**bad, **FR}).get_json()["error"]
        english = client.get("/api/v1/forums", headers=bad).get_json()["error"]
    finally:
        cache.clear()
    assert french == {"code": "unauthorized", "message": "Ce jeton n'est pas valable."}
    assert english == {"code": "unauthorized",
                       "message": "The token is not valid or was revoked."}


def test_error_pages_link_to_the_switcher_without_the_path(app, client):
    # A page someone may not see answers exactly as a missing one: no path echoed back.
    html = page(client.get("/threads/987654"))
    assert '<li class="language"><a href="/language">' in html
    assert "/language?next" not in html


def test_every_answer_varies_with_the_reader_language(app, client):
    """Pages are chosen by Accept-Language and the session cookie: a shared cache must
    keep one copy per language (threat: one reader's language served to another)."""
    moderator = make_user("moderator")
    thread = make_thread(make_forum(moderators=[moderator]), moderator)
    for url in ("/", f"/threads/{thread.id}", "/api/v1/forums", "/no-such-page"):
        response = client.get(url, headers=FR)
        assert {"Accept-Language", "Cookie"} <= set(response.vary), url


def test_the_api_reference_page_follows_the_signed_in_reader(app, client):
    reader = make_user()
    set_language(reader, "fr")
    db.session.commit()
    login(client, reader)
    assert html_tag(client.get("/api/v1/docs")) == '<html lang="fr" dir="ltr">'
