"""Spanish: the report in the third person ("México señaló que ha adoptado ...", "Añadió que
..."), country names with the article UN Spanish gives them ("la Argentina", "el Perú",
"los Estados Unidos de América"), dates "26 de mayo de 2014".

Spanish leaves the subject out, so the first person is in the verb: a word ending in -mos
(not "mismos", "préstamos", ...) is the first person plural. Rewriting: "nosotros" goes,
the verb takes the third person singular (the irregular verbs below; the regular endings
-amos/-emos/-imos, in the preterite "-ó"/"-ió" when the sentence names a year, else in the
present; -ábamos, -íamos, the future -remos), "nuestro(s)/nuestra(s)" become "su"/"sus",
"nuestro país" "el país", a reflexive "nos" before the verb "se". Anything else in the first
person ("para nosotros", "me", a verb not understood) leaves the sentence to be attributed
in the speaker's words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from synthesis.countries import country_name
from synthesis.languages.written import Speaker, WrittenLanguage

if TYPE_CHECKING:
    from synthesis.stages.person import Persona
from synthesis.text import wordset

_VERBS = {
    "hemos": "ha", "somos": "es", "estamos": "está", "tenemos": "tiene", "podemos": "puede",
    "debemos": "debe", "queremos": "quiere", "vamos": "va", "hacemos": "hace",
    "hicimos": "hizo", "fuimos": "fue", "tuvimos": "tuvo", "pudimos": "pudo",
    "estuvimos": "estuvo", "dimos": "dio", "vimos": "vio", "seguimos": "sigue",
    "conseguimos": "consigue", "sabemos": "sabe", "creemos": "cree", "contamos": "cuenta",
    "encontramos": "encuentra", "pensamos": "piensa", "queríamos": "quería",
    "habíamos": "había", "éramos": "era", "íbamos": "iba", "tendremos": "tendrá",
    "podremos": "podrá", "haremos": "hará", "he": "ha",
}
# Present tense of verbs whose stem changes ("recomendamos" -> "recomienda"); in the
# preterite they are regular ("recomendó").
_PRESENT = {
    "recomendamos": "recomienda", "promovemos": "promueve", "mostramos": "muestra",
    "probamos": "prueba", "entendemos": "entiende", "sentimos": "siente", "pedimos": "pide",
    "servimos": "sirve", "empezamos": "empieza", "comenzamos": "comienza",
    "demostramos": "demuestra", "invertimos": "invierte", "sugerimos": "sugiere",
    "preferimos": "prefiere", "advertimos": "advierte", "mantenemos": "mantiene",
    "obtenemos": "obtiene", "sostenemos": "sostiene", "proponemos": "propone",
    "disponemos": "dispone", "ponemos": "pone", "decimos": "dice", "venimos": "viene",
    "elegimos": "elige", "medimos": "mide", "repetimos": "repite", "volvemos": "vuelve",
    "resolvemos": "resuelve", "requerimos": "requiere", "consideramos": "considera",
}
# Words in -mos that are no verbs.
_NOT_VERBS = wordset("""mismos ramos primos humos cromos tomos amos préstamos términos ánimos
próximos últimos máximos mínimos legítimos íntimos óptimos décimos centímetros ritmos
sistemas""")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\bel año pasado\b|\bayer\b")
# Country names UN Spanish prints with an article (grammar data, not tuning): by their first
# word, then by code; every other name has none ("México", "Colombia", "El Salvador").
_ARTICLE_BY_WORD = {"República": "la", "Federación": "la", "Reino": "el", "Estado": "el",
                    "Estados": "los", "Islas": "las", "Emiratos": "los", "Países": "los"}
_ARTICLE_BY_CODE = {"AR": "la", "BR": "el", "EC": "el", "PY": "el", "PE": "el", "UY": "el",
                    "JP": "el", "IN": "la", "PK": "el", "CM": "el", "TD": "el", "LB": "el",
                    "NE": "el", "BS": "las", "KM": "las", "MV": "las", "SD": "el", "YE": "el",
                    "IQ": "el", "IR": "el", "SN": "el", "GA": "el", "CN": "China"}


class Spanish(WrittenLanguage):
    code = "es"
    name = "Spanish"
    lowercase_titles = False  # the outline quotes the titles as they are
    abbreviations = wordset("sr sra srta dr dra lic ing ej p pág núm art etc ud uds av vol")
    chatter = re.compile(
        r"^(?:hola|buen(?:os|as) (?:días|tardes|noches)|estimad[oa]s?|querid[oa]s?|saludos"
        r"|(?:muchas )?gracias|agradezco|agradecemos|les agradezco|atentamente|cordialmente"
        r"|un (?:cordial )?saludo|me llamo|mi nombre es|permítanme|volveré|hasta pronto"
        r"|disculpen|perdón|soy [A-ZÁÉÍÓÚ][\w-]+ [A-ZÁÉÍÓÚ][\w-]+)\b", re.IGNORECASE)
    lead_ins = re.compile(
        r"^(?:creo que|pienso que|creemos que|consideramos que|en mi opinión,|a mi juicio,"
        r"|estoy de acuerdo con [^,:]{1,60}[,:]\s*(?:y\s+)?|coincido con [^,:]{1,60}[,:]\s*)"
        r"(?P<rest>.+)$", re.IGNORECASE)
    first_person_words = re.compile(
        r"(?<![\w-])(?:[Yy]o|[Mm]e|[Mm]i|[Mm]is|[Mm]ío|[Cc]onmigo|[Nn]osotr[oa]s|[Nn]os"
        r"|[Nn]uestr[oa]s?|[Hh]e|\w+mos)(?![\w-])")
    inclusive = re.compile(r"\b(?:todos|todas)\s+(?:nosotr[oa]s|\w+mos)\b"
                           r"|\b\w+mos\s+(?:todos|todas)\b(?!\s+(?:los|las|sus|nuestr))"
                           r"|\b(?:juntos|juntas)\b|\bcada uno de nosotros\b"
                           r"|\bnuestros (?:países|gobiernos|estados)\b", re.IGNORECASE)
    stop_words = wordset("""el la los las lo un una unos unas de del y o en a al es son que
    qué quien para por con sin sobre entre se su sus le les nos nuestro nuestra nuestros
    nuestras este esta estos estas ese esa como más muy pero también ya no ni ha han hay
    fue ser estar""")
    locative = r"en|para"
    own_place = r"(?:en nuestro país|para nosotros|en nuestro caso)"
    linking = r"además|también|asimismo|igualmente|por otra parte"
    leaning = r"él|ella|ellos|ellas|esto|eso|ello"
    lead_predicate = ("señaló que", "señalaron que")
    later_predicates = (("añadió que", "añadieron que"), ("destacó que", "destacaron que"),
                        ("indicó que", "indicaron que"))
    question_marks = ("?", "¿")
    third_person_subject = None  # Spanish leaves the subject out: "Ha adoptado ..."

    def persona_subject(self, persona: Persona) -> str:
        return ""

    def first_person(self, text: str) -> list[str]:
        return [w for w in super().first_person(text)
                if not (w.lower().endswith("mos") and w.lower() in _NOT_VERBS)
                and not (w.lower().endswith("mos") and re.search("[áéíóú]", w)
                         and not w.lower().endswith(("ábamos", "íamos", "éramos")))]

    def substance(self, sentence: str, author_name: str = "") -> str | None:
        if sentence.lstrip().startswith("¿"):
            return None
        return super().substance(sentence, author_name)

    def country_speaker(self, code: str) -> Speaker:
        name = country_name(code, self.code)
        article = _ARTICLE_BY_CODE.get(code) or _ARTICLE_BY_WORD.get(name.split()[0], "")
        if code == "EU":
            return Speaker("La Unión Europea", "")
        place = name
        if article and article.islower():
            name = f"{article.capitalize()} {name}"
        # The subject is left out after the first sentence ("Añadió que ..."); a plural name
        # takes the plural ("Los Estados Unidos de América señalaron que el país ha ...").
        if article in ("los", "las"):
            return Speaker(name, "", plural=True, subject="el país", place=place)
        return Speaker(name, "", place=place)

    def organization_speaker(self, organization: str | None) -> Speaker:
        if organization is None:
            return Speaker("Una organización", "")
        return Speaker(f"La organización {organization}", "")

    def later_subject(self, speaker: Speaker) -> str:
        return ""

    def join_clause(self, who: str, predicate: str, clause: str) -> str:
        sentence = f"{who} {predicate} {clause}.".strip()
        return sentence[:1].upper() + sentence[1:]

    def turn(self, masked: str, subject: str) -> str | None:
        past = bool(_YEAR.search(masked))
        failed = False
        if re.search(r"\b[Nn]osotr[oa]s\s+mism[oa]s\b", masked):
            return None  # "nosotros mismos": no third person keeps that emphasis whole
        text = re.sub(r"\b[Nn]osotr[oa]s\s+", "", masked)
        text = re.sub(r"\bnuestro país\b", "el país", text)
        text = re.sub(r"\bNuestro país\b", "El país", text)
        text = re.sub(r"\b([Nn])uestr[oa]s\b", lambda m: "Sus" if m.group(1) == "N" else "sus",
                      text)
        text = re.sub(r"\b([Nn])uestr[oa]\b", lambda m: "Su" if m.group(1) == "N" else "su", text)

        def verb(match: re.Match) -> str:
            nonlocal failed
            reflexive, form = match.group(1), match.group(2)
            if form.lower() in _NOT_VERBS:
                return match.group(0)
            third = _conjugate(form, past)
            if third is None:
                failed = True
                return match.group(0)
            if form[0].isupper():
                third = third.capitalize()
            if reflexive:
                return ("Se " if reflexive[0] == "N" else "se ") + third.lower()
            return third

        text = re.sub(r"\b([Nn]os\s+)?(\w+mos|[Hh]e)\b", verb, text)
        if failed:
            return None
        # "el país" acts where the verb opens the clause and the name is plural; otherwise
        # Spanish leaves the subject out ("señaló que ha adoptado ...").
        if subject and text != masked and re.match(r"(?:[Ss]e\s+)?\w+", text) and \
                _conjugated(masked):
            text = f"{subject} {text[:1].lower()}{text[1:]}"
        # "Estamos convencidos" -> "está convencido": the participle agrees with one country.
        text = re.sub(r"\b(está|es|estaba|era|fue|ha sido)\s+(\w+?[ai]d)([oa])s\b", r"\1 \2\3",
                      text, flags=re.IGNORECASE)
        if _conjugated(masked):
            text = text[:1].lower() + text[1:]  # the verb opens a clause after "que"
        return text


def _conjugated(masked: str) -> bool:
    """Does the sentence open on the first person ("Hemos ...", "Nosotros ...", "Nos ...")?"""
    return bool(re.match(r"(?:[Nn]osotr[oa]s\s+|[Nn]os\s+)?(?:\w+mos|[Hh]e)\b", masked))


def _conjugate(form: str, past: bool) -> str | None:
    low = form.lower()
    if low in _VERBS:
        return _VERBS[low]
    if not past and low in _PRESENT:
        return _PRESENT[low]
    if re.search("[áéíóú]", low) and not low.endswith(("ábamos", "íamos")):
        return None
    if low.endswith("ábamos"):
        return low[:-6] + "aba"
    if low.endswith("íamos"):
        return low[:-5] + "ía"  # "trabajaríamos" -> "trabajaría"
    if low.endswith(("aremos", "eremos", "iremos")):
        return low[:-4] + "á"  # "adoptaremos" -> "adoptará"
    if low.endswith("amos"):
        return low[:-4] + ("ó" if past else "a")
    if low.endswith("emos"):
        return low[:-4] + "e"
    if low.endswith("imos"):
        # Irregular preterites share the ending ("dijimos", "pusimos", "trajimos"), as do the
        # stem-changing ones ("pedimos" -> "pidió"): those are not turned. In the past a regular
        # -er or -ir verb gives "-ió" ("nos comprometimos" -> "se comprometió"); in the present
        # only a known regular -ir verb is turned ("decidimos" -> "decide").
        if _IRREGULAR_IMOS.search(low) or (low in _PRESENT if past else low not in _IR_REGULAR):
            return None
        return low[:-4] + ("ió" if past else "e")
    return None


_IRREGULAR_IMOS = re.compile(r"(?:dij|pus|traj|quis|vin|sup|duj|uv|cup|hub|u)imos$")
# Regular -ir verbs: "-imos" is both their present and their preterite.
_IR_REGULAR = frozenset(
    f"{stem}imos"
    for stem in [
        "decid", "recib", "compart", "viv", "escrib", "describ", "inscrib", "suscrib",
        "cumpl", "defin", "discut", "permit", "asist", "sub", "un", "abr", "insist", "coincid",
        "resist", "imprim", "añad", "divid", "difund", "asum", "consum", "resum", "percib",
        "exist", "ocurr", "part", "admit", "omit", "remit", "transmit", "emit", "cubr",
        "descubr",
    ]
)
