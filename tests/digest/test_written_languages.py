"""The digest of forums held in French, Spanish, Arabic and Russian, from the database: the
fixed wording, dates and country names of each language, the third person in French and
Spanish, attributed paragraphs in Arabic and Russian (and the note saying so), chatter left
out, the same bytes twice. The forums are made up (tests/digest/langforums.py)."""

from __future__ import annotations

import re

import pytest

from forum.digest.generate import report_for
from forum.extensions import db
from forum.moderation.actions import approve_post
from synthesis.languages.registry import language_for
from synthesis.languages.strings import STRINGS
from synthesis.render.markdown import render_markdown
from synthesis.stages.number import all_paragraphs
from tests.digest.langforums import load_forum
from tests.helpers import login, make_reply, setup_forum

DATES = {"fr": ("du 26 mai au 13 juin 2014", "13 août 2014"),
         "es": ("del 26 de mayo al 13 de junio de 2014", "13 de agosto de 2014"),
         "ar": ("في الفترة من 26 أيار/مايو إلى 13 حزيران/يونيه 2014", "13 آب/أغسطس 2014"),
         "ru": ("с 26 мая по 13 июня 2014 года", "13 августа 2014 года")}
SPEAKERS = {
    "fr": ("Le Mexique a indiqué qu'il a adopté sa stratégie nationale de biosécurité en 2012.",
           "La Colombie a indiqué qu'elle a intégré", "Les Philippines ont indiqué que le pays",
           "Elles ont ajouté que ses laboratoires ont analysé 120 échantillons",
           "Le Cameroun a indiqué qu'il a formé 45 inspecteurs depuis 2013.",
           "L'organisation Réseau africain de biosécurité a indiqué"),
    "es": ("México señaló que ha adoptado su estrategia nacional de bioseguridad en 2012.",
           "La Argentina señaló que integró", "El Perú señaló que ha creado",
           "El Salvador señaló que la ley de bioseguridad fue aprobada en 2009.",
           "Los Estados Unidos de América señalaron que el país ha formado a 45 inspectores",
           "sus laboratorios analizaron 120 muestras",
           "La organización Red Latinoamericana de Bioseguridad señaló"),
    "ar": ("وجاء في مداخلة مصر: «", "وجاء في مداخلة المغرب: «", "وجاء في مداخلة السودان: «",
           "وجاء في مداخلة الشبكة العربية للسلامة الأحيائية: «", "120 عينة"),
    "ru": ("Российская Федерация сообщает: «", "Казахстан сообщает: «", "Армения сообщает: «",
           "Соединенные Штаты Америки сообщают: «",
           "Евразийская сеть по биобезопасности сообщает: «", "120 образцов"),
}
CHATTER = {"fr": ("Bonjour", "Merci", "Cordialement", "Comment financez", "Ana López"),
           "es": ("Hola", "Gracias", "Saludos", "Cómo financian", "Ana López"),
           "ar": ("السلام عليكم", "شكرا", "مع خالص التحيات", "هل لدى البلدان"),
           "ru": ("Здравствуйте", "Спасибо", "С уважением", "Как вы финансируете")}


def _english_fragments(lang: str) -> set[str]:
    """English wording that would show if the report fell back ("Introduction", also French,
    does not count)."""
    own = " ".join(STRINGS[lang].values())
    out = set()
    for key, template in STRINGS["en"].items():
        if key not in ("numerals", "letters", "item_letters"):
            out.update(p.strip() for p in re.split(r"\{[a-z_]+\}", template)
                       if len(re.findall(r"[A-Za-z]", p)) >= 5 and p.strip() not in own)
    return out


@pytest.mark.parametrize("lang", ["fr", "es", "ar", "ru"])
def test_a_forum_in_each_language_gives_a_note_in_that_language(app, lang):
    forum = load_forum(lang)
    report = report_for(forum)
    md = render_markdown(report)
    assert md == render_markdown(report_for(forum))  # same database, same bytes
    table = STRINGS[lang]
    assert report.language == lang and f"**{table['draft']}**" in md
    assert f"**{table['note_by']}**" in md and f"## {table['introduction']}" in md
    assert [f for f in _english_fragments(lang) if f in md] == []  # no English wording
    for dates in DATES[lang]:
        assert dates in md
    for said in SPEAKERS[lang]:
        assert said in md, said
    for chatter in CHATTER[lang]:
        assert chatter not in md, chatter
    assert "2012" in md and "45" in md and "2014" in md
    # Headings in the language's numbering: "## I." / "## الأول." and "### A." / "### ألف.".
    numeral, letter = table["numerals"].split()[0], table["letters"].split()[0]
    assert f"## {numeral}. " in md and f"### {letter}. " in md


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_french_and_spanish_paragraphs_have_no_first_person_outside_quotations(app, lang):
    report = report_for(load_forum(lang))
    language = language_for(lang)
    content = [line.text for p in all_paragraphs(report) for line in p.lines
               if line.kind == "content"]
    assert len(content) >= 15
    assert [t for t in content if language.first_person(t)] == []
    assert not language.statement() and not report.reconstruction_note
    md = render_markdown(report)
    # A quotation keeps the speaker's words.
    quoted = ("« nous devons protéger les variétés locales »" if lang == "fr"
              else "“debemos proteger las variedades locales”")
    assert quoted in md


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_arabic_and_russian_paragraphs_are_attributed_and_the_report_says_so(app, lang):
    report = report_for(load_forum(lang))
    language = language_for(lang)
    note = STRINGS[lang]["attributed_note"]
    assert note and report.reconstruction_note == note and note in render_markdown(report)
    attributed = 0
    for paragraph in all_paragraphs(report):
        lines = [line.text for line in paragraph.lines if line.kind == "content"]
        text = " ".join(lines)
        if lines and language.first_person_words.search(text):
            # The first person stands only inside the attributed quotation.
            assert re.search(r"^\w[^«]*: «", lines[0]) and text.endswith("»"), text
            attributed += 1
    assert attributed >= 6


def test_the_english_and_chinese_notes_carry_no_language_note():
    for code in ("en", "zh"):
        assert language_for(code).statement() == ""


def test_the_draft_page_says_the_paragraphs_are_attributed(app, client):
    forum, moderator, participant, thread = setup_forum()
    forum.language = "ru"
    db.session.commit()
    reply = make_reply(thread, participant, "Мы приняли национальную стратегию по "
                                            "биобезопасности в 2012 г. и ведем реестр.")
    approve_post(reply, acting_user=moderator, version=1)
    login(client, moderator)
    page = client.get(f"/digest/{forum.slug}")
    assert page.status_code == 200
    assert STRINGS["ru"]["attributed_note"] in page.get_data(as_text=True)
