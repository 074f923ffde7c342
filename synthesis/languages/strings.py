"""Every fixed wording of the report, keyed by language; add a language by adding a table."""

from __future__ import annotations

import re
from datetime import date

from synthesis.languages.registry import rules_code
from synthesis.languages.strings_other import ARABIC, RUSSIAN
from synthesis.languages.strings_romance import FRENCH, SPANISH

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "note_by": "Note by the Executive Secretary",
        "draft": "DRAFT",
        "introduction": "Introduction",
        "sources": "Sources",
        "footnote_back": "Back to the text",
        # Written languages that turn verbs in the singular only (shared.py).
        "each_subject": "",
        "post_label": "post {id}",
        "item_label": "({letter})",
        "default_title": "Synthesis of the {forum}",
        "conclusions_title": "General conclusions and observations",
        "in_country": "In {country}, ",
        "country_noted": "{country} noted that {clause}.",
        "country_subject": "the country",
        "advisable": "It is advisable to {rest}",
        "advisable_not": "It is advisable not to {rest}",
        "organization_subject": "the organization",
        "countries_have": "A number of countries, including {countries}, {predicate}.",
        "countries_reported": "A number of countries, including {countries}, reported that "
                              "{clause}.",
        "pair_have": "{countries} {predicate}.",
        "pair_reported": "{countries} reported that {clause}.",
        "participants_noted": "Participants noted, among other things, that:",
        "participants_noted_that": "Participants noted that {clause}.",
        "conclusions_lead": "The following general observations emerged from the discussion:",
        "organization_noted": "The {organization} noted that {clause}.",
        "one_organization_noted": "One organization noted that {clause}.",
        "person_noted": "{name} noted that {clause}.",
        "person_said": "{name} said: “{quote}”",
        "person_replied": "{name} replied that {clause}.",
        "person_replied_said": "{name} replied: “{quote}”",
        "one_participant": "One participant",
        "one_organization": "One organization",
        "the_participant": "the participant",
        "the_moderator": "the moderator",
        "people_considered": "{names} considered that {clause}.",
        "several_participants": "Several participants ({n}) considered that {clause}.",
        "others_considered": "Others considered, however, that {clause}.",
        "person_asked": "{name} asked: “{quote}”",
        "point": "{point} ({credit})",
        "points_lead": "Participants made the following points, the most widely supported "
                       "first:",
        "person_wrote": "{name} wrote: “{quote}”",
        "discussion_title": "Summary of the discussion: {forum}",
        "discussion_held": "The discussion “{forum}” took place {dates}.",
        "discussion_asked": "What was asked",
        "discussion_points": "Main points",
        "discussion_open": "Open questions",
        "discussion_exchange": "How the exchange went",
        "discussion_other": "Other points raised",
        "discussion_details": "More on each message",
        "names_considered_however": "{names} considered, however, that {clause}.",
        "held": "The {forum} was held online {dates}.",
        "held_moderated": "The {forum} was held online {dates}, moderated by {moderators}.",
        "moderator": "{name} ({country})",
        "total": "A total of {participants} took part, posting {messages}.",
        "total_parts": "A total of {participants} took part: {parts}, posting {messages}.",
        "participants_1": "1 participant",
        "participants_n": "{n} participants",
        "messages_1": "1 message",
        "messages_n": "{n} messages",
        "from_parties": "{n} from {k} {parties}",
        "party_1": "Party",
        "party_n": "Parties",
        "from_other_governments": "{n} from {k} other {governments}",
        "government_1": "Government",
        "government_n": "Governments",
        "from_organizations": "{n} from organizations",
        "postings_at": "The postings of the forum are available at {url}.",
        "outline_content": "section {numeral} addresses {title}",
        "outline_free": "section {numeral} concerns {title}",
        "outline_conclusions": "section {numeral} presents {title}",
        "outline_sentence": "{first}.",
        "outline_joiner": "; ",
        "outline_last": "; and ",
        "names_separator": ", ",
        "names_last": " and ",
        "item_end": ";",
        "item_last_joiner": "; and",
        "item_final": ".",
        "sentence_end": ".",
        "sentence_joiner": " ",
        "section_prefix": "Section",
        # The explicit fallback (synthesis/languages/registry.py), printed before the introduction.
        "fallback_note": ("This digest was written with {rules} grammar rules and wording: the "
                          "digest has no rules of its own for the forum's language ({code})."),
        "attributed_note": "",
        "attributed_said": "{speaker} said: “{quote}”",
        "numerals": "I II III IV V VI VII VIII IX X XI XII XIII XIV XV",
        "letters": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
        "item_letters": "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    },
    "zh": {
        "note_by": "执行秘书的说明",
        "draft": "草稿",
        "introduction": "导言",
        "sources": "来源",
        "footnote_back": "返回正文",
        "each_subject": "",
        "post_label": "帖子 {id}",
        "item_label": "({letter})",
        "advisable": "宜{rest}",
        "advisable_not": "不宜{rest}",
        "default_title": "{forum}综合报告",
        "conclusions_title": "一般性结论和意见",
        "in_country": "在{country}，",
        "country_noted": "{country}指出，{clause}。",
        "country_subject": "该国",
        "organization_subject": "该组织",
        "countries_have": "包括{countries}在内的一些国家{predicate}。",
        "countries_reported": "包括{countries}在内的一些国家报告说，{clause}。",
        "pair_have": "{countries}{predicate}。",
        "pair_reported": "{countries}报告说，{clause}。",
        "participants_noted": "除其他外，与会者注意到：",
        "participants_noted_that": "与会者注意到，{clause}。",
        "conclusions_lead": "以下是讨论中提出的部分一般性意见：",
        "organization_noted": "{organization}指出，{clause}。",
        "one_organization_noted": "一个组织指出，{clause}。",
        "person_noted": "{name}指出，{clause}。",
        "person_said": "{name}说：“{quote}”",
        "person_replied": "{name}答复说，{clause}。",
        "person_replied_said": "{name}答复：“{quote}”",
        "one_participant": "一位与会者",
        "one_organization": "一个组织",
        "the_participant": "该与会者",
        "the_moderator": "主持人",
        "people_considered": "{names}认为，{clause}。",
        "several_participants": "若干与会者（{n}名）认为，{clause}。",
        "others_considered": "但也有与会者认为，{clause}。",
        "person_asked": "{name}问：“{quote}”",
        "point": "{point}（{credit}）",
        "points_lead": "与会者提出了以下要点，按支持人数排列：",
        "person_wrote": "{name}写道：“{quote}”",
        "discussion_title": "讨论摘要：{forum}",
        "discussion_held": "“{forum}”讨论于{dates}进行。",
        "discussion_asked": "提出的问题",
        "discussion_points": "要点",
        "discussion_open": "未决问题",
        "discussion_exchange": "讨论经过",
        "discussion_other": "提出的其他观点",
        "discussion_details": "各条消息的更多内容",
        "names_considered_however": "但{names}认为，{clause}。",
        "held": "“{forum}”于{dates}在线举行。",
        "held_moderated": "“{forum}”于{dates}在线举行，由{moderators}主持。",
        "moderator": "{name}（{country}）",
        "total": "总共有{participants}参加了讨论，发布了总共{messages}。",
        "total_parts": "总共有{participants}参加了讨论；讨论期间，{parts}发布了总共{messages}。",
        "participants_1": "1名与会者",
        "participants_n": "{n}名与会者",
        "messages_1": "1条信息",
        "messages_n": "{n}条信息",
        "from_parties": "来自{k}个{parties}的{n}名与会者",
        "party_1": "缔约方",
        "party_n": "缔约方",
        "from_other_governments": "来自{k}个其他{governments}的{n}名与会者",
        "government_1": "国家政府",
        "government_n": "国家政府",
        "from_organizations": "来自各组织的{n}名与会者",
        "postings_at": "在线讨论论坛的帖子可在以下网站查阅：{url}。",
        "outline_content": "第{numeral}节概述{title}",
        "outline_free": "第{numeral}节扼要介绍{title}",
        "outline_conclusions": "第{numeral}节概述{title}",
        "outline_sentence": "{first}。",
        "outline_joiner": "。",
        "outline_last": "。",
        "names_separator": "、",
        "names_last": "和",
        "item_end": "；",
        "item_last_joiner": "；",
        "item_final": "。",
        "sentence_end": "。",
        "sentence_joiner": "",
        "section_prefix": "第",
        "fallback_note": "本摘要按{rules}的语法规则和措辞编写：摘要没有论坛语言（{code}）的规则。",
        "attributed_note": "",
        "attributed_said": "{speaker}说：“{quote}”",
        "numerals": "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五",
        "letters": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
        "item_letters": "a b c d e f g h i j k l m n o p q r s t u v w x y z",
    },
    "fr": FRENCH,
    "es": SPANISH,
    "ar": ARABIC,
    "ru": RUSSIAN,
}

# Month names as UN documents of each language print them; Arabic gives both the Levantine
# and the Western name ("أيار/مايو"), Russian the genitive ("26 мая").
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "ar": ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
           "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
           "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
}
# (day month, day month year, "from {a} to {b}", "on {a}") per language: "26 mai 2014",
# "26 de mayo de 2014", "26 أيار/مايو 2014", "26 мая 2014 года".
_DATE_FORMS = {
    "fr": ("{d} {m}", "{d} {m} {y}", "du {a} au {b}", "le {a}"),
    "es": ("{d} de {m}", "{d} de {m} de {y}", "del {a} al {b}", "el {a}"),
    "ar": ("{d} {m}", "{d} {m} {y}", "في الفترة من {a} إلى {b}", "في {a}"),
    "ru": ("{d} {m}", "{d} {m} {y} года", "с {a} по {b}", "{a}"),
}


def table(lang: str) -> dict[str, str]:
    """The strings of `lang` ("zh-CN" uses "zh"); those of the fallback language (English)
    when the digest has no rules for `lang` (synthesis/languages/registry.py)."""
    return STRINGS[rules_code(lang)]


# French elides "que" before a vowel ("qu'il", "qu'un registre"), wherever a clause lands.
_ELIDE_FR = re.compile(r"\b([Qq])ue ([aeiouyéèêàâîôûAEIOUYÉÈÊÀÂÎÔÛ])")


def t(lang: str, key: str, **values: object) -> str:
    text = table(lang)[key].format(**values)
    return _ELIDE_FR.sub(r"\1u'\2", text) if rules_code(lang) == "fr" else text


def plural(lang: str, key: str, n: int) -> str:
    """"1 message", "{n} messages"; a table with a dual ("_2"), a form for 3 to 10 ("_few",
    of the last two digits), one for whole hundreds plus 0, 1 or 2 ("_hundreds": 100,
    101, 102 ..., which Arabic counts with the genitive singular) or one for 21, 31, ...
    ("_ends_1", the form of 1: Russian) uses them too."""
    forms = table(lang)
    if n == 2 and f"{key}_2" in forms:
        return t(lang, f"{key}_2", n=n)
    if 3 <= n % 100 <= 10 and f"{key}_few" in forms:
        return t(lang, f"{key}_few", n=n)
    if n >= 100 and n % 100 <= 2 and f"{key}_hundreds" in forms:
        return t(lang, f"{key}_hundreds", n=n)
    if n % 10 == 1 and n % 100 != 11 and f"{key}_ends_1" in forms:
        return t(lang, f"{key}_ends_1", n=n)  # Russian: "от 21 Стороны", as "от 1 Стороны"
    return t(lang, f"{key}_1" if n == 1 else f"{key}_n", n=n)


def sequence(lang: str, key: str, index: int) -> str:
    """The index-th numeral or letter; past the table's end, fall back to numbers."""
    items = table(lang)[key].split()
    return items[index] if index < len(items) else str(index + 1)


def _day(day: date, code: str, *, year: bool = True) -> str:
    form = _DATE_FORMS[code][1 if year else 0]
    # French writes the first of the month "1er".
    number = "1er" if code == "fr" and day.day == 1 else str(day.day)
    return form.format(d=number, m=MONTHS[code][day.month - 1], y=day.year)


def _other_range(start: date, end: date, code: str) -> str:
    _, _, between, on = _DATE_FORMS[code]
    if start == end:
        return on.format(a=_day(start, code))
    if start.year != end.year:
        first = _day(start, code)
    elif start.month != end.month:
        first = _day(start, code, year=False)
    else:  # "du 2 au 13 juin 2014", "del 2 al 13 de junio de 2014"
        first = "1er" if code == "fr" and start.day == 1 else str(start.day)
    return between.format(a=first, b=_day(end, code))


def format_date(day: date, lang: str) -> str:
    if rules_code(lang) in MONTHS:
        return _day(day, rules_code(lang))
    if table(lang) is STRINGS["zh"]:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def date_range(start: date, end: date, lang: str) -> str:
    """"from 26 May to 13 June 2014", "from 2 to 13 June 2014", "on 3 June 2014"."""
    if rules_code(lang) in MONTHS:
        return _other_range(start, end, rules_code(lang))
    if table(lang) is STRINGS["zh"]:
        if start == end:
            return format_date(start, lang)
        if start.year != end.year:
            tail = format_date(end, lang)
        elif start.month != end.month:
            tail = f"{end.month}月{end.day}日"
        else:
            tail = f"{end.day}日"
        return f"{format_date(start, lang)}至{tail}"
    if start == end:
        return f"on {format_date(start, lang)}"
    if start.year != end.year:
        return f"from {format_date(start, lang)} to {format_date(end, lang)}"
    if start.month != end.month:
        return f"from {start.day} {_MONTHS_EN[start.month - 1]} to {format_date(end, lang)}"
    return f"from {start.day} to {format_date(end, lang)}"
