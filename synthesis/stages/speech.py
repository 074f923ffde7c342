"""Spoken English a report cannot print as written: contractions, "as we all know" idioms,
and a person's own "I" ("I have tested ..." -> "Ann Smith has tested ..."). What is not
understood is never half-turned: the caller reports it as a quotation or leaves it out."""

from __future__ import annotations

import re

from synthesis.stages.verbs import conjugate_after, is_past
from synthesis.text import capitalize_first, mask_quotes, unmask_quotes

_NOT = {"ca": "cannot", "wo": "will not", "sha": "shall not", "ai": ""}
_SUBJECT_CONTRACTIONS = (
    (r"\b(I)[’']m\b", r"\1 am"), (r"\b(we|you|they)[’']re\b", r"\1 are"),
    (r"\b(I|we|you|they)[’']ve\b", r"\1 have"), (r"\b(I|we|you|they)[’']ll\b", r"\1 will"),
    (r"\b(I|we|you|they)[’']d\b", r"\1 would"), (r"\blet[’']s\b", "let us"),
)
# "As we all know, X", "X, as I said, Y": the speaker's aside, not part of what is reported.
_ASIDE = (r"as\s+(?:we|you{i})\s+(?:all\s+)?(?:know|knows|agree|said|mentioned|noted|saw|see|"
          r"have\s+(?:seen|heard|said|noted))(?:\s+(?:before|earlier|above|already|too|well))?")


def _asides(who: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    aside = _ASIDE.format(i=who)
    return (re.compile(rf"^{aside}\s*(?:,|$)\s*", re.IGNORECASE),
            re.compile(rf",\s*{aside}\s*,\s*", re.IGNORECASE),
            re.compile(rf",\s*{aside}\s*(?=[.;:!?]*$)", re.IGNORECASE))


# A country or a body has no "I": its sentences keep "as I said" and are refused for it.
_PLURAL_ASIDES = _asides("")
_ALL_ASIDES = _asides("|I")
_ALL_KNOW = re.compile(r"^(?:we|you)\s+all\s+(?:know|agree)\s+(?:that\s+)?", re.IGNORECASE)
_PLURAL_FIRST = re.compile(r"\b(?:we|We|WE|us|Us|our|Our|ours|Ours|ourselves|Ourselves)\b")
_SINGULAR_FIRST = re.compile(r"\b(?:I|me|Me|my|My|mine|Mine|myself|Myself)\b")
NOT_PRONOUN_I = re.compile(r"(?:[Ss]ection|[Cc]hapter|[Aa]nnex|[Pp]art|[Pp]hase|[Tt]ype|[Tt]ier|"
                            r"[Aa]ppendix|[Vv]olume|[Ll]evel|[Ww]orld [Ww]ar)\s+I\b|\(I\)")


# Shapes whose first person has no safe third person, or that are no statement at all:
# "Let us vote" (never "let it vote"), "Give us time" (an imperative addressed to someone),
# "Can the minister confirm ..." (a question that lost its "?": "noted that can ..." breaks).
_LET_US = re.compile(r"(?:^|[,;:]\s*)(?:(?:so|now|then|and|please)\s+)?let\s+us\b|^(?:let|suppose"
                     r"|imagine|assume|consider)\s", re.IGNORECASE)
_IMPERATIVE_US = re.compile(r"^(?:please\s+)?(?:do not\s+|never\s+)?[A-Za-z][a-z]+\s+(?-i:us)\b",
                            re.IGNORECASE)
_INVERTED = re.compile(
    r"^(?:(?i:and|so|but)\s+)?(?:(?i:can|could|will|would|shall|should|may|might|must|does|did|is"
    r"|are|was|were|has|had)(?:\s+not)?\s+(?!\d)[\w'’-]+|(?i:do|have)(?:\s+not)?\s+(?:it|he|she"
    r"|they|we|you|I|i|there|anyone|anybody|someone|somebody|everyone|everybody))\b"
    r"(?!\s*[,.;:!?]|$)")
_SUBJECTLESS = re.compile(r"^(?:(?:will|would|can|could|shall|should|may|might|must|is|are|was"
                          r"|were|has|have|had|does|did)\s+(?:not\s+)?(?:be|been|need|have|get"
                          r"|take|make|do|go|also|still|just|probably|certainly|always|never|to)"
                          r"|(?:do|does|did)\s+not\s+(?:know|think|see|understand|agree|believe"
                          r"|remember|recall|want|mind|care))\b", re.IGNORECASE)


def understood(text: str) -> bool:
    """Can the sentence be reported ("X noted that ...", or turned from "we" to "it")? Not a
    question that lost its mark (one that kept it is turned as a question), a clause that lost
    its subject, nor "let us"/"give us"."""
    plain = text.strip().lstrip("\"“‘(")
    if _LET_US.search(plain) or _IMPERATIVE_US.match(plain):
        return False
    question = _INVERTED.match(plain) and not plain.rstrip("\"”’) ").endswith("?")
    return not (question or _SUBJECTLESS.match(plain))


def expand_contractions(text: str) -> str:
    """"shouldn't" -> "should not", "we're" -> "we are", "I'm" -> "I am"; case kept."""
    for pattern, repl in _SUBJECT_CONTRACTIONS:
        text = re.sub(pattern, repl, text, flags=re.IGNORECASE)

    def negation(match: re.Match) -> str:
        word = match.group(1)
        special = _NOT.get(word.lower())
        if special == "":
            return match.group(0)  # "ain't" has no one reading: left as written
        if special:
            return special.capitalize() if word[:1].isupper() else special
        return f"{word} not"

    return re.sub(r"\b([A-Za-z]+)n[’']t\b", negation, text)


def drop_asides(text: str, *, singular: bool = False) -> str:
    """Without "as we all know," and the like ("as I said" too when `singular`); "We all
    know that X" -> "X"."""
    start, inside, end = _ALL_ASIDES if singular else _PLURAL_ASIDES
    out = end.sub("", inside.sub(" ", start.sub("", text))).strip()
    out = _ALL_KNOW.sub("", out)
    out = re.sub(r"\s+([,.;:])", r"\1", out)
    out = re.sub(r",\s*,", ",", out)
    return capitalize_first(out) if out != text else text


def as_person(text: str, subject: str, possessive: str) -> str | None:
    """A person's sentence in the third person, when its grammar is understood: no first
    person at all, or one "I"/"My" opening it ("I have tested ..." -> "Ann Smith has tested
    ...", "My view is ..." -> "Ann Smith's view is ..."). "We" (which group?), a second "I"
    or one inside the sentence ("... when I resized them") are not: None."""
    masked, quotes = mask_quotes(drop_asides(expand_contractions(text), singular=True))
    if not understood(masked):
        return None
    plain = NOT_PRONOUN_I.sub(" ", masked)
    if re.search(r"[\u4e00-\u9fff]", plain):
        return _chinese_person(masked, quotes, subject)
    if _PLURAL_FIRST.search(plain):
        return None
    found = list(_SINGULAR_FIRST.finditer(plain))
    if not found:
        return unmask_quotes(masked, quotes)
    if len(found) > 1 or found[0].start() != 0:
        return None
    word = found[0].group(0)
    rest = masked[found[0].end():]
    if word == "I":
        verb, taken = conjugate_after(rest, True)
        if not verb:
            return None
        tail = _coordinated(rest[taken:])
        if re.search(r"\bam\b", tail):
            return None
        return unmask_quotes(subject + verb + tail, quotes)
    if word == "My" and possessive and re.match(r"\s+[a-z]", rest):
        return unmask_quotes(possessive + rest, quotes)
    return None


_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|do|does|did|will|would|can|could|should"
                     r"|may|might|must|that|which|who|when|if|because|while|they|he|she|we)\b"
                     r"|[;:]", re.IGNORECASE)


def _coordinated(tail: str) -> str:
    """"I have read it and am not convinced" -> "... and is not convinced"; "and have made"
    -> "and has made": the coordinated verb shares the subject when no other clause comes
    between. An "am" left anywhere else has some other "I" as its subject: refused later."""
    match = re.search(r"(\b(?:and|but|or)\s+)(am|have|do)\b(?=\s+(\w+))", tail)
    if not match or _FINITE.search(tail[:match.start()]):
        return tail
    verb, following = match.group(2), match.group(3).lower()
    if verb == "have" and not (is_past(following) or following in ("been", "not", "never")):
        return tail
    if verb == "do" and following not in ("not", "never"):
        return tail
    third = {"am": "is", "have": "has", "do": "does"}[verb]
    return tail[:match.start(2)] + third + tail[match.end(2):]


def _chinese_person(masked: str, quotes: list[str], subject: str) -> str | None:
    """"我已经测试了..." -> "王芳已经测试了...": one 我 (not 我们, 我国, 我部), opening it."""
    found = re.findall(r"[我咱]", masked)
    if not found:
        return unmask_quotes(masked, quotes)
    if len(found) > 1 or not re.match(r"我(?![们国部司局院处厅委会所])", masked):
        return None
    return unmask_quotes(subject + masked[1:], quotes) if subject else None


def quoted(text: str) -> str:
    """The sentence as a quotation: inner double quotes become single ones."""
    inner = text.strip().replace("“", "‘").replace("”", "’")
    inner = re.sub(r'"([^"]*)"', r"‘\1’", inner)
    return inner
