"""The Language interface (synthesis/languages): the registry, the six UN languages behind the
interface, and the explicit fallback a report states for a language without rules."""

from __future__ import annotations

from dataclasses import replace

import pytest

from forum.extensions import db
from forum.moderation.actions import approve_post
from synthesis import DigestSettings, build_report, render_html, render_markdown
from synthesis.languages.base import Language
from synthesis.languages.chinese import Chinese
from synthesis.languages.english import English
from synthesis.languages.french import French
from synthesis.languages.registry import (
    UnsupportedLanguage,
    is_supported,
    language_for,
    rules,
    rules_code,
)
from synthesis.languages.spanish import Spanish
from tests.helpers import login, make_reply, setup_forum
from tests.unit.digest.factories import make_forum, make_post

STATEMENT = "written with English grammar rules"


@pytest.mark.parametrize(("code", "rules"), [("en", English), ("en-GB", English),
                                             (None, English), ("", English), ("zh", Chinese),
                                             ("zh-CN", Chinese), ("ZH-tw", Chinese),
                                             ("fr", French), ("es-MX", Spanish)])
def test_the_registry_gives_each_supported_language_its_own_rules(code, rules):
    language = language_for(code)
    assert type(language) is rules and isinstance(language, Language)
    assert not language.fallback and language.statement() == ""
    assert is_supported(code) and rules_code(code) == language.code


@pytest.mark.parametrize("code", ["de", "it-IT", "ja", "pt"])
def test_an_unsupported_language_falls_back_to_english_and_says_so(code):
    language = language_for(code)
    assert type(language) is English and language.fallback
    assert language.requested == code.split("-")[0].lower()
    assert STATEMENT in language.statement() and f"({language.requested})" in language.statement()
    assert not is_supported(code) and rules_code(code) == "en" and not rules(code).ideographic


def test_strict_refuses_an_unsupported_language_with_a_clear_message():
    with pytest.raises(UnsupportedLanguage) as error:
        language_for("de", strict=True)
    assert "'de'" in str(error.value) and "English (en)" in str(error.value)
    assert "Chinese (zh)" in str(error.value)
    assert language_for("zh-CN", strict=True).code == "zh"


def test_english_behind_the_interface():
    en = language_for("en")
    assert en.split_sentences("We agree. It works well! Does it scale?") == [
        "We agree.", "It works well!", "Does it scale?"]
    assert en.first_person("I think we should act.")
    rewritten = en.third_person("We trained our customs officers.", "UG")
    assert rewritten and "We " not in rewritten and "our" not in rewritten
    assert en.substance("Thank you all for this forum.") is None
    assert en.substance("We adopted a law in 2010.") == "We adopted a law in 2010."
    assert en.noted("Ana Pop", "the law works") == "Ana Pop noted that the law works."
    assert en.join_names(["Kenya", "Peru", "India"]) == "Kenya, Peru and India"
    assert en.several_noted(["Kenya", "Peru"], "have laws").startswith(
        "A number of countries, including Kenya and Peru")
    assert en.count_words("We agree with this") == 4 and en.sequence("numerals", 2) == "III"


def test_chinese_behind_the_interface():
    zh = language_for("zh")
    assert zh.split_sentences("我们同意。这很好！") == ["我们同意。", "这很好！"]
    assert zh.first_person("我们认为应当行动。")
    rewritten = zh.third_person("我们培训了海关官员。", "CN")
    assert rewritten and "我们" not in rewritten
    assert zh.noted("甲", "法律有效") == "甲指出，法律有效。"
    assert zh.join_names(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert zh.wording("draft") != language_for("en").wording("draft")
    assert zh.sequence("numerals", 2) == "三"


def _posts():
    return [make_post(1, "KE", "Kenya adopted its biosafety law in 2009 after a long debate."),
            make_post(2, "PE", "Peru trains customs officers every year on biosafety rules.")]


def test_a_report_in_an_unsupported_language_states_its_fallback_in_every_format():
    english = build_report(make_forum(), _posts(), DigestSettings.from_dict({}))
    assert STATEMENT not in english.reconstruction_note
    report = build_report(make_forum(language="de", reconstruction_note="Rebuilt from mail."),
                          _posts(), DigestSettings.from_dict({}))
    assert report.language == "en"  # the rules it is written with
    assert report.document_language == "de"  # the forum's: lang=, Word's w:lang, direction
    assert report.reconstruction_note.startswith("Rebuilt from mail. ")
    assert STATEMENT in report.reconstruction_note and "(de)" in report.reconstruction_note
    assert STATEMENT in render_markdown(report)
    html = render_html(report, standalone=True)
    assert STATEMENT in html and '<html lang="de">' in html and 'lang="en"' in html
    # Apart from the statement, the report is the English one.
    assert replace(report, reconstruction_note="", document_language="en") == replace(
        build_report(make_forum(reconstruction_note=""), _posts(),
                     DigestSettings.from_dict({})), reconstruction_note="")


def test_the_draft_page_states_the_fallback(app, client):
    forum, moderator, participant, thread = setup_forum()
    forum.language = "de"
    db.session.commit()
    reply = make_reply(thread, participant, "In our country biosafety is in the NBSAP now.")
    approve_post(reply, acting_user=moderator, version=1)
    login(client, moderator)
    page = client.get(f"/digest/{forum.slug}")
    assert page.status_code == 200
    assert STATEMENT in page.get_data(as_text=True)
