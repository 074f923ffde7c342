"""The introduction (mandate, how the forum ran, outline of the note) and free-text sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from synthesis.countries import country_name
from synthesis.languages import strings
from synthesis.languages.registry import rules
from synthesis.stages.segment import blocks, split_sentences
from synthesis.text import Lexicon, capitalize_first, join_names
from synthesis.types import ForumInfo, Item, Line, Paragraph, SectionSpec

_NOTE = re.compile(r"\^\[([^\]]+)\]")  # an inline footnote, as Pandoc writes it: text^[note]
_NOTE_AFTER_STOP = re.compile(r"([.。!?！？]*)\^\[([^\]]+)\]")


def _lines(text: str, lang: str) -> tuple[Line, ...]:
    # A note's own full stop ("^[UNEP/CBD/BS/COP-MOP/6/17。]") must not end the sentence
    # that calls it, nor may a note written after the stop ("审查。^[...]") open the next one:
    # notes are set aside, before the stop, while the text is split.
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        kept.append(match.group(2).strip())
        return f"\x00{len(kept) - 1}\x00{match.group(1)}"

    lines = []
    for sentence in split_sentences(_NOTE_AFTER_STOP.sub(hide, text), lang):
        notes = tuple(kept[int(n)] for n in re.findall(r"\x00(\d+)\x00", sentence))
        lines.append(Line(re.sub(r"\x00\d+\x00", "", sentence).strip(), kind="frame",
                          notes=notes))
    return tuple(lines)


def free_paragraphs(markdown: str, lang: str = "en") -> list[Paragraph]:
    """Secretariat-written Markdown (mandate, free sections): paragraphs, lists as (a), (b)."""
    paragraphs: list[Paragraph] = []
    for kind, texts in blocks(markdown or ""):
        if kind == "list" and paragraphs:
            last = paragraphs.pop()
            items = last.items + tuple(Item(_lines(t, lang)) for t in texts)
            paragraphs.append(Paragraph(last.lines, items=items))
        elif kind == "list":
            paragraphs.extend(Paragraph(_lines(t, lang)) for t in texts)
        else:
            paragraphs.append(Paragraph(_lines(texts[0], lang)))
    return [p for p in paragraphs if p.lines or p.items]


def last_day(forum: ForumInfo) -> date:
    """The date of the last instant inside [opens_at, closes_at)."""
    end = (forum.closes_at - timedelta(microseconds=1)).date()
    return max(end, forum.opens_at.date())


def forum_title(forum: ForumInfo) -> str:
    # "Online Forum ... - 2014": the year repeats the dates the sentence gives anyway.
    return re.sub(r"\s*[-–—]\s*\d{4}\s*$", "", forum.title.strip())


def _held(forum: ForumInfo) -> str:
    lang = forum.language
    dates = strings.date_range(forum.opens_at.date(), last_day(forum), lang)
    title = forum_title(forum)
    article = rules(lang).title_article
    if article and title.lower().startswith(article):
        title = title[len(article):]
    table = strings.table(lang)
    names = []
    for name, code in forum.moderators:
        names.append(strings.t(lang, "moderator", name=name, country=country_name(code, lang))
                     if code else name)
    moderators = join_names(names, table["names_separator"], table["names_last"])
    key = "held_moderated" if names else "held"
    return strings.t(lang, key, forum=title, dates=dates, moderators=moderators)


def _total(forum: ForumInfo) -> str:
    lang = forum.language
    f = forum.figures
    parts = []
    if f.party_participants:
        # The noun's form for its count (with the count itself where the language's form
        # carries it: Arabic's dual and its forms for 3-10 and 11+).
        parties = strings.plural(lang, "party", f.parties)
        parts.append(strings.t(lang, "from_parties", n=f.party_participants, k=f.parties,
                               parties=parties))
    if f.other_government_participants:
        parts.append(strings.t(lang, "from_other_governments", n=f.other_government_participants,
                               k=f.other_governments,
                               governments=strings.plural(lang, "government",
                                                          f.other_governments)))
    if f.organization_participants:
        parts.append(strings.t(lang, "from_organizations", n=f.organization_participants))
    table = strings.table(lang)
    joined = join_names(parts, table["names_separator"], table["names_last"])
    return strings.t(lang, "total_parts" if joined else "total",
                     participants=strings.plural(lang, "participants", f.participants),
                     parts=joined, messages=strings.plural(lang, "messages", f.messages))


def _outline(outline: Sequence[SectionSpec], lang: str, lexicon: Lexicon) -> str:
    table = strings.table(lang)
    pieces = []
    for spec in outline:
        key = {"free": "outline_free", "conclusions": "outline_conclusions"}.get(
            spec.kind, "outline_content")
        title = lexicon.decapitalize(spec.title) if rules(lang).lowercase_titles else spec.title
        pieces.append(strings.t(lang, key, numeral=spec.numeral, title=title))
    if len(pieces) == 1:
        joined = pieces[0]
    else:
        joined = table["outline_joiner"].join(pieces[:-1]) + table["outline_last"] + pieces[-1]
    return strings.t(lang, "outline_sentence", first=capitalize_first(joined))


def introduction(forum: ForumInfo, mandate: str, outline: Sequence[SectionSpec],
                 lexicon: Lexicon) -> tuple[Paragraph, ...]:
    """Mandate, then how the forum ran (dates, moderators, figures, address), then the outline."""
    lang = forum.language
    paragraphs = free_paragraphs(mandate, lang)
    lines = [Line(_held(forum), kind="frame")]
    if forum.figures.participants:
        notes = (strings.t(lang, "postings_at", url=forum.public_url),) if forum.public_url \
            else ()
        lines.append(Line(_total(forum), kind="frame", notes=notes))
    elif forum.public_url:
        lines[0] = Line(lines[0].text, kind="frame",
                        notes=(strings.t(lang, "postings_at", url=forum.public_url),))
    paragraphs.append(Paragraph(tuple(lines)))
    if outline:
        paragraphs.append(Paragraph((Line(_outline(outline, lang, lexicon), kind="frame"),)))
    return tuple(paragraphs)


def discussion_introduction(forum: ForumInfo, mandate: str) -> tuple[Paragraph, ...]:
    """A general discussion's introduction: the mandate if any, when it ran and who took part;
    no moderators' countries and no outline of sections (the headings say it)."""
    lang = forum.language
    paragraphs = free_paragraphs(mandate, lang)
    dates = strings.date_range(forum.opens_at.date(), last_day(forum), lang)
    lines = [Line(strings.t(lang, "discussion_held", forum=forum_title(forum), dates=dates),
                  kind="frame")]
    notes = (strings.t(lang, "postings_at", url=forum.public_url),) if forum.public_url else ()
    f = forum.figures
    if f.participants:
        lines.append(Line(strings.t(lang, "total",
                                    participants=strings.plural(lang, "participants",
                                                                f.participants),
                                    messages=strings.plural(lang, "messages", f.messages)),
                          kind="frame", notes=notes))
    elif notes:
        lines[0] = Line(lines[0].text, kind="frame", notes=notes)
    paragraphs.append(Paragraph(tuple(lines)))
    return tuple(paragraphs)
