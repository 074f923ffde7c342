"""Words, terms and small text helpers shared by the stages (English and Chinese)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from synthesis.languages.registry import rules


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and to wrap than a list)."""
    return frozenset(text.split())


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Word boundaries for names. Python counts Chinese characters as word characters, so "(?<!\w)"
# would never find 古巴 inside 古巴于2010年; only a letter or digit of another script joins a name.
_LETTER = r"[^\W\u3400-\u9fff\uf900-\ufaff]"
NAME_START = rf"(?<!{_LETTER})"
NAME_END = rf"(?!{_LETTER})"
_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'’][A-Za-z0-9\u00C0-\u024F]+)*")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|`([^`]*)`")
URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%()\[\]]*[A-Za-z0-9\-_~/#=&%]")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」|『[^』]*』")

# Function words carry no topic: they must not make two sentences look alike.
_STOP_EN = wordset("""
a about above across after again against all almost also although always am among an and
another any are around as at be became because become been before being below between both
but by can cannot could did do does doing done down during each either else enough even
ever every few for from further had has have having he her here hers him his how however i
if in into is it its itself just least less let like made make many may me might more most
much must my near need needs neither never no nor not now of off often on once one only or
other others otherwise our ours ourselves out over own per perhaps quite rather really
same shall she should since so some still such than that the their theirs them themselves
then there these they this those though through thus to too toward towards under until up
upon us very via was we well were what when where whether which while who whom whose why
will with within without would yet you your yours yourself first second third also already
instance example way ways thing things lot much many new one two three four five
""")

STOP_EN = _STOP_EN

_STOP_ZH = wordset("""
的 了 和 与 及 或 是 在 也 都 就 而 并 对 把 被
让 使 这 那 这些 那些 这个 那个 一个 一些 我们 我国 他们 它们 其 该
为 以 于 从 到 上 中 下 等 已 已经 将 会 能 可以 可能
应 应该 需要 没有 不 很 更 最 还 又 但 但是 因为 所以 如果 虽然
以及 其中 通过 进行 方面 问题 情况 有 个 各 每
""")


@cache
def _jieba():
    import logging

    import jieba

    # jieba announces its dictionary loading on the root logger; a report prints nothing.
    jieba.setLogLevel(logging.WARNING)
    return jieba


def zh_tokens(text: str) -> list[str]:
    return [t for t in _jieba().lcut(text) if t.strip()]


# A forum's vocabulary is a few thousand words, stemmed again in every sentence.
@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stemmer: enough to meet "revised" with "revision", "plans" with "plan"."""
    w = word.lower().replace("’", "'")
    if len(w) <= 4 or not w.isalpha():
        return w
    for suffix, repl in (("isation", "ize"), ("ization", "ize"), ("ational", "ate"),
                         ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""),
                         ("ities", ""), ("ity", ""), ("ings", ""), ("ing", ""), ("ies", "y"),
                         ("ied", "y"), ("sion", "s"), ("tion", "t"), ("ed", ""), ("es", ""),
                         ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            w = w[: len(w) - len(suffix)] + repl
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def terms(text: str, lang: str) -> list[str]:
    """Content terms of a sentence (stemmed English words; jieba words in Chinese)."""
    language = rules(lang)
    if not language.staged:
        return language.terms(text)
    out = []
    if CJK.search(text):
        for token in zh_tokens(text):
            if token in _STOP_ZH or not (len(token) >= 2 or token.isalnum()):
                continue
            if CJK.search(token):
                out.append(token)
            elif token.isalnum() and token.lower() not in _STOP_EN:
                out.append(stem(token))
        return out
    for word in _WORD.findall(text):
        low = word.lower()
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if low in _STOP_EN or low.isdigit() or len(low) < 2:
            continue
        out.append(stem(low))
    return out


_FACT = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d+(?:[.,]\d+)?\b|\b[A-Z]{2,}[a-z]?\b"
                   r"|(?<=[a-z,;:] )[A-Z][a-z]+(?:\s+(?:of|on|for|and|the)?\s*[A-Z][a-z]+)*")


def facts(text: str) -> int:
    """How many facts a sentence names: years and figures, acronyms, names of institutions and
    documents ("the National Environment Policy (2006)"): what a synthesis keeps first."""
    if CJK.search(text):
        return len(set(re.findall(r"\d+|[A-Z]{2,}|《[^》]+》", text)))
    return len({m.group(0) for m in _FACT.finditer(outside_quotes(text))})


def count_words(text: str, lang: str) -> int:
    """Words for the budget: English tokens; in Chinese, jieba words (punctuation excluded)."""
    if not rules(lang).staged:
        return rules(lang).count_words(text)
    if rules(lang).ideographic and CJK.search(text):
        return sum(1 for t in zh_tokens(text) if t.isalnum() or CJK.search(t))
    return len(_WORD.findall(text))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def mask_quotes(text: str) -> tuple[str, list[str]]:
    """Hide quoted passages behind placeholders, so rules never touch a participant's quote."""
    found: list[str] = []

    def keep(match: re.Match) -> str:
        found.append(match.group(0))
        return f"\x00{len(found) - 1}\x00"

    return _QUOTED.sub(keep, text), found


def unmask_quotes(text: str, found: list[str]) -> str:
    return re.sub("\x00(\\d+)\x00", lambda m: found[int(m.group(1))], text)


def outside_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


def capitalize_first(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch not in "\"'“‘(":
            return text
    return text


_SENTENCE_START = re.compile(r"[.!?:;\n]\s*[\"“(]?$")
_STOP_MARK = re.compile(r"[.!?;:]")


# Sentence adverbs open a clause in capitals only for being first: "noted that surely DMA ...".
_SENTENCE_ADVERBS = wordset("""
surely clearly obviously certainly probably perhaps hopefully unfortunately fortunately
basically actually really generally currently finally apparently essentially naturally
honestly frankly ultimately additionally similarly presumably arguably interestingly
importantly personally initially typically usually sadly luckily admittedly undoubtedly
""")
_DATE = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)\s+\d")


class Lexicon:
    """What the forum writes in lower case and which names it capitalizes mid-sentence."""
    # It tells "Funding is ..." from "Mexico is ..." at the start of a sentence.

    def __init__(self, texts: Iterable[str]) -> None:
        lower: set[str] = set()
        names: set[str] = set()
        for text in dict.fromkeys(texts):  # a text read twice teaches nothing new
            found = list(_WORD.finditer(text))
            for n, match in enumerate(found):
                word = match.group(0)
                if word[:1].islower():
                    lower.add(word)
                    continue
                if word in names:
                    continue  # the context tests below are the costly part: skip a known name
                start = match.start()
                starts = start == 0 or _SENTENCE_START.search(text[max(0, start - 4):start])
                following = found[n + 1].group(0) if n + 1 < len(found) and not _STOP_MARK.search(
                    text, match.end(), found[n + 1].start()) else ""
                # "Mexico has" marks a name; "National Assembly" only a longer one.
                if not starts and not following[:1].isupper():
                    names.add(word)
        self.lower = frozenset(lower)
        self.names = frozenset(names)

    def decapitalize(self, text: str) -> str:
        """Lower-case a sentence's first word when it is capitalized only for being first."""
        found = list(_WORD.finditer(text))
        if not found:
            return text
        word = found[0].group(0)
        if not word[:1].isupper() or word.isupper() and len(word) > 1:
            return text
        if len(found) > 1 and found[1].group(0)[:1].isupper() and word.lower() not in _STOP_EN \
                and word.lower() not in _SENTENCE_ADVERBS:
            return text  # "National Assembly ..." is a name; "In Europe ..." is not
        if _DATE.match(text):
            return text  # "May 2015 ...": a month, not the modal
        if (word.lower() in _STOP_EN or word.lower() in _SENTENCE_ADVERBS) and word != "I":
            # "Most tables ..." after "noted that": a function word is never a name, even if
            # the forum once capitalized it mid-sentence (a heading, a quoted title).
            return word[:1].lower() + text[1:]
        if word.lower() in self.lower or word not in self.names:
            return word[:1].lower() + text[1:]
        return text


def join_names(names: list[str], separator: str, last: str) -> str:
    """"A, B and C" (UN style: no comma before "and"); Chinese passes "、" and "和"."""
    if len(names) <= 1:
        return "".join(names)
    return separator.join(names[:-1]) + last + names[-1]


def strip_end(text: str) -> str:
    return text.rstrip().rstrip(".;:,。；：，!?！？").rstrip()


def inline(text: str) -> str:
    """Markdown inline markup to plain text."""
    # Each pattern needs a character most sentences lack: test for it first (large forums).
    if "[" in text:
        text = _LINK.sub(lambda m: m.group(1), text)
    for _ in range(2):
        if "*" in text or "_" in text or "`" in text:
            text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)
    text = text.replace("\\", "")
    return " ".join(text.split())  # what re.sub(r"\s+", " ", text).strip() gives
