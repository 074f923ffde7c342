"""The interface catalogs at work: pages, form errors, refusals, API messages and emails in
the reader's language, English where no locale applies (the CLI), and English by default.

The language of a request is chosen by forum/i18n (select_locale, owned by the locale
rules); these tests set Flask-Babel's selector for the app directly, so they test the
catalogs whatever the selection rules become."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from forum.extensions import db
from forum.i18n import LANGUAGES
from forum.moderation.actions import approve_post, reject_post
from forum.refusals import Refused
from forum.threads.rules import PostingError, clean_body
from tests.helpers import PASSWORD, login, make_reply, make_user, setup_forum, token_for
from tests.web.support import (  # noqa: F401 (fast_password_hashing is autouse)
    fast_password_hashing,
    page,
    visible,
)


@pytest.fixture
def speak(app) -> Iterator:
    """speak("fr"): every request from now on is in French."""
    config = app.extensions["babel"]
    saved = config.locale_selector

    def choose(language: str) -> None:
        config.locale_selector = lambda: language

    yield choose
    config.locale_selector = saved


def test_the_sign_in_page_in_french(client, speak) -> None:
    speak("fr")
    text = visible(client.get("/login"))
    assert "Se connecter" in text and "Mot de passe" in text
    assert "Mot de passe oublié ?" in text and "Aller au contenu" in text
    assert "Sign in" not in text and "Password" not in text


def test_english_stays_the_default(client) -> None:
    text = visible(client.get("/login"))
    assert "Sign in" in text and "Forgot your password?" in text


def test_a_thread_page_in_french_with_plurals(app, client, speak) -> None:
    forum, moderator, participant, thread = setup_forum()
    speak("fr")
    text = visible(client.get(f"/threads/{thread.id}"))
    assert "Retour à la liste des fils" in text and "Version imprimable" in text
    assert "publié le" in text and f"par {moderator.display_name}" in text
    home = visible(client.get(f"/forums/{forum.slug}"))
    assert "1 message" in home and "Thèmes et fils" in home  # French singular for 1
    speak("ru")
    assert "1 сообщение" in visible(client.get(f"/forums/{forum.slug}"))


def test_an_error_page_in_french(client, speak) -> None:
    speak("fr")
    response = client.get("/threads/987654")
    assert response.status_code == 404
    text = visible(response)
    assert "404 Introuvable" in text and "Il n'y a rien à cette adresse" in text
    assert "Retour aux forums" in text


def test_a_refused_form_keeps_the_typed_text_and_says_why_in_french(app, client,
                                                                     speak) -> None:
    forum, moderator, participant, thread = setup_forum()
    login(client, participant)
    speak("fr")
    typed = "   "
    response = client.post(f"/threads/{thread.id}/reply",
                           data={"body": typed, "submission_key": "k-1"})
    assert response.status_code in (400, 422)
    assert "Écrivez quelque chose avant de publier." in visible(response)

    # A field validation error on the registration form: the typed name stays.
    client.post("/logout")
    response = client.post("/register", data={
        "title": "Mr.", "name": "Jean Dupont", "email": "jean@example.org",
        "organization": "Ministère", "affiliation": "party", "country": "FR",
        "password": PASSWORD, "confirm": PASSWORD + "x", "consent": "y"})
    assert response.status_code == 400
    assert "Les mots de passe diffèrent." in visible(response)
    assert 'value="Jean Dupont"' in page(response)
    # WTForms' own messages come from its catalogs, in the same language (Flask-WTF).
    response = client.post("/login", data={"email": "", "password": ""})
    assert "Ce champ est requis." in visible(response)


def test_an_api_error_message_in_french_keeps_its_code(app, client, speak) -> None:
    forum, moderator, participant, thread = setup_forum()
    speak("fr")
    response = client.get("/api/v1/threads/987654/posts")
    assert response.status_code == 404
    assert response.get_json()["error"] == {"code": "not_found",
                                            "message": "Fil introuvable."}
    # An action's refusal (forum/threads/actions.py), translated where the API answers.
    newcomer = make_user(confirmed=False, name="Jean Neuf")
    response = client.post(f"/api/v1/threads/{thread.id}/posts",
                           json={"body": "Bonjour à tous."}, headers=token_for(newcomer))
    error = response.get_json()["error"]
    assert error["code"] == "forbidden"
    assert error["message"] == "Confirmez votre adresse électronique avant de publier."


def test_an_email_in_spanish(app, client, smtp, speak) -> None:
    speak("es")
    response = client.post("/register", data={
        "title": "Ms.", "name": "Ana Pérez", "email": "ana@example.org",
        "organization": "Ministerio", "affiliation": "party", "country": "MX",
        "password": PASSWORD, "confirm": PASSWORD, "consent": "y"})
    assert response.status_code == 302
    [mail] = smtp.wait_for(1)
    assert mail["Subject"] == "Confirme su dirección de correo electrónico"
    assert mail.get_content().startswith("Estimado/a Ms. Ana Pérez:")


def test_an_email_is_in_its_recipients_language_not_the_actors(app, smtp) -> None:
    """A moderator acting in English approves; the author, whose preference is Spanish
    (the `language` attribute the locale rules add to User), is told in Spanish."""
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant)
    participant.language = "es"
    with app.test_request_context():
        approve_post(post, acting_user=moderator, version=post.version)
        db.session.commit()
    subjects = [m["Subject"] for m in smtp.wait_for(2) if m["To"] == participant.email]
    assert f"[{forum.slug}] Su mensaje se aprobó" in subjects


def test_refusals_translate_where_they_are_read_and_are_english_outside_a_request(
        app) -> None:
    with pytest.raises(PostingError) as raised:
        clean_body("")
    refusal = raised.value
    # The test's app context, but no request: no locale, so the English msgid.
    assert refusal.message == "Write something before posting."
    with app.test_request_context(), force_locale("es"):
        assert refusal.message == "Escriba algo antes de publicar."
        assert str(refusal) == "Escriba algo antes de publicar."
    # Always a plain str: a lazy string would pass for safe markup in a template.
    assert type(Refused(_l("No such post.")).message) is str


def test_refusals_read_english_with_no_app_at_all() -> None:
    """A refusal read where Flask has no context at all (a worker thread, a script)
    neither fails nor translates."""
    refusal = Refused(_l("The post by %(name)s was rejected.", name="<b>A</b>"))
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(refusal.message))
    worker.start()
    worker.join()
    assert result == ["The post by <b>A</b> was rejected."]


def test_interpolated_values_are_escaped_in_translated_templates(app, speak) -> None:
    with app.test_request_context(), force_locale("fr"):
        html = render_template_string("{{ _('Search: %(words)s', words=w) }}",
                                      w="<script>x</script>")
    assert html == "Recherche : &lt;script&gt;x&lt;/script&gt;"


@pytest.mark.parametrize("language", [x for x in LANGUAGES if x != "en"])
def test_the_main_pages_render_in_every_language(app, client, speak, language) -> None:
    """Every catalog is exercised on the pages a reader, a participant and a moderator
    meet: a translation that broke a placeholder would fail here with an error page."""
    forum, moderator, participant, thread = setup_forum()
    make_reply(thread, participant)
    speak(language)
    english = ("Sign in", "Register", "Skip to content", "Times are in UTC.")
    for path in ("/", f"/forums/{forum.slug}", f"/threads/{thread.id}", "/login",
                 "/register", "/search?q=country"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not any(word in visible(response) for word in english), (language, path)
    login(client, moderator)
    for path in (f"/moderation/{forum.slug}", "/account", f"/threads/{thread.id}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Times are in UTC." not in visible(response), (language, path)


def test_a_canned_reason_is_stored_in_english_and_read_in_the_readers_language(
        app, client, smtp, speak) -> None:
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant)
    participant.language = "es"  # the preference the locale rules add to User
    with app.test_request_context():
        reject_post(post, acting_user=moderator, reason="Duplicate of an earlier message.")
        db.session.commit()
    assert post.moderation_reason == "Duplicate of an earlier message."
    [mail] = [m for m in smtp.wait_for(1) if m["To"] == participant.email]
    assert "Motivo: Duplicado de un mensaje anterior." in mail.get_content()
    login(client, participant)
    speak("fr")
    text = visible(client.get(f"/threads/{thread.id}"))
    assert "Non approuvé. Motif : Doublon d'un message antérieur." in text


def _emails(app, client, smtp, speak, language: str) -> list:
    """The confirmation email a new user gets and the notice an author gets when a
    moderator approves their post, for a reader of `language`."""
    speak(language)
    response = client.post("/register", data={
        "title": "Ms.", "name": f"Ana {language}", "email": f"ana.{language}@example.org",
        "organization": "Ministerio", "affiliation": "party", "country": "MX",
        "password": PASSWORD, "confirm": PASSWORD, "consent": "y"})
    assert response.status_code == 302
    [confirmation] = smtp.wait_for(1)
    forum, moderator, participant, thread = setup_forum()
    post = make_reply(thread, participant)
    participant.language = language
    with app.test_request_context():
        approve_post(post, acting_user=moderator, version=post.version)
        db.session.commit()
    notices = [m for m in smtp.wait_for(3)[1:] if m["To"] == participant.email]
    assert notices
    return [confirmation, *notices]


@pytest.mark.parametrize("language", [x for x in LANGUAGES if x != "en"])
def test_every_email_differs_from_english_in_every_language(app, client, smtp, speak,
                                                            language) -> None:
    """No email falls back to English: each subject and each line of English prose of the
    English emails is gone from the same emails sent to a reader of `language`."""
    mails = _emails(app, client, smtp, speak, language)
    for mail in mails:
        body = mail.get_content()
        assert "Dear " not in body and "Your post" not in mail["Subject"], (language, body)
        prose = [line for line in body.splitlines()
                 if len(re.findall(r"\b(?:the|your|you|to|and|was|has|been)\b", line)) >= 2]
        assert prose == [], (language, mail["Subject"], prose)
