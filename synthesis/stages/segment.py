"""Stage 2: a post's Markdown becomes plain sentences; forum chatter is dropped on the way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from synthesis.languages.registry import rules
from synthesis.stages import attribution, chatter, clean, discourse, tidy
from synthesis.stages.person import speaks_of_self
from synthesis.text import CJK, capitalize_first, inline, words, wordset
from synthesis.types import Sentence, SourcePost

_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
GENERAL_MIN_WORDS = 10  # shorter remarks in a national paragraph are part of its story
_LABEL = re.compile(r"^(?:\*\*|__)[^*_]{1,40}(?:\*\*|__)\s*[-–—:.]\s+(?=\S)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_ABBREVIATIONS = wordset("""
mr ms mrs dr prof st no nos e.g i.e etc vs cf inc ltd co art para paras rev vol fig approx
dept govt jr sr
""")
_EN_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ONE_LETTER = re.compile(r"[a-z]")
_ZH_END = re.compile(r"[。！？；!?]+[”」』）)]*")
# A report states: a clause cut at "；" stands as a sentence, and nobody exclaims.
_ZH_STOP = re.compile(r"[；;！!]+(?=[”」』）)]*$)")


def blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """("para", [text]) and ("list", [items]) blocks of a post's Markdown."""
    # Block quotes, code and headings are left out: their words are not this author's report.
    out: list[tuple[str, list[str]]] = []
    para: list[str] = []
    items: list[str] = []
    in_code = False

    def flush() -> None:
        if para:
            out.append(("para", [inline(" ".join(para))]))
            para.clear()
        if items:
            out.append(("list", [inline(i) for i in items]))
            items.clear()

    for line in (markdown or "").replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            flush()
            in_code = not in_code
            continue
        stripped = line.strip()
        if in_code or stripped.startswith(">") or stripped.startswith("#") or _RULE.match(line):
            flush()
            continue
        if not stripped:
            flush()
            continue
        item = _LIST_ITEM.match(line)
        if item and para and not items and stripped[:1] in "-–" and item.group(1)[:1].islower() \
                and not para[-1].endswith((".", ":", ";", "!", "?")):
            para.append(stripped)  # "the broader public\n- consumers, NGOs - is ...": a dash
            continue
        if item:
            if para:
                out.append(("para", [inline(" ".join(para))]))
                para.clear()
            items.append(_LABEL.sub("", item.group(1)))  # "**Selection** - members ..."
        elif items and (line[:1].isspace() or stripped[:1].islower()
                        or not re.search(r"[.;:!?,)\]]$", items[-1])):
            # Indented, or a lazy continuation of a wrapped item ("- Switch to the new
            # table model, allowing" + "tables as an alternative").
            items[-1] += " " + stripped
        else:
            if items:
                flush()
            para.append(stripped)
    flush()
    return [b for b in out if any(b[1])]


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences (English stops, Chinese 。！？；), never inside quotes."""
    language = rules(lang)
    if not language.staged:
        return language.split_sentences(text)
    ends = _ZH_END if language.ideographic or CJK.search(text) else _EN_END
    pieces, start = [], 0
    for match in ends.finditer(text):
        stop = match.end()
        before = text[start:match.start()]
        if ends is _EN_END and match.group(0).startswith("."):
            tail = before.rsplit(None, 1)
            last_word = tail[-1].lower() if tail else ""
            if last_word.rstrip(".") in _ABBREVIATIONS or _ONE_LETTER.fullmatch(last_word):
                continue
        chunk = text[start:stop]
        if chunk.count('"') % 2 or chunk.count("“") > chunk.count("”"):
            continue
        if ends is _ZH_END and match.group(0)[0] == "；" and re.search("[：:]", chunk):
            continue  # "困难包括：资金不足；人员不足。": one enumeration, one sentence
        pieces.append(chunk.strip())
        start = stop
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _merge_lists(parts: list[tuple[str, list[str]]], lang: str) -> list[list[str]]:
    """Each block as its sentences; a list of fragments joins the sentence that announces it."""
    merged: list[list[str]] = []
    for kind, texts in parts:
        if kind == "para":
            merged.append(split_sentences(texts[0], lang))
            continue
        fragments = all(not re.match(r"[A-Z]", i) or not i.rstrip().endswith((".", "。"))
                        for i in texts)
        lead = merged[-1] if merged and merged[-1] and merged[-1][-1].endswith((":", "：")) \
            else None
        if lead is not None and fragments:
            joiner = "；" if CJK.search(texts[0]) else "; "
            body = joiner.join(i.rstrip(" ;；.。,，") for i in texts)
            end = "。" if CJK.search(body) else "" if body.endswith(("?", "!")) else "."
            announcer = lead.pop()
            if len(announcer.split()) <= 3 and lead:
                announcer = lead.pop().rstrip(".") + ", " + announcer[:1].lower() + announcer[1:]
            lead.append(f"{announcer} {body}{end}".replace("： ", "："))
        else:
            merged.append([s for i in texts for s in split_sentences(i, lang)])
    return merged


def _cleaned(post: SourcePost, lang: str, names: tuple[str, ...],
             seen: clean.Seen | None) -> list[list[tuple[str, str]]]:
    """Each block's sentences as (as written, cleaned) pairs: quoted mail, signatures,
    citations, URLs and fillers out (`clean.py`); a sentence an earlier message said is that
    message's, not this one's."""
    out: list[list[tuple[str, str]]] = []
    written: list[str] = []
    own = clean.first_names([post.author_name])  # "Ann Lee, from ...": a self-introduction
    for sentences in _merge_lists(blocks(clean.body(post.body, names, lang)), lang):
        pairs = []
        for raw in sentences:
            if seen is not None and seen.repeated(raw):
                continue
            written.append(raw)
            text = tidy.sentence(raw, names, own)
            if text is not None:
                pairs.append((raw, text))
        out.append(pairs)
    if seen is not None:
        seen.add(written)
    return out


def segment_post(post: SourcePost, lang: str, mode: str = attribution.COUNTRY, *,
                 names: tuple[str, ...] = (), seen: clean.Seen | None = None) -> list[Sentence]:
    """The sentences of one post that carry substance, in order (`mode`: who is credited;
    `names`: what participants call each other; `seen`: what earlier posts said)."""
    out: list[Sentence] = []
    speaker = attribution.speaker(post, mode)
    # A country's general remarks join the anonymous observations; an organization and a
    # person keep everything they said (`national` then only tells, for a person credited by
    # name or role, their own story from a general remark the conclusions may take).
    country_voice = speaker.startswith("country:") or mode != attribution.COUNTRY
    whole = not speaker.startswith("country:")
    national = False
    for block_index, sentences in enumerate(_cleaned(post, lang, names, seen)):
        kept = [(raw, t) for raw, t in ((raw, chatter.substance(text, lang, post.author_name))
                                        for raw, text in sentences) if t is not None]
        texts = [t for _, t in kept]
        if not texts:
            continue
        # A paragraph that speaks of the speaker's country is national as a whole: its other
        # sentences ("The draft covers ...") continue the same national story; so does what
        # "we found" (the finding stays the country's once "we found that" is trimmed).
        # A paragraph opening with "The second challenge ..." goes on with the one before.
        national = country_voice and (
            any(speaks_of_self(t, lang, post.country) for t in texts)
            or any(discourse.own_experience(raw) or discourse.narrative(t) for raw, t in kept)
            or bool(national and texts and discourse.continues(texts[0], lang)))
        for raw, text in kept:
            # Inside a national paragraph, a general truth told in the present ("Vague
            # commitments do not attract money.") is the speaker's observation, not the
            # country's story: it joins the general remarks.
            mine = national and (speaks_of_self(text, lang, post.country)
                                 or discourse.own_experience(raw) or discourse.continues(text, lang)
                                 or discourse.anaphoric(text) or discourse.particular(text)
                                 or not discourse.self_contained(text)
                                 or len(words(text)) < GENERAL_MIN_WORDS)
            # In `country` mode a person with neither country nor organization speaks, like
            # a body, only for themselves: none of it is a general remark for the conclusions.
            mine = mine or not country_voice and speaker.startswith("person:")
            if rules(lang).ideographic and CJK.search(text):
                text = _ZH_STOP.sub("。", text)
            out.append(Sentence(
                post_id=post.id, post_number=post.number, index=len(out), block=block_index,
                text=capitalize_first(text), lang=lang, country=post.country,
                affiliation=post.affiliation, organization=post.organization,
                topic_key=post.topic_key, tags=tuple(post.tags), national=mine,
                speaker=speaker, attributed=whole, author_name=post.author_name.strip(),
                moderator=post.moderator))
    return out


def source_posts(posts: Iterable[SourcePost], *, moderator_names: Sequence[str] = (),
                 include_moderators: bool = False) -> list[SourcePost]:
    """Replies only (moderators' replies too when asked), in a fixed order."""
    names = set(moderator_names)
    kept = [p for p in posts if p.kind == "reply" and (
        include_moderators or not (p.moderator or p.author_name in names))]
    return sorted(kept, key=lambda p: (p.number is None, p.number or 0, p.created_at, p.id))


def segment(posts: Sequence[SourcePost], lang: str,
            mode: str = attribution.COUNTRY) -> list[Sentence]:
    """All source sentences of the forum, in post order."""
    names = clean.first_names(p.author_name for p in posts)
    seen = clean.Seen()
    return [s for post in posts for s in segment_post(post, lang, mode, names=names, seen=seen)]
