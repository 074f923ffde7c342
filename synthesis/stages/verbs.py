"""Just enough English verb morphology to move a subject from "we" to "it" (and to build
"have <participle>" predicates for several countries at once)."""

from __future__ import annotations

import re

from synthesis.languages.strings import t
from synthesis.text import wordset

MODALS = wordset("""
will would can could shall should may might must cannot ought
""")
_ADVERBS = wordset("""
also still now already usually often then just only really even recently currently finally
first therefore thus always never mostly increasingly actively strongly clearly certainly
probably largely both all together so too not generally today once again soon later
gradually jointly partly fully most least more rather mainly simply particularly especially
sometimes usually hardly rarely seldom ever
""")
_THIRD = {"have": "has", "am": "is", "are": "is", "were": "was", "do": "does", "go": "goes"}
_PARTICIPLES = {
    "put": "put", "made": "made", "set": "set", "took": "taken", "gave": "given",
    "began": "begun", "wrote": "written", "went": "gone", "saw": "seen", "got": "got",
    "brought": "brought", "built": "built", "found": "found", "held": "held", "kept": "kept",
    "led": "led", "paid": "paid", "ran": "run", "sent": "sent", "spent": "spent", "won": "won",
    "chose": "chosen", "drew": "drawn", "knew": "known", "grew": "grown", "became": "become",
    "came": "come", "did": "done", "had": "had", "was": "been", "were": "been", "met": "met",
    "left": "left", "felt": "felt", "heard": "heard", "told": "told", "said": "said",
    "thought": "thought", "taught": "taught", "sought": "sought", "bought": "bought",
    "meant": "meant", "lost": "lost", "stood": "stood", "understood": "understood",
    "learnt": "learnt", "chosen": "chosen", "undertook": "undertaken", "adopted": "adopted",
    "fought": "fought", "rose": "risen", "fell": "fallen", "read": "read", "let": "let",
    "cut": "cut", "hit": "hit", "identified": "identified",
    "broke": "broken", "spoke": "spoken", "drove": "driven", "ate": "eaten", "forgot": "forgotten",
    "shook": "shaken", "threw": "thrown", "wore": "worn", "tore": "torn", "hung": "hung",
    "caught": "caught", "dug": "dug", "fed": "fed", "fled": "fled", "bent": "bent", "lent": "lent",
    "lit": "lit", "stuck": "stuck", "struck": "struck", "sold": "sold", "sat": "sat",
    "shot": "shot", "flew": "flown", "blew": "blown", "sang": "sung", "rang": "rung",
    "drank": "drunk", "froze": "frozen", "stole": "stolen", "rode": "ridden", "hid": "hidden",
    "laid": "laid", "dealt": "dealt", "slept": "slept", "swept": "swept", "burnt": "burnt",
    "spelt": "spelt", "spilt": "spilt", "forgave": "forgiven", "withdrew": "withdrawn",
    "overtook": "overtaken", "sped": "sped",
}
# "rebuilt", "undertook", "overspent", "mistook": a prefix before an irregular past.
_PREFIXES = ("re", "un", "over", "under", "mis", "out", "with", "fore", "up", "co")
_WORD = re.compile(r"(\s+)([A-Za-z][\w’'-]*)")
_ED_NOT_PAST = wordset("""
need feed proceed exceed succeed seed breed speed heed embed shed bleed bed wed
""")


def is_past(word: str) -> bool:
    low = word.lower()
    if any(low.startswith(p) and low[len(p):] in _PARTICIPLES and len(low) - len(p) > 2
           for p in _PREFIXES):
        return True
    return low in _PARTICIPLES or (low.endswith("ed") and len(low) > 3
                                   and low not in _ED_NOT_PAST)


def participle(word: str) -> str:
    low = word.lower()
    return _PARTICIPLES.get(low, low)


def third_singular(word: str) -> str:
    """"need" -> "needs", "try" -> "tries", "have" -> "has"; past and modals unchanged."""
    low = word.lower()
    if low in _THIRD:
        return _THIRD[low]
    if low in MODALS or is_past(low) or low.endswith("s") and not low.endswith("ss"):
        return word
    if re.search(r"[^aeiou]y$", low):
        return word[:-1] + "ies"
    if re.search(r"(?:s|sh|ch|x|z|o)$", low):
        return word + "es"
    return word + "s"


def plural_verb(word: str) -> str:
    """"has" -> "have", "integrates" -> "integrate": the verb of a plural subject."""
    low = word.lower()
    irregular = {"has": "have", "is": "are", "was": "were", "does": "do", "goes": "go"}
    if low in irregular:
        return irregular[low]
    if low in MODALS or is_past(low) or not low.endswith("s") or low.endswith("ss"):
        return word
    if low.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(?:sses|shes|ches|xes|zes|oes)$", low):
        return word[:-2]
    return word[:-1]


def conjugate_after(rest: str, singular: bool) -> tuple[str, int]:
    """Agree the verb that follows a new subject; returns (new text, characters consumed)."""
    if not singular:
        return "", 0
    pos = 0
    out = []
    for _ in range(4):
        match = _WORD.match(rest, pos)
        if not match:
            return "", 0
        space, word = match.groups()
        low = word.lower()
        if low in _ADVERBS or low.endswith("ly") and len(low) > 4:
            out.append(space + word)
            pos = match.end()
            continue
        out.append(space + third_singular(word))
        return "".join(out), match.end()
    return "", 0


_BASE_VERBS = wordset("""
ask look use see work need want hope plan expect try make keep take give get send hold run
help call train publish invite check review ensure prepare explain answer agree learn find
follow show tell go come start continue put write read apply meet know include involve
organize organise post distribute announce record attach inform consult visit collect
translate discuss decide allocate fund monitor assess share bring build develop provide
support engage encourage promote create raise seek identify establish strengthen invest add
live
""")
# A verb coordinated with the one after "we" is followed by its object or complement.
_OBJECT_START = wordset("""
the a an what how whether which who why where them it its their every each all more some
any this these those to up out together closely regularly again
""")
# Verbs that, right after "and" and before a preposition, are hardly ever nouns: "we identify
# them and talk with them early" (whereas "money and support from donors" is a noun).
_VERBS_BEFORE_PREPOSITION = wordset("""
talk speak listen work meet cooperate coordinate engage consult agree go come sit rely depend
deal focus ask write explain look check learn reach turn move act respond apply contribute
participate invest wait insist call think try follow reach bring keep take send
""")
_PREPOSITIONS = wordset("""
with to about for on in at through from into over across along
""")
_CLAUSE_STOP = re.compile(r"[.;:!?]|\b(?:that|which|who|when|if|because|while|whereas|where|"
                          r"but|so|although|though|unless|until|since|before|after|they|it|he|"
                          r"she|(?<!the\s)(?<!those\s)(?<!these\s)(?<!its\s)(?<!their\s)"
                          r"(?:people|others))\b")


def agree_coordinated(rest: str) -> str:
    """"... looks again at the evidence, and ask what" -> "..., and asks what": in the same
    clause, a base verb coordinated with "and" takes the subject's third person as well."""
    stop = _CLAUSE_STOP.search(rest)
    end = stop.start() if stop else len(rest)

    def third(match: re.Match) -> str:
        verb, following = match.group(2).lower(), match.group(3).lower()
        if not (verb in _BASE_VERBS and following in _OBJECT_START
                or verb in _VERBS_BEFORE_PREPOSITION and following in _PREPOSITIONS):
            return match.group(0)
        return match.group(1) + third_singular(verb) + match.group(0)[len(match.group(1))
                                                                      + len(verb):]

    head = re.sub(r"(,?\s+and\s+)([a-z]+)(?=\s+([a-z]+)\b)", third, rest[:end])
    return head + rest[end:]


_IMPERATIVES = wordset("""
look include ask try make keep remember find build put think avoid consider take give get
add involve engage talk invest identify prepare seek bring insist revisit handle
strengthen review ensure develop establish promote train publish create share encourage
raise provide support
""")


def declarative(text: str) -> str:
    """Advice ("Look for ...", "Do not build ...") in the report's voice: "It is advisable to"."""
    match = re.match(r"(Do not|Don[’']t|Never)\s+([a-z]+)\b", text) or re.match(
        r"()([A-Z][a-z]+)\b", text)
    if not match or match.group(2).lower() not in _IMPERATIVES or re.match(
            r"\s+(?:of|and|is|are|was|were|has|have)\b", text[match.end():]):
        return text
    key = "advisable_not" if match.group(1) else "advisable"
    return t("en", key, rest=match.group(2).lower() + text[match.end():])


_CONDITION = re.compile(r"((?:When|If|Once|Where|Before|After|While|Until|Unless|As soon as)\b"
                        r"[^,;:]{3,80},\s+)((?:do not|don[’']t|never)\s+)?([a-z]+)\b")


def advice(text: str) -> str:
    """`declarative`, also after an opening condition: "When a policy is reviewed, ask for a
    seat" -> "When a policy is reviewed, it is advisable to ask for a seat"."""
    match = _CONDITION.match(text)
    if match and match.group(3) in _IMPERATIVES and not re.match(
            r"\s+(?:of|and|is|are|was|were|has|have)\b", text[match.end():]):
        key = "advisable_not" if match.group(2) else "advisable"
        tail = t("en", key, rest=match.group(3) + text[match.end():])
        return match.group(1) + tail[:1].lower() + tail[1:]
    return declarative(text)
