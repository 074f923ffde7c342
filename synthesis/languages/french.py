"""French: the report in the third person ("Le Mexique a indiqué que ...", "Il a ajouté que
..."), country names with their article and gender, dates "26 mai 2014", guillemets.

First to third person: "nous"/"je" as the subject of a verb whose third person the tables
below give (a small list of irregular verbs; the regular endings -ons, -issons, -ions, and
the future -erons/-irons), "notre"/"nos" as "son"/"sa"/"ses" (the gender of the possessed
noun from its ending, or "son" before a vowel), "notre pays" as "le pays". Anything else in
the first person ("pour nous", "nous-mêmes", a verb not understood) leaves the sentence to
be attributed in the speaker's words.
"""

from __future__ import annotations

import re

from synthesis.countries import country_name
from synthesis.languages.written import Speaker, WrittenLanguage
from synthesis.text import wordset

# Third person singular of the first persons participants write most (nous, then je).
_VERBS = {
    "avons": "a", "sommes": "est", "allons": "va", "faisons": "fait", "devons": "doit",
    "pouvons": "peut", "voulons": "veut", "savons": "sait", "prenons": "prend",
    "mettons": "met", "venons": "vient", "tenons": "tient", "disons": "dit", "voyons": "voit",
    "recevons": "reçoit", "croyons": "croit", "obtenons": "obtient", "comprenons": "comprend",
    "produisons": "produit", "construisons": "construit", "vivons": "vit", "suivons": "suit",
    "connaissons": "connaît", "étions": "était", "avions": "avait", "serons": "sera",
    "aurons": "aura", "ferons": "fera", "pourrons": "pourra", "devrons": "devra",
    "irons": "ira", "serions": "serait", "aurions": "aurait", "pourrions": "pourrait",
    "devrions": "devrait", "voudrions": "voudrait", "ferions": "ferait", "fûmes": "fut",
    "ai": "a", "suis": "est", "vais": "va", "fais": "fait", "dois": "doit", "peux": "peut",
    "veux": "veut", "sais": "sait", "avais": "avait", "étais": "était",
}
# Nouns ending so are feminine ("sa stratégie", "sa législation"); others masculine only when
# their ending says so ("son programme"); between the two, the possessive is not guessed.
_FEMININE = re.compile(r"(?:tion|sion|xion|té|ure|ence|ance|ie|ée|ude|ade|esse|ette|elle|ière"
                       r"|ise|ique|ine|oire|ève|eur)$")
_MASCULINE = re.compile(r"(?:ment|age|isme|eau|oir|at|et|ier|on|al|ail|ème|aire|ogramme|an"
                        r"|in|ort|ect|eil|is|ès|au)$")
_MASCULINE_EUR = wordset("secteur bailleur acteur producteur")
_VOWEL = "aeiouyéèêàâîïôûhAEIOUYÉÈÊÀÂÎÏÔÛH"
# Country names by grammar: masculine names ending in -e, plural names, names taking no
# article (islands, cities, a few others). Every other name: "la" when it ends in -e, else
# "le"; "l'" before a vowel.
_MASCULINE_E = wordset("Mexique Cambodge Mozambique Zimbabwe Belize Suriname Bélize")
_NO_ARTICLE = wordset("""Cuba Madagascar Malte Chypre Singapour Israël Monaco Haïti Bahreïn
Djibouti Oman Maurice Nauru Tuvalu Kiribati Vanuatu Samoa Tonga Fidji Palaos Sri Cabo
Trinité-et-Tobago Antigua-et-Barbuda Saint-Marin Sainte-Lucie Saint-Kitts-et-Niévès Grenade
Saint-Vincent-et-les Sao Brunéi Tonga Andorre""")


class French(WrittenLanguage):
    code = "fr"
    name = "French"
    lowercase_titles = False  # the outline quotes the titles as they are
    abbreviations = wordset("m mm mme mmes mlle dr pr p ex cf env etc art al no nos vol ch")
    chatter = re.compile(
        r"^(?:bonjour|bonsoir|salut|chers?|chères?|mesdames|messieurs|merci|je vous remercie"
        r"|nous vous remercions|cordialement|bien cordialement|salutations|meilleures salutations"
        r"|bien à vous|à bientôt|au plaisir|je m['’]appelle|permettez-moi|je reviendrai"
        r"|j['’]aimerais (?:savoir|connaître|remercier|ajouter)|excusez|désolée?|bonne journée"
        r"|je suis [A-ZÉ][\w-]+ [A-ZÉ][\w-]+)\b", re.IGNORECASE)
    lead_ins = re.compile(
        r"^(?:je pense que|je crois que|nous pensons que|nous croyons que|à mon avis,"
        r"|selon moi,|de notre point de vue,|je (?:suis|me permets d['’]être) d['’]accord avec"
        r" [^,:]{1,60}[,:]\s*(?:et\s+)?|je partage l['’]avis de [^,:]{1,60}[,:]\s*)"
        r"(?P<rest>.+)$", re.IGNORECASE)
    first_person_words = re.compile(
        r"(?<![\w-])(?:[Jj]e|[Jj]['’](?=\w)|[Mm]oi|[Mm]e|[Mm]['’](?=\w)|[Mm]on|[Mm]a|[Mm]es"
        r"|[Nn]ous|[Nn]otre|[Nn]os|[Nn]ôtres?)(?![\w-])|[Nn]ous-mêmes")
    inclusive = re.compile(r"\b[Nn]ous\s+(?:\w+\s+)?(?:tous|toutes|ensemble)\b"
                           r"(?!\s+(?:les|des|ces|nos|leurs|ses)\b)"
                           r"|\b[Cc]hacun d['’]entre nous\b|\b[Nn]os (?:pays|gouvernements|"
                           r"régions|États)\b")
    stop_words = wordset("""le la les l un une des de du d et ou en au aux à a est sont ce
    cette ces ceux qui que qu quoi dont où pour par sur dans avec sans sous entre il elle ils
    elles on nous vous je tu se sa son ses leur leurs notre nos y plus pas ne n mais donc or
    ni car comme aussi très tout tous toute toutes été être avoir ont avait cela ça lors""")
    locative = r"au|aux|en|à|dans"
    own_place = r"(?:dans notre pays|chez nous|pour notre part|pour nous)"
    linking = r"aussi|également|de plus|en outre|par ailleurs|de même"
    leaning = r"il|elle|ils|elles|cela|ceci|ça"
    lead_predicate = ("a indiqué que", "ont indiqué que")
    later_predicates = (("a ajouté que", "ont ajouté que"), ("a souligné que", "ont souligné que"),
                        ("a précisé que", "ont précisé que"))

    def country_speaker(self, code: str) -> Speaker:
        name = country_name(code, self.code)
        first = name.split()[0].split("-")[0] if name else ""
        plural = bool(re.match(r"(?:États|Émirats|Pays-Bas|Philippines|Comores|Maldives"
                               r"|Seychelles|Bahamas|Îles|Fidji)", name))
        feminine = name.startswith(("République", "Fédération", "Principauté")) or (
            first.endswith("e") and first not in _MASCULINE_E)
        if code == "EU":
            return Speaker("L'Union européenne", "elle", place="Union européenne")
        if first in _NO_ARTICLE or name in _NO_ARTICLE:
            return Speaker(name, "le pays", place=name)
        if plural:
            article = "Les "
        elif name[:1] in _VOWEL:
            article = "L'"
        else:
            article = "La " if feminine else "Le "
        feminine = feminine or name.startswith(
            ("Philippines", "Comores", "Maldives", "Seychelles", "Bahamas", "Îles"))
        if plural:
            return Speaker(article + name, "elles" if feminine else "ils", plural=True,
                           subject="le pays", place=name)
        return Speaker(article + name, "elle" if feminine else "il", place=name)

    def organization_speaker(self, organization: str | None) -> Speaker:
        if organization is None:
            return Speaker("Une organisation", "elle")
        return Speaker(f"L'organisation {organization}", "elle")

    def later_subject(self, speaker: Speaker) -> str:
        if speaker.pronoun == "le pays":
            return "Le pays"
        return speaker.pronoun[:1].upper() + speaker.pronoun[1:]

    def join_clause(self, who: str, predicate: str, clause: str) -> str:
        sentence = f"{who} {predicate} {clause}."
        return re.sub(rf"\bque ([{_VOWEL[:-2]}])", r"qu'\1", sentence)

    def turn(self, masked: str, subject: str) -> str | None:
        failed = False

        def verb(match: re.Match) -> str:
            nonlocal failed
            pronoun, middle, form = match.group(1), match.group(2) or "", match.group(3)
            third = _conjugate(form)
            if third is None and pronoun[0] in "Jj" and form.endswith("e"):
                third = form  # "je travaille": the same form in the third person
            if third is None:
                failed = True
                return match.group(0)
            if re.search(r"\bnous\s*$", middle):  # "nous nous sommes" -> "s'est"
                middle = re.sub(r"\bnous\s*$", "s'" if third[:1] in _VOWEL else "se ", middle)
            if "nous" in middle.split():
                failed = True
            who = subject[:1].upper() + subject[1:] if pronoun[0].isupper() else subject
            return f"{who} {middle}{third}"

        objects = r"(?:n['’]|ne\s+)?(?:(?:y|en|l['’]|le|la|les|lui|leur|nous|se|s['’])\s*)*"
        text = re.sub(r"\b([Nn]ous|[Jj]e|[Jj]['’])\s*(" + objects + r")(\w+)", verb, masked)
        if failed:
            return None
        text = re.sub(r"\b([Nn])otre pays\b", lambda m: "Le pays" if m.group(1) == "N"
                      else "le pays", text)
        text = re.sub(r"\b([Nn])os (?=\w)", lambda m: "Ses " if m.group(1) == "N" else "ses ",
                      text)
        text = re.sub(r"\b([Nn])otre (\w+)", _possessive, text)
        # "le pays ... sont engagés": the participle agrees with the singular subject.
        text = re.sub(r"\b(est|était|sera|a été)\s+(?!\w*(?:mis|pris|quis|ssis|clus|clos)\b)"
                      r"(\w+?)(é|i|u|t)(e?)s\b", r"\1 \2\3\4", text)  # not "surpris", "mis"
        return None if "\0" in text else text


def _conjugate(form: str) -> str | None:
    low = form.lower()
    if low in _VERBS:
        return _VERBS[low]
    if low.endswith("issons"):
        return low[:-6] + "it"
    if low.endswith(("erons", "irons")) and len(low) > 6:
        return low[:-3] + "a"  # "adopterons" -> "adoptera"
    if low.endswith(("erions", "irions")):
        return low[:-4] + "ait"  # the conditional: "adopterions" -> "adopterait"
    # (The imperfect "-ions" is not told from the present of -ier verbs, "publions" ->
    # "publie", which the rule below gives.)
    if low.endswith("ons") and len(low) > 4 and not low.endswith("rons"):
        stem = low[:-3]
        if _NOT_ER.search(stem):
            return None  # "écrivons", "menons": not a regular -er verb, the sentence is quoted
        if stem.endswith("ge"):
            return stem  # "partageons" -> "partage"
        return (stem + "e").replace("çe", "ce")  # "travaillons" -> "travaille"
    return None


# Stems of "-ons" forms that are not regular -er verbs (their third person is not stem + "e"):
# -re, -ir, -oir verbs ("écrivons", "lisons", "buvons", "vendons", "partons", "mettons"),
# and -er verbs whose stem changes ("menons" -> "mène", "appelons", "employons").
_NOT_ER = re.compile(
    r"(?:criv|viv|uiv|uis|dis|ais|aiss|buv|cev|mouv|olv|romp|mett|batt|clu|[eo]nd|rd"
    r"|aign|eign|oign|[aeou]y|[eé][bcdfghjklmnpqrstvwxz])$"
    r"|^(?:é|re)?lis$|^val$|^(?:re|res|as|dés)?(?:part|sort|serv|sent|dorm|ment)$")


def _possessive(match: re.Match) -> str:
    noun = match.group(2)
    low = noun.lower()
    if low[:1] in _VOWEL:
        word = "son"
    elif _FEMININE.search(low) and low not in _MASCULINE_EUR:
        word = "sa"
    elif _MASCULINE.search(low) or low in _MASCULINE_EUR:
        word = "son"
    else:
        return "\0"  # the gender is not known: the sentence is not rewritten
    return f"{word.capitalize() if match.group(1) == 'N' else word} {noun}"
