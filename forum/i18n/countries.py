"""Country names for the interface, in the reader's language: CLDR through Babel, with
the United Nations' short names where CLDR says something else.

CLDR is the maintained source for every language; it prefers everyday names ("Moldova",
"South Korea", "Laos"), where UN documents write "the Republic of Moldova", "the Republic
of Korea", "the Lao People's Democratic Republic". `OVERRIDES` holds only those
differences, per language, from the UN terminology database's short names (the form used
inside a sentence, without the article). English articles come from the forum's table of
UN names (synthesis/data/countries.json), which the digest also reads; a unit test checks
that the table equals CLDR plus these overrides, so the two cannot drift apart.

Sorting: Babel has no collation and PyICU is not installed. `sort_key` drops a leading
article, decomposes accents (NFKD, then drops combining marks) and casefolds, which
orders Latin and Cyrillic names as a reader expects ("Éthiopie" among the E, "the
Netherlands" under N). Arabic drops the article "ال" and sorts by its letters' code
points, which follow the alphabet. Chinese has no alphabetical order by characters;
readers expect pinyin, which needs a dictionary we do not ship, so Chinese names sort by
their English UN name (the order of UN documents' country lists), a documented
compromise.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

from forum.countries import codes, country_name

OVERRIDES: dict[str, dict[str, str]] = {
    "en": {
        "AG": "Antigua and Barbuda", "BA": "Bosnia and Herzegovina", "BN": "Brunei Darussalam",
        "BO": "Plurinational State of Bolivia", "CD": "Democratic Republic of the Congo",
        "CG": "Congo", "CI": "Côte d'Ivoire", "CV": "Cabo Verde",
        "FM": "Federated States of Micronesia", "IR": "Islamic Republic of Iran",
        "KN": "Saint Kitts and Nevis", "KP": "Democratic People's Republic of Korea",
        "KR": "Republic of Korea", "LA": "Lao People's Democratic Republic",
        "LC": "Saint Lucia", "MD": "Republic of Moldova", "MM": "Myanmar",
        "PS": "State of Palestine", "RU": "Russian Federation",
        "ST": "Sao Tome and Principe", "SY": "Syrian Arab Republic",
        "TT": "Trinidad and Tobago", "TZ": "United Republic of Tanzania",
        "US": "United States of America", "VA": "Holy See",
        "VC": "Saint Vincent and the Grenadines", "VE": "Bolivarian Republic of Venezuela",
        "VN": "Viet Nam",
    },
    "fr": {
        "BN": "Brunéi Darussalam", "BO": "État plurinational de Bolivie",
        "CD": "République démocratique du Congo", "CG": "Congo", "CV": "Cabo Verde",
        "FM": "États fédérés de Micronésie", "IR": "République islamique d'Iran",
        "KP": "République populaire démocratique de Corée", "KR": "République de Corée",
        "LA": "République démocratique populaire lao", "MD": "République de Moldova",
        "MM": "Myanmar", "PS": "État de Palestine", "RU": "Fédération de Russie",
        "SY": "République arabe syrienne", "TR": "Türkiye",
        "TZ": "République-Unie de Tanzanie", "US": "États-Unis d'Amérique",
        "VA": "Saint-Siège", "VE": "République bolivarienne du Venezuela",
    },
    "es": {
        "BN": "Brunei Darussalam", "BO": "Estado Plurinacional de Bolivia",
        "FM": "Estados Federados de Micronesia", "IR": "República Islámica del Irán",
        "KP": "República Popular Democrática de Corea", "KR": "República de Corea",
        "LA": "República Democrática Popular Lao", "MD": "República de Moldova",
        "MM": "Myanmar", "PS": "Estado de Palestina", "RU": "Federación de Rusia",
        "SY": "República Árabe Siria", "TR": "Türkiye",
        "TZ": "República Unida de Tanzanía", "US": "Estados Unidos de América",
        "VA": "Santa Sede", "VE": "República Bolivariana de Venezuela", "VN": "Viet Nam",
    },
    "zh": {
        "BN": "文莱达鲁萨兰国", "BO": "玻利维亚多民族国", "CD": "刚果民主共和国", "CG": "刚果",
        "EU": "欧洲联盟", "FM": "密克罗尼西亚联邦", "GB": "联合王国", "IR": "伊朗伊斯兰共和国",
        "KP": "朝鲜民主主义人民共和国", "KR": "大韩民国", "LA": "老挝人民民主共和国",
        "MD": "摩尔多瓦共和国", "PS": "巴勒斯坦国", "RU": "俄罗斯联邦",
        "SY": "阿拉伯叙利亚共和国", "TZ": "坦桑尼亚联合共和国", "VA": "教廷",
        "VE": "委内瑞拉玻利瓦尔共和国",
    },
    "ar": {
        "BN": "بروني دار السلام", "BO": "دولة بوليفيا المتعددة القوميات",
        "CD": "جمهورية الكونغو الديمقراطية", "CG": "الكونغو", "CI": "كوت ديفوار",
        "CV": "كابو فيردي", "FM": "ولايات ميكرونيزيا الموحدة", "IR": "جمهورية إيران الإسلامية",
        "KP": "جمهورية كوريا الشعبية الديمقراطية", "KR": "جمهورية كوريا",
        "LA": "جمهورية لاو الديمقراطية الشعبية", "MD": "جمهورية مولدوفا", "MM": "ميانمار",
        "PS": "دولة فلسطين", "RU": "الاتحاد الروسي", "SY": "الجمهورية العربية السورية",
        "TZ": "جمهورية تنزانيا المتحدة", "US": "الولايات المتحدة الأمريكية",
        "VA": "الكرسي الرسولي", "VE": "جمهورية فنزويلا البوليفارية", "VN": "فييت نام",
    },
    "ru": {
        "BN": "Бруней-Даруссалам", "BO": "Многонациональное Государство Боливия",
        "CD": "Демократическая Республика Конго", "CG": "Конго",
        "CK": "Острова Кука", "GB": "Соединенное Королевство",
        "IR": "Исламская Республика Иран", "KP": "Корейская Народно-Демократическая Республика",
        "LA": "Лаосская Народно-Демократическая Республика", "MD": "Республика Молдова",
        "MH": "Маршалловы Острова", "MM": "Мьянма", "PS": "Государство Палестина",
        "RU": "Российская Федерация", "SB": "Соломоновы Острова",
        "SC": "Сейшельские Острова", "SY": "Сирийская Арабская Республика",
        "TR": "Тюркийе", "TZ": "Объединенная Республика Танзания",
        "US": "Соединенные Штаты Америки", "VA": "Святейший Престол",
        "VE": "Боливарианская Республика Венесуэла",
    },
}

# Leading articles a reader skips when looking a name up: English "the", and the Arabic
# definite article "ال" (Arabic lists file "الأرجنتين" under alif of "أرجنتين").
_ARTICLES = {"en": ("the ",), "ar": ("ال",)}


def _language(lang: str | None) -> str:
    base = (lang or "en").replace("_", "-").split("-")[0].lower()
    return base if base in OVERRIDES else "en"


def cldr_or_un(code: str, lang: str) -> str:
    """The UN short name of `code` in `lang` without article: the override, else CLDR."""
    lang = _language(lang)
    return OVERRIDES[lang].get(code) or Locale.parse(lang).territories.get(code) or code


def display_name(code: str | None, lang: str | None = None, *, start: bool = False) -> str:
    """The name a reader of `lang` sees for the country `code` ("" for none)."""
    if not code:
        return ""
    code, lang = code.upper(), _language(lang)
    name = cldr_or_un(code, lang)
    if lang == "en" and country_name(code, "en").startswith("the "):
        name = "the " + name
    if start and name[:1].islower():
        name = name[:1].upper() + name[1:]
    return name


def sort_key(name: str, lang: str = "en") -> str:
    """A collation key: no leading article, accents (and Arabic hamza seats) folded, case
    folded."""
    lowered = name.casefold()
    for article in _ARTICLES.get(lang, ()):
        lowered = lowered.removeprefix(article)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def choices(lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country the forum knows, in the order a reader of `lang` expects."""
    lang = _language(lang)
    pairs = [(code, display_name(code, lang)) for code in codes()]
    if lang == "zh":
        return tuple(sorted(pairs, key=lambda p: sort_key(display_name(p[0], "en"))))
    return tuple(sorted(pairs, key=lambda p: (sort_key(p[1], lang), p[0])))
