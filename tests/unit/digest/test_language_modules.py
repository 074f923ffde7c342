"""The French, Spanish, Arabic and Russian modules behind the Language interface: sentences,
chatter, first to third person (or attribution), dates, country names and their grammar."""

from __future__ import annotations

import re
from datetime import date

import pytest

from synthesis import DigestSettings, build_report
from synthesis.languages.registry import SUPPORTED, language_for
from synthesis.languages.strings import STRINGS, date_range
from synthesis.stages.number import all_paragraphs
from synthesis.types import Sentence
from tests.unit.digest.factories import make_forum, make_post


def _sentence(post_id: int, text: str, country: str | None = "MX") -> Sentence:
    return Sentence(post_id=post_id, post_number=post_id, index=0, block=0, text=text,
                    lang="fr", country=country, affiliation="party", organization="",
                    topic_key="t1", tags=(), national=True)


def test_every_language_has_every_wording_of_the_english_table():
    assert set(SUPPORTED) == set(STRINGS)
    for code in ("fr", "es", "ar", "ru"):
        assert set(STRINGS["en"]) <= set(STRINGS[code]), code


def test_french_sentences_keep_abbreviations_and_guillemets_together():
    fr = language_for("fr")
    text = ("M. Dupont a parlé. Nous avons adopté une loi, p. ex. en 2012. "
            "Elle dit « Nous sommes prêts. Vraiment. » depuis. Fin du texte.")
    assert fr.split_sentences(text) == [
        "M. Dupont a parlé.", "Nous avons adopté une loi, p. ex. en 2012.",
        "Elle dit « Nous sommes prêts. Vraiment. » depuis.", "Fin du texte."]


def test_arabic_and_russian_sentences():
    ar = language_for("ar")
    assert ar.split_sentences("اعتمدنا قانونا، وهو جديد؛ نعم. هل لديكم خبرة؟ نعم لدينا.") == [
        "اعتمدنا قانونا، وهو جديد؛ نعم.", "هل لديكم خبرة؟", "نعم لدينا."]
    ru = language_for("ru")
    assert ru.split_sentences("В 2012 г. мы приняли закон, т. е. новый. Мы работаем с ООН.") == [
        "В 2012 г. мы приняли закон, т. е. новый.", "Мы работаем с ООН."]


@pytest.mark.parametrize(("code", "text"), [
    ("fr", "Bonjour à tous et merci pour cette initiative."),
    ("fr", "Cordialement, Ana López"),
    ("fr", "Comment financez-vous vos laboratoires ?"),
    ("es", "Muchas gracias por la invitación a este foro."),
    ("es", "¿Cómo financian ustedes sus laboratorios?"),
    ("ar", "السلام عليكم جميعا وشكرا على الدعوة."),
    ("ar", "هل لدى البلدان الأخرى تجربة مماثلة؟"),
    ("ru", "Спасибо всем за содержательный обмен мнениями."),
])
def test_chatter_is_left_out(code, text):
    assert language_for(code).substance(text, "Ana López") is None


def test_lead_ins_go_and_the_substance_stays():
    assert language_for("fr").substance(
        "Je pense que le registre public renforce la confiance.") == (
        "Le registre public renforce la confiance.")
    assert language_for("es").substance(
        "Creo que el registro público refuerza la confianza.") == (
        "El registro público refuerza la confianza.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Nous avons adopté notre stratégie nationale en 2012.",
     "Le pays a adopté sa stratégie nationale en 2012."),
    ("Nous travaillons avec nos partenaires sur notre programme.",
     "Le pays travaille avec ses partenaires sur son programme."),
    ("Nous nous sommes engagés à publier chaque autorisation.",
     "Le pays s'est engagé à publier chaque autorisation."),
    ("Nous finissons notre évaluation cette année.", "Le pays finit son évaluation cette année."),
    ("Notre pays n'a pas encore de loi.", "Le pays n'a pas encore de loi."),
    ("Cela nous aide beaucoup dans la pratique.", None),  # "nous" as an object: not rewritten
])
def test_french_first_to_third_person(text, expected):
    assert language_for("fr").third_person(text, "MX") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Hemos adoptado nuestra estrategia nacional en 2012.",
     "Ha adoptado su estrategia nacional en 2012."),
    ("En 2012 adoptamos una ley y nos comprometimos a aplicarla.",
     "En 2012 adoptó una ley y se comprometió a aplicarla."),
    ("Trabajamos con nuestros socios en el registro.", "Trabaja con sus socios en el registro."),
    ("Recomendamos a los donantes un apoyo duradero.",
     "Recomienda a los donantes un apoyo duradero."),
    ("Los mismos problemas afectan a los préstamos.",
     "Los mismos problemas afectan a los préstamos."),
])
def test_spanish_first_to_third_person(text, expected):
    assert language_for("es").third_person(text, "MX") == expected


def test_a_sentence_not_understood_is_attributed_in_the_speakers_words():
    fr = language_for("fr")
    paragraph = fr.country_paragraph("CO", [
        _sentence(1, "Nous avons adopté une loi en 2015."),
        _sentence(2, "La coordination nous aide beaucoup entre les ministères.")])
    assert [line.text for line in paragraph.lines] == [
        "La Colombie a indiqué qu'elle a adopté une loi en 2015.",
        "La Colombie a déclaré : « La coordination nous aide beaucoup entre les ministères. »"]


@pytest.mark.parametrize(("code", "name"), [
    ("MX", "Le Mexique"), ("CO", "La Colombie"), ("PH", "Les Philippines"), ("IN", "L'Inde"),
    ("CU", "Cuba"), ("US", "Les États-Unis d'Amérique"), ("MD", "La République de Moldova")])
def test_french_country_names_take_their_article(code, name):
    assert language_for("fr").country_speaker(code).name == name


@pytest.mark.parametrize(("code", "name"), [
    ("MX", "México"), ("AR", "La Argentina"), ("PE", "El Perú"), ("SV", "El Salvador"),
    ("US", "Los Estados Unidos de América"), ("BO", "El Estado Plurinacional de Bolivia")])
def test_spanish_country_names_take_the_un_article(code, name):
    assert language_for("es").country_speaker(code).name == name


def test_dates_in_un_style():
    day = date(2014, 5, 26)
    assert [language_for(c).format_date(day) for c in ("fr", "es", "ar", "ru")] == [
        "26 mai 2014", "26 de mayo de 2014", "26 أيار/مايو 2014", "26 мая 2014 года"]
    assert language_for("fr").format_date(date(2014, 6, 1)) == "1er juin 2014"
    assert date_range(date(2014, 6, 2), date(2014, 6, 13), "es") == (
        "del 2 al 13 de junio de 2014")
    assert date_range(date(2014, 6, 2), date(2014, 6, 2), "fr") == "le 2 juin 2014"


def test_arabic_and_russian_paragraphs_quote_the_speaker():
    ru = language_for("ru")
    paragraph = ru.country_paragraph("KZ", [_sentence(1, "Мы приняли закон в 2015 г."),
                                            _sentence(2, "Наш закон работает хорошо.")])
    assert " ".join(line.text for line in paragraph.lines) == (
        "Казахстан сообщает: «Мы приняли закон в 2015 г. Наш закон работает хорошо.»")
    assert ru.statement() and language_for("ar").statement()
    assert language_for("ar").third_person("اعتمدنا قانونا في عام 2015.") is None


@pytest.mark.parametrize(("lang", "said"), [("fr", "Claire Roux a déclaré : « Nous"),
                                            ("es", "Claire Roux declaró: «Nosotros")])
def test_a_person_credited_by_name_is_quoted_not_rewritten(lang, said):
    # A person's gender is unknown: their first person is quoted, never rewritten or leaked.
    text = {"fr": "Nous avons testé trois modèles de registre pendant deux ans au ministère.",
            "es": "Nosotros probamos tres modelos de registro durante dos años en el ministerio."}
    posts = [make_post(1, None, text[lang], name="Claire Roux", affiliation="organization",
                       organization="")]
    report = build_report(make_forum(language=lang), posts,
                          DigestSettings.from_dict({"attribution": "name"}))
    language = language_for(lang)
    lines = [line.text for p in all_paragraphs(report) for line in p.lines
             if line.kind == "content"]
    assert any(said in line for line in lines), lines
    assert [line for line in lines if language.first_person(line)] == []


@pytest.mark.parametrize(("lang", "body", "kept"), [
    ("fr", "Nous avons adopté une stratégie nationale en 2012.\n\nLa loi date de 2009.\n\n"
           "Cordialement,\nAna López", "2009"),
    ("ru", "Мы приняли национальную стратегию в 2012 г.\n\nЗакон принят в 2009 г.\n\n"
           "С уважением,\nИван Смирнов", "2009"),
])
def test_a_short_last_sentence_is_no_signature(lang, body, kept):
    # The signature rule asks the forum's language whether a line is a clause.
    posts = [make_post(1, "MX", body, name="Ana López" if lang == "fr" else "Иван Смирнов")]
    report = build_report(make_forum(language=lang), posts, DigestSettings.from_dict({}))
    text = " ".join(line.text for p in all_paragraphs(report) for line in p.lines)
    assert kept in text and "Cordialement" not in text and "уважением" not in text


def test_the_digest_names_are_cldr_plus_the_overrides_in_every_language():
    # synthesis/data/countries.json is generated by scripts/digest_countries.py.
    from forum.i18n.countries import cldr_or_un
    from synthesis.countries import codes, country_name

    for code in codes():
        if code == "EU":
            continue
        for lang in ("fr", "es", "ar", "ru"):
            assert country_name(code, lang) == cldr_or_un(code, lang), (code, lang)


@pytest.mark.parametrize(("code", "text"), [
    ("fr", "Nous devons tous renforcer la coopération régionale sur ce point."),
    ("es", "Todos debemos reforzar la cooperación regional en este punto."),
])
def test_a_we_that_speaks_for_everyone_is_not_made_a_country(code, text):
    language = language_for(code)
    assert language.third_person(text, "MX") is None
    assert not language.speaks_of_self(text, "MX")


def test_all_of_something_is_no_we_for_everyone():
    assert language_for("fr").third_person("Nous publions tous les permis en ligne.") == (
        "Le pays publie tous les permis en ligne.")
    assert language_for("es").third_person("Publicamos todos los permisos en línea.") == (
        "Publica todos los permisos en línea.")


def test_every_language_has_every_fixed_wording_of_english():
    """A wording added in English only would print English in another language's report
    (a KeyError at best); the Chinese rules never write the English "It is advisable to"
    rewording, whose keys are the documented exception."""
    from synthesis.languages.strings import STRINGS

    english = set(STRINGS["en"])
    for code, table in STRINGS.items():
        missing = english - set(table) - ({"advisable", "advisable_not"} if code == "zh" else set())
        assert not missing, (code, sorted(missing))


def _lines(lang: str, posts: list, settings: dict | None = None) -> list[str]:
    report = build_report(make_forum(language=lang), posts,
                          DigestSettings.from_dict(settings or {"attribution": "name"}))
    return [line.text for p in all_paragraphs(report) for line in p.lines]


@pytest.mark.parametrize(("lang", "bodies", "reply"), [
    ("ru", ["Обновление реестра прошло успешно в прошлом месяце.",
            "Новая система учёта заработала в этом году.",
            "Лаборатории провели проверку всех образцов семян.",
            "Инспекторы посетили сорок ферм в северных районах."], "отвечает: «Новая"),
    ("fr", ["Le registre national a été mis à jour en mars dernier.",
            "Les laboratoires régionaux ont analysé quarante échantillons cette année."],
     "a répondu que les laboratoires"),
])
def test_every_reply_of_a_thread_is_kept_and_a_non_rewriting_language_quotes_it(
        lang, bodies, reply):
    # The language's own verb rule decides (not English's), and Russian quotes the reply
    # instead of "X отвечает, что Новая ..." with a wrong capital.
    posts = [make_post(n + 1, None, body, name=f"Person {n}", affiliation="organization",
                       organization="") for n, body in enumerate(bodies)]
    lines = _lines(lang, posts)
    assert all(any(body[:20] in line or body[:20].lower() in line for line in lines)
               for body in bodies), lines
    assert any(reply in line for line in lines), lines


def test_a_tight_budget_keeps_each_russian_voice_by_russian_rules():
    # The voice leads a budget keeps are chosen with the forum's language's verb rule.
    posts = [make_post(1, "KZ", "Казахстан принял национальный закон о биобезопасности в 2015 "
                                "году. Закон работает хорошо во всех регионах страны. "
                                "Инспекторы проверили сорок ферм в северных районах."),
             make_post(2, "AM", "Армения создала национальный реестр генетически изменённых "
                                "организмов. Реестр открыт для всех граждан и организаций."),
             make_post(3, "BY", "Беларусь подготовила руководство по оценке рисков для "
                                "инспекторов. Руководство издано тиражом тысяча экземпляров.")]
    text = " ".join(_lines("ru", posts, {"word_budget": 30}))
    assert all(name in text for name in ("Казахстан", "Армения", "Беларусь")), text


@pytest.mark.parametrize(("code", "text", "opened"), [
    ("fr", "De plus, le registre national est ouvert au public.",
     "Le registre national est ouvert au public."),
    ("fr", "Il a adopté une loi sur les semences.", None),
    ("es", "También ha obtenido fondos para dos laboratorios.",
     "Ha obtenido fondos para dos laboratorios."),
    ("es", "Esto permitió reducir los plazos de registro.", None),
    ("es", "Estos datos son útiles para los inspectores.",
     "Estos datos son útiles para los inspectores."),
    ("ru", "Кроме того, закон о семенах принят.", "Закон о семенах принят."),
    ("ru", "Это позволило сократить сроки.", None),
    ("ar", "كذلك اعتمد البلد قانونا جديدا.", "اعتمد البلد قانونا جديدا."),
    ("ar", "هذا يساعد المفتشين كثيرا.", None),
])
def test_an_opening_sentence_drops_its_linking_word_and_no_bare_pronoun_opens(code, text,
                                                                              opened):
    assert language_for(code).opening(text) == opened


def test_a_country_paragraph_does_not_open_on_a_linking_word_or_a_pronoun():
    es = language_for("es")
    paragraph = es.country_paragraph("MX", [
        _sentence(1, "Esto fue decisivo para el registro nacional."),
        _sentence(2, "Además, hemos obtenido fondos para dos laboratorios nuevos.")])
    assert paragraph.lines[0].text == (
        "México señaló que ha obtenido fondos para dos laboratorios nuevos.")


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Nous avons publié un guide des inspections aux frontières."),
    ("es", "Hemos publicado una guía de inspecciones en las fronteras."),
    ("ru", "Мы опубликовали руководство по пограничным проверкам."),
    ("ar", "نشرنا دليلا للتفتيش على الحدود."),
])
def test_a_first_person_sentence_is_no_shared_statement(lang, text):
    from synthesis.stages.statements import statement

    assert statement(text, lang) is None
    assert statement("Le guide des inspections est publié en ligne.", "fr") is not None


@pytest.mark.parametrize(("code", "text", "country", "own"), [
    ("fr", "La normalisation des procédures avance bien.", "ML", False),
    ("fr", "Le Mali a publié un guide des procédures.", "ML", True),
    ("fr", "Le Nigeria a publié un guide des procédures.", "NE", False),
    ("ar", "النظام المالي قوي في المنطقة.", "ML", False),
    ("ar", "نشرت مالي دليلا للإجراءات.", "ML", True),
])
def test_a_country_is_named_by_its_whole_name_only(code, text, country, own):
    assert language_for(code).speaks_of_self(text, country) is own


def test_a_clause_in_another_cased_script_loses_only_its_capital_of_position():
    from synthesis.stages.discourse import lower_first
    from synthesis.text import Lexicon

    lexicon = Lexicon([])
    assert lower_first("Открытый доступ к данным важен", lexicon) == (
        "открытый доступ к данным важен")
    assert lower_first("ГМО требуют маркировки", lexicon) == "ГМО требуют маркировки"
    assert lower_first("Most tables render badly", lexicon) == "most tables render badly"
    assert language_for("ar").lower_first("إن وجود قانون أمر مهم") == "وجود قانون أمر مهم"


@pytest.mark.parametrize(("text", "expected"), [
    ("Nous sommes surpris par les résultats des essais.",
     "Le pays est surpris par les résultats des essais."),
    ("Nous sommes soumis à des contrôles réguliers.",
     "Le pays est soumis à des contrôles réguliers."),
    ("Nous présentons un guide des inspections.", "Le pays présente un guide des inspections."),
    ("Nous partageons nos données avec la région.",
     "Le pays partage ses données avec la région."),
    ("Nous écrivons un guide des inspections.", None),
    ("Nous lisons les rapports chaque mois.", None),
    ("Nous menons des inspections chaque mois.", None),
    ("Nous buvons l'eau du réseau public.", None),
])
def test_french_third_person_only_from_known_or_regular_er_forms(text, expected):
    assert language_for("fr").third_person(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Dijimos que el plan nacional es bueno.", None),
    ("Pusimos en marcha un registro nacional.", None),
    ("En 2012 trajimos semillas nuevas al país.", None),
    ("En 2012 supimos que el plan funcionaba.", None),
    ("En 2012 construimos un laboratorio nuevo.", None),
    ("En 2012 pedimos apoyo a la región.", None),
    ("Nosotros mismos redactamos la ley de semillas.", None),
    ("Decidimos crear un registro nacional.", "Decide crear un registro nacional."),
    ("En 2012 decidimos crear un registro.", "En 2012 decidió crear un registro."),
])
def test_spanish_irregular_preterites_and_nosotros_mismos_are_quoted(text, expected):
    assert language_for("es").third_person(text) == expected


@pytest.mark.parametrize(("code", "country", "text", "said"), [
    ("fr", "PH", "Nous tous devons partager nos données.", "Les Philippines ont déclaré : « "),
    ("es", "US", "Todos nosotros debemos compartir los datos.",
     "Los Estados Unidos de América declararon: «"),
])
def test_a_plural_country_quoted_takes_a_plural_verb(code, country, text, said):
    paragraph = language_for(code).country_paragraph(country, [_sentence(1, text, country)])
    assert paragraph.lines[0].text.startswith(said), paragraph.lines[0].text


@pytest.mark.parametrize(("given", "shown"), [
    ("FAO, Rome", "FAO, Rome"),
    ("Ministry of Environment, Kenya", "Ministry of Environment, Kenya"),
    ("Dr. Lee, Ann", "Dr. Lee, Ann"),
    ("Centre 21, Nairobi", "Centre 21, Nairobi"),
    ("Lee, Ann Marie", "Ann Marie Lee"),
    ("LEE,ANN", "Ann Lee"),
    ("lee, ann", "Ann Lee"),
])
def test_only_a_person_s_name_written_surname_first_is_reordered(given, shown):
    from synthesis.stages.people import display_name

    assert display_name(given) == shown


@pytest.mark.parametrize(("n", "messages", "participants", "parties", "governments"), [
    (1, "رسالة واحدة", "مشارك واحد", "طرف واحد", "حكومة أخرى"),
    (2, "رسالتين", "مشاركان", "طرفين", "حكومتين أخريين"),
    (3, "3 رسائل", "3 مشاركين", "3 أطراف", "3 حكومات أخرى"),
    (10, "10 رسائل", "10 مشاركين", "10 أطراف", "10 حكومات أخرى"),
    (11, "11 رسالة", "11 مشاركا", "11 طرفا", "11 حكومة أخرى"),
    (21, "21 رسالة", "21 مشاركا", "21 طرفا", "21 حكومة أخرى"),
    # A hundred is followed by the genitive singular ("مئة مشارك", not "مشاركا").
    (100, "100 رسالة", "100 مشارك", "100 طرف", "100 حكومة أخرى"),
    (103, "103 رسائل", "103 مشاركين", "103 أطراف", "103 حكومات أخرى"),
])
def test_arabic_counts_agree_with_their_number(n, messages, participants, parties,
                                               governments):
    from synthesis.languages.strings import plural, t

    assert plural("ar", "messages", n) == messages
    assert plural("ar", "participants", n) == participants
    assert plural("ar", "party", n) == parties
    assert plural("ar", "government", n) == governments
    # "25 من 21 طرفا": the Parties' count is inside their agreeing form, said once.
    assert t("ar", "from_parties", n=25, parties=plural("ar", "party", n)) == f"25 من {parties}"
    assert plural("en", "messages", 2) == "2 messages"
    assert plural("en", "party", 21) == "Parties" and plural("fr", "party", 1) == "Partie"
    # Russian: "от 1 Стороны", "от 21 Стороны", "от 11 Сторон", "от 3 Сторон".
    assert [plural("ru", "party", k) for k in (1, 21, 11, 3, 101)] == [
        "Стороны", "Стороны", "Сторон", "Сторон", "Стороны"]


def test_russian_keeps_a_capital_it_is_not_sure_of_after_chto():
    russian = language_for("ru")
    # A name opening the clause keeps its capital; a known common word loses it.
    assert russian.lower_first("Мексика приняла закон") == "Мексика приняла закон"
    assert russian.lower_first("Картахенский протокол действует") == (
        "Картахенский протокол действует")
    assert russian.lower_first("Правительство приняло закон") == "правительство приняло закон"
    assert russian.lower_first("Большинство стран согласны") == "большинство стран согласны"
    assert russian.lower_first("В стране есть закон") == "в стране есть закон"
    assert russian.lower_first("ГМО требуют маркировки") == "ГМО требуют маркировки"


SHARED = {
    "fr": ([("MX", "Nous avons adopté une stratégie en 2012. Nous avons créé un comité national "
                   "de biosécurité chargé des autorisations."),
            ("CO", "Nous formons des inspecteurs. Nous avons créé un comité national de "
                   "biosécurité pour les autorisations."),
            ("PE", "Notre loi date de 2009. Nous avons créé un comité national de biosécurité "
                   "chargé des autorisations de mise en culture.")],
           "Un certain nombre de pays, dont la Colombie, le Mexique et le Pérou, ont indiqué "
           "que chacun a créé un comité national de biosécurité"),
    "es": ([("MX", "Adoptamos una estrategia en 2012. Hemos creado un comité nacional de "
                   "bioseguridad encargado de las autorizaciones."),
            ("CO", "Formamos inspectores. Hemos creado un comité nacional de bioseguridad para "
                   "las autorizaciones."),
            ("PE", "Nuestra ley es de 2009. Hemos creado un comité nacional de bioseguridad "
                   "encargado de las autorizaciones de cultivo.")],
           "Varios países, entre ellos Colombia, México y el Perú, señalaron que cada uno ha "
           "creado un comité nacional de bioseguridad"),
}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_french_and_spanish_write_the_un_multi_country_statement(lang):
    from synthesis.render.markdown import render_markdown
    from tests.unit.digest.factories import make_forum, make_post

    bodies, expected = SHARED[lang]
    posts = [make_post(i, code, body) for i, (code, body) in enumerate(bodies, 1)]
    forum = make_forum(language=lang, topics=(("t1", "Expériences"),))
    md = render_markdown(build_report(forum, posts, DigestSettings(), draft=False))
    assert expected in md


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Dans notre pays, nous formons des inspecteurs."),  # the subject is not the country
    ("fr", "Nous avons adopté la loi en 2012."),  # a date belongs to one country
    ("fr", "Nous appliquons le protocole de Cartagena."),  # so does a name
    ("es", "Nuestro país adoptó una ley."),
    ("ru", "Мы создали национальный комитет."),  # no first-to-third person in Russian
    ("ar", "أنشأنا لجنة وطنية."),
])
def test_a_sentence_that_cannot_be_said_of_every_country_is_not_shared(lang, text):
    assert language_for(lang).summary_predicate(text, "MX") is None


def test_countries_are_listed_in_the_order_and_form_of_the_language():
    french, spanish = language_for("fr"), language_for("es")
    codes = sorted(["EG", "DZ", "EE", "US"], key=french.list_key)
    assert [french.listed_name(c) for c in codes] == [
        "l'Algérie", "l'Égypte", "l'Estonie", "les États-Unis d'Amérique"]
    assert spanish.listed_name("AR") == "la Argentina" and spanish.listed_name("SV") == (
        "El Salvador")
    assert language_for("en").listed_name("MD") == "the Republic of Moldova"


@pytest.mark.parametrize("lang", sorted(SUPPORTED))
def test_every_language_has_all_the_wording_so_nothing_falls_back(lang):
    # A key missing from a table would make the report borrow another language's wording
    # (or fail); extra keys are the language's own number forms ("_2", "_few", "_hundreds").
    from synthesis.languages.strings import STRINGS

    missing = set(STRINGS["en"]) - set(STRINGS[lang])
    extra = {k for k in set(STRINGS[lang]) - set(STRINGS["en"])
             if not re.search(r"_(?:2|few|hundreds|ends_1|plural)$", k)}
    assert (missing, extra) == (set(), set())
