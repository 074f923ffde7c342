"""Russian: the fixed wording of UN Russian documents, dates "26 мая 2014 года", sentences
that do not end after abbreviations ("т. е.", "г.", "им."), chatter of Russian forums. First
to third person is not implemented (the verb agrees with the subject's gender and number):
country and organization paragraphs quote the participants' words, attributed ("Мексика
сообщает: «...»"), and every report says so (its "attributed_note")."""

from __future__ import annotations

import re

from synthesis.languages.written import Speaker, WrittenLanguage
from synthesis.text import wordset


class Russian(WrittenLanguage):
    code = "ru"
    name = "Russian"
    rewrites_first_person = False
    lowercase_titles = False  # the outline quotes the titles as they are
    abbreviations = wordset("""т е д п г гг др пр см им ст тыс млн млрд руб долл ок прим напр
    т.е т.д т.п т.к ул акад проф""")
    chatter = re.compile(
        r"^(?:здравствуйте|добрый (?:день|вечер)|доброе утро|уважаемые|дорогие|коллеги,"
        r"|спасибо|благодарю|благодарим|с уважением|всего доброго|до встречи|меня зовут"
        r"|позвольте)", re.IGNORECASE)
    lead_ins = re.compile(
        r"^(?:я думаю, что|я считаю, что|мы считаем, что|по моему мнению,|на мой взгляд,"
        r"|(?:я )?соглас(?:ен|на) с [^,:]{1,60}[,:]\s*)(?P<rest>.+)$", re.IGNORECASE)
    first_person_words = re.compile(
        r"(?<!\w)(?:[Мм]ы|[Нн]ас|[Нн]ам|[Нн]ами|[Нн]аш\w*|[Яя]|[Мм]еня|[Мм]не|[Мм]ной"
        r"|[Мм]о[йяеёи]\w*)(?!\w)")
    # Words known to be common words when they open a clause (beyond the stop words): only
    # these lose their capital after "что"; any other capitalized word may be a name
    # ("Мексика", "Минприроды", "Картахенский протокол") and keeps it.
    common_words = wordset("""большинство многие некоторые несколько каждый каждая каждое
    любой такие такой такая такое данный данная данное данные эти этот эта один одна одно
    другие другой другая наиболее особенно основной основная основные главный главная
    необходимо нужно важно следует можно нельзя существует существуют имеется имеются
    сейчас теперь недавно ранее однако поэтому например также кроме хотя пока после
    правительство законодательство закон законы страна страны население общественность
    информация участие процесс процедура процедуры оценка оценки система риск риски
    решение решения вопрос вопросы проблема проблемы результаты опыт меры работа""")

    def lower_first(self, text: str) -> str:
        """After "что" a clause goes on in lower case only when its first word is one the
        lexicon knows as a common word; a name or an acronym keeps its capital, and so does
        any word we are unsure of."""
        first = re.match(r"\w+", text)
        word = first.group(0) if first else ""
        if (len(word) == 1 or word[1:].islower()) and (
                word.lower() in self.stop_words or word.lower() in self.common_words):
            return text[:1].lower() + text[1:]
        return text

    def quote_inside(self, text: str) -> str:
        # A quotation inside the attributed words takes „ “ (the outer one is « »).
        return text.replace("«", "„").replace("»", "“")

    def country_speaker(self, code: str) -> Speaker:
        speaker = super().country_speaker(code)
        # "Соединенные Штаты Америки сообщают": a plural name takes a plural verb.
        speaker.plural = bool(re.match(r"\w+(?:ые|ы|и)(?!\w)", speaker.name))
        return speaker

    linking = r"также|кроме того|к тому же|помимо этого"
    leaning = r"он|она|оно|они|это"
    stop_words = wordset("""и в во не что он на я с со как а то все она так его но да ты к у
    же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну ли
    если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей
    может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз
    тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один
    почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве три эту
    моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда
    конечно всю между это""")
