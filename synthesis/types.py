"""The digest's data: what `collect` fills, what the pure stages pass on, what renderers read.

Every type is a small frozen dataclass holding tuples (never lists or dicts), so values
compare by content and no stage can change another's input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# ---------------------------------------------------------------- inputs (filled by collect)


@dataclass(frozen=True)
class SourcePost:
    """One approved post as the digest sees it (only kind == "reply" is a source)."""

    id: int
    number: int | None
    author_key: str
    author_name: str
    author_title: str
    organization: str
    country: str | None  # ISO 3166 alpha-2, "EU", or None
    affiliation: str  # "party" | "other_government" | "organization"
    topic_key: str | None
    tags: tuple[str, ...]
    kind: str
    body: str  # Markdown
    created_at: datetime  # naive UTC
    moderator: bool = False  # a moderator's post steers the talk; it is not a source by default


@dataclass(frozen=True)
class Figures:
    """Participation counted as CONTRACTS.md says (approved posts of every kind)."""

    messages: int = 0
    participants: int = 0
    party_participants: int = 0
    parties: int = 0
    other_government_participants: int = 0
    other_governments: int = 0
    organization_participants: int = 0


@dataclass(frozen=True)
class ForumInfo:
    """The forum being reported on."""

    slug: str
    title: str
    language: str
    opens_at: datetime
    closes_at: datetime  # exclusive; extensions already applied
    moderators: tuple[tuple[str, str | None], ...] = ()  # (display name, country code)
    figures: Figures = Figures()
    public_url: str = ""  # where the postings can be read (a footnote)
    topics: tuple[tuple[str, str], ...] = ()  # (key, title) in forum order
    reconstruction_note: str = ""


# ---------------------------------------------------------------- settings (per forum)


@dataclass(frozen=True)
class Header:
    """The header block of the meeting document."""

    body: str = ""
    meeting: str = ""
    place_and_dates: str = ""
    agenda_item: str = ""
    symbol: str = ""
    date: date | None = None
    title: str = ""


@dataclass(frozen=True)
class SubsectionSpec:
    key: str
    letter: str
    title: str
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    numeral: str  # "" means: the next numeral in the report's language
    title: str
    kind: str = "content"  # "content" | "conclusions" | "free"
    topics: tuple[str, ...] = ()
    subsections: tuple[SubsectionSpec, ...] = ()
    tags: tuple[str, ...] = ()  # conclusions: posts carrying these feed the section
    description: str = ""  # conclusions: words that help pick between tags
    free_text: str = ""  # Markdown printed as the section's first paragraphs


@dataclass(frozen=True)
class DigestSettings:
    """How a forum's report is built; `from_dict` reads the per-forum JSON."""

    header: Header = Header()
    mandate: str = ""
    word_budget: int | None = None
    outline: tuple[SectionSpec, ...] = ()
    default_outline: bool = True  # one section per topic (in topic order), then the outline's
    min_cluster_countries: int = 3
    max_items: int = 10  # longest lettered list of observations
    max_conclusions: int = 7  # conclusions without tags: this many across all topics
    max_sentences: int = 6  # most sentences one country or organization keeps in one place
    include_moderators: bool = False
    name_organizations: bool = True
    # "country" | "name" | "role"; None: chosen from the authors (`attribution.resolve`)
    attribution: str | None = None
    # The web side places its participation charts after the report (an Annex); the engine
    # only carries the choice, it draws nothing.
    annex_charts: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DigestSettings:
        """Validate a plain dict (errors name the field) and fill the defaults."""
        from synthesis.settings import parse_settings

        return parse_settings(data)


# ---------------------------------------------------------------- between the stages


@dataclass(frozen=True)
class Sentence:
    """One sentence of one post, after segmentation (words as the participant wrote them)."""

    post_id: int
    post_number: int | None
    index: int  # order inside the post
    block: int  # Markdown paragraph inside the post
    text: str
    lang: str
    country: str | None
    affiliation: str
    organization: str
    topic_key: str | None
    tags: tuple[str, ...]
    national: bool  # speaks of the speaker's own country (first person or its name)
    # Who is credited: "country:XX", "org:<name>" or "person:<author key>" ("" in tests that
    # build sentences by hand: `select.group_of` falls back to country and organization).
    speaker: str = ""
    attributed: bool = False  # every sentence goes to the speaker's paragraph, none to "general"
    author_name: str = ""
    moderator: bool = False

    @property
    def order(self) -> tuple[int, int, int]:
        """Ties break by post number, then post id, then sentence order."""
        return (self.post_number if self.post_number is not None else 1 << 40,
                self.post_id, self.index)


@dataclass(frozen=True)
class Placed:
    """A sentence with the outline place it feeds."""

    sentence: Sentence
    section: str
    subsection: str | None


@dataclass(frozen=True)
class Ranked:
    """A selected sentence with its centrality (1.0 is its group's mean)."""

    placed: Placed
    score: float
    # (section, subsection or "", "country:XX" | "general" | "org:..." | "person:...")
    group: tuple[str, ...]


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Line:
    """One sentence of the report with the posts its words came from."""

    text: str
    sources: tuple[int, ...] = ()  # post ids, ascending
    # "content" (from posts) | "frame" (the Secretariat's wording) | "edited" (the Secretariat
    # rewrote a paragraph: its sources are the posts the paragraph had when edited)
    kind: str = "content"
    notes: tuple[str, ...] = ()  # footnote texts referenced at the end of the sentence
    note_numbers: tuple[int, ...] = ()  # filled by `number`


@dataclass(frozen=True)
class Item:
    """A lettered entry (a), (b) ... inside a paragraph."""

    lines: tuple[Line, ...]
    letter: str = ""


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]
    items: tuple[Item, ...] = ()
    number: int = 0  # filled by `number`; 0 before
    tail: tuple[Line, ...] = ()  # sentences printed after the lettered items
    # Set by `overrides` on the Secretariat's draft: the paragraph's stable key, whether the
    # Secretariat rewrote it, and whether its sources changed since (renderers ignore these).
    key: str = ""
    edited: bool = False
    changed: bool = False


@dataclass(frozen=True)
class Subsection:
    key: str
    letter: str
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Section:
    key: str
    numeral: str
    title: str
    kind: str
    paragraphs: tuple[Paragraph, ...]
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True)
class ReportHeader:
    """The header block as printed (dates already in the report's language)."""

    body: str = ""
    meeting: str = ""
    place_and_dates: str = ""
    agenda_item: str = ""
    symbol: str = ""
    date: str = ""


@dataclass(frozen=True)
class Figure:
    """One picture of an annex: an SVG document and the data it shows as a table, so that a
    reader who cannot see the picture (or a format that cannot show it) has the figures."""

    key: str  # a name for anchors and image parts: letters, digits, "-"
    title: str
    description: str
    svg: str  # a whole SVG document, drawn by the caller (the engine does not draw); "": none
    width: int  # the picture's size in CSS pixels
    height: int
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Annex:
    """Pictures printed after the report, under their own heading (every format)."""

    title: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Report:
    """The synthesis report: what every renderer (Markdown, HTML, DOCX, PDF) prints."""

    language: str
    header: ReportHeader
    title: str
    note_by: str
    draft: bool
    draft_label: str
    reconstruction_note: str
    intro_heading: str
    introduction: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...] = ()
    post_numbers: tuple[tuple[int, int | None], ...] = field(default=())  # (id, public number)
    sources_label: str = "Sources"
    sentence_joiner: str = " "  # between sentences of a paragraph ("" in Chinese)
    # The forum's language, which the documents are marked with (lang, direction, fonts):
    # `language` is the rules' and is "en" when the digest falls back to English rules for
    # a language it has none for; the posts quoted are still in the forum's. "" = language.
    document_language: str = ""
    annex: Annex | None = None  # pictures placed after the report (docs/digest.md, "Annex")
