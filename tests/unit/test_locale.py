"""The interface language's pure parts: Accept-Language matching, country names from CLDR
with the UN overrides, the order of the country list, and dates in the reader's language."""

from __future__ import annotations

from datetime import datetime

import pytest
from babel import Locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from forum.countries import codes, country_name
from forum.i18n import LANGUAGES, best_language
from forum.i18n.countries import OVERRIDES, choices, display_name, sort_key
from forum.i18n.dates import day, last_day, stamp


def accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, de;q=0.9, en;q=0.8", "fr"),  # a regional French first is still French
    ("de, es-MX;q=0.5", "es"),
    ("zh-TW", "zh"),
    ("ar-EG,ar;q=0.9", "ar"),
    ("de, ja", None),
    ("en;q=0, ru", "ru"),  # q=0 means "not this one"
    ("", None),
])
def test_accept_language_picks_the_first_supported_primary_tag(header, expected):
    assert best_language(accept(header)) == expected


def test_the_six_un_languages_are_offered():
    assert set(LANGUAGES) == {"en", "fr", "es", "zh", "ar", "ru"}


@pytest.mark.parametrize(("lang", "mexico"), [
    ("en", "Mexico"), ("fr", "Mexique"), ("es", "México"), ("zh", "墨西哥"),
    ("ar", "المكسيك"), ("ru", "Мексика"),
])
def test_country_names_come_from_cldr_in_every_language(lang, mexico):
    assert display_name("MX", lang) == mexico


@pytest.mark.parametrize(("lang", "moldova"), [
    ("en", "the Republic of Moldova"), ("fr", "République de Moldova"),
    ("es", "República de Moldova"), ("zh", "摩尔多瓦共和国"), ("ar", "جمهورية مولدوفا"),
    ("ru", "Республика Молдова"),
])
def test_un_short_names_override_cldr(lang, moldova):
    assert display_name("MD", lang) == moldova
    assert display_name("md", lang, start=True).lower() == moldova.lower()


def test_english_names_keep_the_un_article_and_capitalise_at_the_start():
    assert display_name("GB", "en") == "the United Kingdom"
    assert display_name("GB", "en", start=True) == "The United Kingdom"
    assert display_name("BO", "en") == "the Plurinational State of Bolivia"
    assert display_name("LC", "en") == "Saint Lucia"
    assert display_name("", "en") == "" and display_name(None, "fr") == ""
    assert display_name("MX", "de") == "Mexico"  # an unknown language reads English


def test_the_digest_table_equals_cldr_plus_the_overrides_in_english():
    # synthesis/data/countries.json (the digest's names) and the interface's names agree.
    for code in codes():
        assert display_name(code, "en") == country_name(code, "en"), code


def test_each_override_differs_from_cldr_and_names_a_real_territory():
    # An override equal to CLDR is dead weight; a code CLDR does not know is a typo.
    for lang, table in OVERRIDES.items():
        territories = Locale.parse(lang).territories
        for code, name in table.items():
            assert code in territories, (lang, code)
            assert territories[code] != name, (lang, code)


def test_every_known_country_has_a_name_in_every_language():
    for lang in LANGUAGES:
        names = dict(choices(lang))
        assert set(names) == set(codes())
        assert all(name and name != code for code, name in names.items()), lang


def test_english_list_ignores_the_article():
    names = [name for _, name in choices("en")]
    assert names.index("the Netherlands") < names.index("New Zealand")
    assert names.index("Namibia") < names.index("the Netherlands")
    assert names[0] == "Afghanistan"


def test_french_and_spanish_lists_fold_accents():
    fr = [name for _, name in choices("fr")]
    assert fr.index("Égypte") < fr.index("Équateur") < fr.index("Érythrée") < fr.index("Espagne")
    assert fr.index("Dominique") < fr.index("Égypte") < fr.index("Fidji")
    es = [name for _, name in choices("es")]
    assert es.index("Madagascar") < es.index("México") < es.index("Mónaco") < es.index("Mongolia")


def test_russian_list_is_alphabetical_with_yo_folded():
    ru = [name for _, name in choices("ru")]
    assert ru[0] == "Австралия"
    assert ru == sorted(ru, key=lambda n: sort_key(n, "ru"))


def test_arabic_list_skips_the_definite_article():
    ar = [name for _, name in choices("ar")]
    # "الأرجنتين" (Argentina) files under alif, before "ألمانيا"... and far before "المكسيك".
    assert ar.index("الأرجنتين") < ar.index("ألمانيا") < ar.index("المكسيك")


def test_chinese_list_follows_the_english_un_order():
    zh = [code for code, _ in choices("zh")]
    assert zh == [code for code, _ in choices("en")]


WHEN = datetime(2014, 6, 14, 0, 0)
POSTED = datetime(2014, 5, 20, 9, 5)


def test_english_dates_keep_the_forums_format():
    assert stamp(POSTED, "en") == "2014-05-20 09:05 UTC"
    assert day(POSTED, "en") == "20 May 2014"
    assert last_day(WHEN, "en") == "13 June 2014"
    assert stamp(None, "en") == day(None, "en") == last_day(None, "en") == ""


def test_french_dates_from_cldr_still_in_utc():
    assert day(POSTED, "fr") == "20 mai 2014"
    assert last_day(WHEN, "fr") == "13 juin 2014"
    assert stamp(POSTED, "fr") == "20 mai 2014, 09:05 UTC"


def test_arabic_dates_from_cldr_still_in_utc():
    assert day(POSTED, "ar") == "20 مايو 2014"
    assert last_day(WHEN, "ar") == "13 يونيو 2014"
    assert stamp(POSTED, "ar") == "20 مايو 2014، 09:05 UTC"


def test_other_languages_dates():
    assert day(POSTED, "es") == "20 de mayo de 2014"
    assert day(POSTED, "zh") == "2014年5月20日"
    assert day(POSTED, "ru") == "20 мая 2014\u202fг."  # CLDR: a narrow no-break space
