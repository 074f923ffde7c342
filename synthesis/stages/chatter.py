"""What is forum talk rather than substance: greetings, thanks, introductions, questions,
replies to named colleagues. Generic conventions of online forums, not of any one forum."""

from __future__ import annotations

import re
from functools import lru_cache

from synthesis.languages.registry import rules
from synthesis.stages.speech import expand_contractions
from synthesis.text import outside_quotes, words, wordset

_HONORIFIC = r"(?:Mr|Ms|Mrs|Dr|Prof|Professor|Sir|Madam|Mme|Mlle)\.?"
_NAME = rf"(?:{_HONORIFIC}\s+)?[A-Z][\w'’-]*(?:\s+(?:de|van|von|da|del|der|la|le|[A-Z][\w'’-]*))*"
_NAMES = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
_NAMED_PERSON = re.compile(rf"\b{_HONORIFIC}\s+[A-Z]")

_DROP_EN = re.compile(
    r"^(?:dear\b|hello\b|hi\b|greetings\b|warm greetings|good (?:morning|afternoon|evening|day)"
    r"|colleagues\b|welcome\b|thank\b|thanks\b|many thanks|sorry\b|apologies|my name is"
    r"|(?:i|we) (?:thank|welcome|apologi[sz]e)\b"
    r"|i will (?:come back|say more|return|write|post|share|get back|try to come back)"
    r"|(?:i|we) (?:look|am looking|are looking) forward"
    r"|i would (?:also )?(?:be (?:very )?(?:interested|glad|grateful|happy|keen)"
    r"|like to (?:hear|learn|know|ask|thank|invite|welcome))"
    r"|(?:let me|allow me|may i|please|just a|best (?:regards|wishes)|regards|kind regards"
    r"|cheers|see you|over to you|back to you|(?:a )?(?:short |quick |brief )?follow-up)\b"
    r"|(?:a |one )?(?:short |quick |brief )?(?:addition|response|reply|comment|note) "
    r"(?:on|from|to|about)\b|here (?:are|is)\b|below (?:are|is)\b"
    r"|(?:a|one|my|our|some|two|three|a few) (?:\w+ ){0,2}(?:observations?|contributions?"
    r"|reflections?|comments?|remarks?|words?|thoughts?|additions?)\b(?!\s+(?:is|are|was|were"
    r"|has|have)\b)[^.]{0,60}\.$|(?:our|my) (?:story|case|situation) is (?:a (?:little|bit) "
    r"|somewhat |quite )?(?:different|similar)\b)", re.IGNORECASE)
_INTRODUCING = re.compile(rf"^(?:I am|I'm|This is|Here is)\s+(?:{_HONORIFIC}\s+)?[A-Z][\w'’-]+"
                         rf"(?:\s+[A-Z][\w'’-]+)*\s*(?:,|from|of|at|here|and|with)")
_INTRO_EN = re.compile(r"\b(?:I|we) (?:work|am working|are working) (?:at|for|with|in|on)\b"
                       r"|\b(?:posted|said|written|shared) (?:so far|above|earlier)\b"
                       r"|\bfollow(?:ing)?[- ]up (?:to|on) (?:my|our|the) (?:earlier|previous)",
                       re.IGNORECASE)
_AGREE = re.compile(rf"^(?:[^,]{{0,60}},\s*)?(?:I|We)\s+(?:\w+\s+){{0,2}}?(?:agree|concur)\s+"
                    rf"with\s+{_NAMES}(?:\s+(?:on|about)\s+[^:]{{1,60}}?)?\s*(?:that\s+|:\s*)"
                    rf"(?P<rest>.+)$")
_AGREE_ONLY = re.compile(r"^(?:[^,]{0,60},\s*)?(?:I|We)\s+(?:\w+\s+){0,2}?(?:agree|concur)\b",
                         re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^(?:personally|frankly|honestly|to be (?:honest|frank)|in (?:my|our) (?:view|opinion)"
    r"|(?:in|from) (?:my|our) (?:own )?experience"
    r"|from (?:my|our) (?:side|perspective|point of view)"
    r"|for (?:my|our) part|still|speaking (?:from|as|for) [^,]{1,60}|like [^,]{1,60}"
    r"|as (?:i|we) (?:said|mentioned|noted)(?: [^,]{1,40})?|as promised|as requested|in short"
    r"|briefly|so|and|well|yes|no|yeah|indeed|absolutely|exactly|of course"
    r"|(?:okay|ok|right|so|well|good)(?: then)?|on a (?:related|separate|different|side|"
    r"similar|general) note|reading [^,]{1,80}|looking (?:at|back at) [^,]{1,80}"
    r"|(?:on|to) (?:the )?(?:\w+ )?question(?: \d+)?)\s*[,:]\s*|^(?:so|and)\s+", re.IGNORECASE)
# Lead-ins that need no comma: "In our experience people engage more when ..."
_LEAD_IN_BARE = re.compile(
    r"^(?:(?:in|from) (?:my|our) (?:own )?(?:experience|view|opinion)|going forward"
    r"|to be (?:honest|frank)|(?:following|in reply to|replying to|in response to|further to"
    r"|building on|coming back to|returning to) (?:[^,:]{0,50}\b(?:message|point|post|question"
    r"|contribution|remark|comment|intervention|suggestion|example)s?\b[^,:]{0,30}"
    rf"|{_HONORIFIC}\s[^,:]{{1,50}})[,:])\s*,?\s*", re.IGNORECASE)
# The same asides inside a sentence: "..., but in our experience it is not" -> "but it is not".
_ASIDE_EXPERIENCE = re.compile(
    r"(,\s*|\b(?:but|and|so|yet|that|because|since|where|when)\s+)(?:in|from) (?:my|our) "
    r"(?:own )?(?:experience|view|opinion)\s*,?\s*", re.IGNORECASE)
# "... too, as Dr. Santos said." / "as Ms. Persaud noted," : who said it is the forum's business.
_AS_SAID = re.compile(
    rf",?\s*\b(?:as|like)\s+(?:{_HONORIFIC}\s+)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
    rf"(?:\s+(?:and|&)\s+(?:{_HONORIFIC}\s+)[A-Z][\w'’-]*)?(?:['’]s?)?\s+"
    rf"(?:(?:has|have|just|also|rightly)\s+)?(?:said|says|noted|notes|mentioned|suggested"
    rf"|pointed out|described|explained|wrote|put it|stressed|argued|showed|proposed)\b"
    rf"(?:\s+(?:above|earlier|before))?(?=\s*[,.;:!]|$)")
# A chair running a meeting (or a list moderator a thread): who speaks next, the floor, the
# order of business. Procedure, not substance.
_PROCEDURE = re.compile(
    r"^(?:(?:so|okay|ok|right|good|well|and),?\s+)?(?:(?:we|i)(?:['’]ll| will| shall| are going"
    r" to| can)?\s+(?:now\s+|then\s+)?|let(?:['’]s| us)\s+(?:now\s+)?|now,?\s+(?:we(?:['’]ll"
    r"| will)?\s+)?)(?:go|move|turn|proceed|continue|pass|come|go back|return)\s+(?:on\s+"
    r"|over\s+|back\s+|straight\s+)?(?:now\s+|then\s+)?(?:to|with|into)\s+(?:(?-i:(?:Mr|Ms|Mrs|Dr|Hon|Madam"
    r"|Monsieur|Madame|Senator)\b|[A-Z][a-z]+(?:\s|[.,]|$))|the (?:next|first|second|third|last"
    r"|final)\b|(?:questions|item|items|statements|petitions|members|votes?|the vote|the floor"
    r"|the committee|the witness(?:es)?|committee business|our (?:next|first))\b)"
    r"|^(?:next|now|then|first|finally),?\s+(?:we have|we(?:['’]ll| will) hear|it is|it['’]s|is"
    r"|goes? to|will be|comes?|up is|on (?:the|my) list)\b"
    r"|^(?:our|the|my) (?:next|first|last|final|second|third) (?:statement|petition|question"
    r"|speaker|intervention|round|member|questioner|witness|item)s?\b[^.]{0,60}\b(?:goes?|go"
    r"|will go|is|are|comes?|will be|belongs?)\b"
    r"|^(?:i\s+)?call for nominations\b|^(?:i\s+)?declare (?:that\s+)?[^.]{0,60}\b(?:appointed"
    r"|elected|closed|open)\b|^(?:i\s+)?call (?:this|the) (?:meeting|session) to order"
    r"|^the (?:meeting|committee|session"
    r"|sitting) (?:is|will be|stands|will now be) (?:adjourned|suspended|resumed|closed)"
    r"|^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:has|have) (?:a|some|the next|one more|another"
    r"|a few) (?:\w+ )?(?:questions?|supplementar(?:y|ies)|point)\b"
    r"|^(?:i|we) have (?:a|some|two|three|one|a few|just a) (?:\w+ ){0,2}(?:questions?|comments?"
    r"|follow-ups?)(?: (?:for|on|about) [^,.]{0,40})?[.!]?$"
    r"|^any (?:thoughts|comments|feedback|pointers|ideas|suggestions|input|objections)\b[^.]{0,120}"
    r"\b(?:welcome|appreciated|helpful|useful|gratefully)\b", re.IGNORECASE)
_FLOOR = re.compile(r"\b(?:has|have|take|takes|give|gives|yield|yields) the floor\b"
                    r"|\bpoint of order\b", re.IGNORECASE)
_OPENS_CONTRACTED = re.compile(r"\s*(?:\w+\s+){0,2}\w+['’]\w")
# Remarks about the forum itself, not about the subject.
_META = re.compile(
    r"\b(?:this|the present|the current) (?:online )?(?:forum|discussion|exchange|thread|theme"
    r"|topic|conversation)\b|\b(?:discussion|forum|contributions|messages|postings) so far\b"
    r"|\bas the (?:forum|discussion) (?:draws|comes|closes)", re.IGNORECASE)
_META_TAIL = re.compile(r"\s*[-–—,]\s*(?:much |just |very much )?like (?:this|the present) "
                        r"(?:forum|discussion|one)\b|,?\s*(?:just )?to (?:start|begin|open) the "
                        r"list\b", re.IGNORECASE)
# "The answer would be: look for ..." -> the answer itself.
_ANSWER = re.compile(r"^(?:the|my|our) (?:short |simple )?(?:answer|reply|response)"
                     r"(?: (?:would be|is|was))?\s*:\s*", re.IGNORECASE)
_QUESTION_REF = re.compile(r"\s+\b(?:for|on|to|under|in|about) (?:the )?(?:guiding |first "
                           r"|second |third |last )?question(?: \d+)?(?=\s|[,.;:])",
                           re.IGNORECASE)
# "We found that X" / "What we learned is that X" / "Our lesson is that X": X is the finding.
_FOUND = re.compile(
    r"^(?:(?:I|we)\s+(?:have\s+)?(?:also\s+|now\s+|soon\s+|quickly\s+)?(?:found|learned|learnt"
    r"|seen|saw|noticed|realized|realised|discovered|observed)\s+that\s+"
    r"|(?:what|one thing|something) (?:I|we) (?:have )?(?:also )?(?:found|learned|learnt|saw|see"
    r"|noticed|observed|realized|realised)(?: now| today| here)? (?:is|was) that\s+"
    r"|(?:our|my) (?:main |own )?(?:experience|lesson|conclusion|feeling|impression|observation"
    r"|sense) (?:is|has been|was) that\s+|(?:a|one|the) (?:main |key |big |first )?lesson "
    r"(?:for us|for me|we (?:have )?(?:learned|learnt|drew)) (?:is|was) that\s+"
    r"|it seems (?:that )?(?:we|I) (?:all )?(?:agree|think|believe)\s+(?:that\s+)?)",
    re.IGNORECASE)
# "I think that will need money": "that" is the subject, not the conjunction.
_THAT_SUBJECT = (r"(?:will|would|is|was|has|had|can|could|should|may|might|must|does|did|seems?"
                 r"|makes?|means?|needs?)\b")
_HEDGE = re.compile(
    rf"^(?:so\s+|and\s+)?(?:I|we)\s+(?:(?:would|must|can|do|also|really|strongly|fully|just|should"
    r"|only|still|now|want to|would like to|wish to)\s+)*"
    rf"(?:(?:think|believe|feel|suspect|guess)\s+(?:that\s+(?!{_THAT_SUBJECT}))?"
    r"|(?:agree|note|notice|see|find|know|add|stress|underline|emphasi[sz]e|say|argue|suggest"
    r"|confirm|observe|recall|mention|understand|reali[sz]e|point out)\s+that\s+"
    rf"(?!{_THAT_SUBJECT})"
    r"|am (?:sure|convinced|confident)\s+(?:that\s+)?)", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:I|we)\b[^:]{0,80}\b(?:say|add|stress|draw|note|suggest|confirm|"
                        r"mention|underline|lesson|point|observation|answer|repeat)\w*\b[^:]*:\s+"
                        r"(?P<rest>.+)$", re.IGNORECASE)
_QUESTION_LEAD = re.compile(r"^[^:]{0,60}\b(?:question|point|prompt|topic)\b[^:]{0,40}:\s+"
                            r"(?P<rest>.+)$", re.IGNORECASE)
_ASIDE = re.compile(r",\s*(?:and\s+)?I\s+(?:[\w’'-]+\s+){0,5}?[\w’'-]+,\s*")
_ORDINAL = re.compile(r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|fifth|finally|lastly"
                      r"|(?:on|as for|as to|regarding|concerning) [^:,]{1,40}:)\s*,?\s*",
                      re.IGNORECASE)
_AUX = re.compile(r"\b(?:is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|will|"
                  r"would|should|must|may|might|shall|need|needs|seems?|makes?|gets?|goes)\b",
                  re.IGNORECASE)
_DETERMINERS = wordset("""a an the two three four five six several many some few our their its
his her these those other all both various more most no""")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
_DROP_ZH = re.compile(r"^(?:各位|尊敬的|亲爱的|大家好|你们好|您好|早上好|上午好|下午好|晚上好|问候|"
                      r"谢谢|感谢|非常感谢|多谢|我是|我叫|我的名字|我在.{0,30}工作|欢迎|抱歉|对不起)")
_AGREE_ZH = re.compile(r"^我(?:们)?(?:也|完全|非常|十分)?同意[^，。：:]{0,30}?[，：:](?P<rest>.+)$")
_HEDGE_ZH = re.compile(r"^(?:我|我们)(?:也)?(?:认为|觉得|相信|想|注意到|发现)[，,：:]?")
_NAMED_ZH = re.compile(r"[\u4e00-\u9fff]{1,4}(?:先生|女士)|[你您]")


def _english(text: str, author_name: str) -> str | None:
    # Probed with contractions spelled out: "I'd be interested" is "I would be interested".
    probe = expand_contractions(text) if _OPENS_CONTRACTED.match(text) else text
    if text.endswith(("?", ":", "？")) or _DROP_EN.match(probe) or _PROCEDURE.match(probe) \
            or _FLOOR.search(probe):
        return None
    name = author_name.strip()
    if name and name in text or _INTRODUCING.match(text) or _INTRO_EN.search(text):
        return None
    text = _META_TAIL.sub("", _QUESTION_REF.sub("", text))
    if _META.search(outside_quotes(text)):
        return None
    for _ in range(4):
        before = text
        match = _AGREE.match(text) or _REPORTING.match(text) or _QUESTION_LEAD.match(text)
        if match:
            text = match.group("rest")
        elif _AGREE_ONLY.match(text):
            return None
        text = _LEAD_IN.sub("", text, count=1)
        text = _LEAD_IN_BARE.sub("", text, count=1)
        text = _ORDINAL.sub("", text, count=1)
        text = _ASIDE.sub(" ", text, count=1)
        text = _ASIDE_EXPERIENCE.sub(r"\1", text)
        text = _AS_SAID.sub("", text).lstrip(" ,;")
        text = _HEDGE.sub("", text, count=1)
        text = _FOUND.sub("", text, count=1)
        text = _ANSWER.sub("", text, count=1)
        if text == before:
            break
    # "In reply to X's question, a general remark from ...", "Okay then, the next item is":
    # what the lead-ins hid.
    if _DROP_EN.match(text) or _PROCEDURE.match(text):
        return None
    head, colon, rest = text.partition(":")
    if colon and _list_label(head, rest):
        # "Possible indicators: targets in the plan; a budget line" is a label and a list of
        # fragments: "Possible indicators include targets in the plan; a budget line".
        text = f"{head.strip()} include {rest.strip()}"
    elif colon and len(words(head)) <= 4 and not _verb(head):
        text = rest.strip()  # "One more benefit: when stakeholders ..." -> the benefit
    plain = outside_quotes(text)
    if _NAMED_PERSON.search(plain) or _SECOND_PERSON.search(plain):
        return None
    if len(words(text)) < 5 or text.endswith(":") or (len(words(text)) <= 8 and not _verb(text)):
        return None
    return text


def _list_label(head: str, rest: str) -> bool:
    """A short plural noun phrase announcing a list whose entries are no clauses."""
    found = words(head)
    return (0 < len(found) <= 4 and found[-1].lower().endswith("s")
            and not found[-1].lower().endswith("ss") and not _AUX.search(head)
            and not re.match(r"(?:We|I|They|He|She|It|This|That|These|Those)\b", head)
            and not any(w.endswith("ed") for w in found)
            and rest.count(";") >= 1 and not any(_verb(part) and _AUX.search(part)
                                                  for part in rest.split(";")))


def _verb(text: str) -> bool:
    """A rough finite-verb test, enough to tell "A second problem is funding." from a title."""
    found = words(text)
    if re.match(r"(?:We|I|They|He|She)\s+(?:\w+ly\s+|also\s+|now\s+|still\s+)?[a-z]+\b", text):
        return True  # "We publish every permit on the register.": a subject and its verb
    later = [w for w in found[1:] if not w[0].isupper()]
    if _AUX.search(text) or any(w.endswith("ed") for w in later):
        return True
    # "-s" words in a comma list are plural nouns ("focal points, projects, reports"), and so
    # are they after a determiner or a number ("Two cautions from our experience").
    plural = {w for before, w in zip(found, found[1:], strict=False)
              if before.lower() in _DETERMINERS}
    return text.count(",") < 2 and any(w.endswith("s") and w not in plural for w in later)


def has_verb(text: str, lang: str = "en") -> bool:
    """Can the sentence stand alone after "noted that"? (English; Chinese always can; a
    language with its own module decides for itself.)"""
    language = rules(lang)
    if not language.staged:
        return language.has_verb(text)
    return bool(re.search(r"[\u4e00-\u9fff]", text)) or _verb(text)


def _chinese(text: str, author_name: str) -> str | None:
    if text.endswith(("？", "?", "：", ":")) or _DROP_ZH.match(text):
        return None
    if author_name.strip() and author_name.strip() in text:
        return None
    for _ in range(3):
        before = text
        match = _AGREE_ZH.match(text)
        if match:
            text = match.group("rest").strip()
        elif text.startswith(("我同意", "我们同意", "我也同意")):
            return None
        text = _HEDGE_ZH.sub("", text, count=1).strip()
        if text == before:
            break
    if _NAMED_ZH.search(outside_quotes(text)) or len(text) < 6:
        return None
    return text


@lru_cache(maxsize=1 << 15)  # pure: a sentence asked about twice (a large forum) is one answer
def substance(sentence: str, lang: str, author_name: str = "") -> str | None:
    """The sentence's substance (lead-ins such as "I agree with X that" removed), or None."""
    text = re.sub(r"\s+", " ", sentence).strip()
    if not text:
        return None
    language = rules(lang)
    if not language.staged:
        return language.substance(text, author_name)
    if re.search(r"[\u4e00-\u9fff]", text):
        return _chinese(text, author_name)
    return _english(text, author_name)
