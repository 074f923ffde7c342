"""What composing works from (the plan), and the one way a sentence is turned to the report's
voice; shared by `compose` and the country paragraphs (`country`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from synthesis.stages.cluster import Cluster
from synthesis.stages.person import Persona, rewrite
from synthesis.stages.verbs import advice
from synthesis.text import Lexicon
from synthesis.types import DigestSettings, Ranked, SectionSpec

Unit = tuple  # ("s", post_id, index) for a sentence, ("c", section, subsection, n) for a summary,
# ("q", post_id, n) for a quotation (`discussion`)


@dataclass(frozen=True)
class Quote:
    """A participant's words printed as they are, credited: a question ("opening": asked in the
    first message; "open": asked after the last answer; "asked": in between) or, when nothing
    else can be said, the first sentence of a message ("wrote")."""

    post_id: int
    order: int  # position among the quotes, in posting order
    name: str  # how the participant is called ("Ann Smith", "One participant")
    text: str
    role: str  # "opening" | "open" | "asked" (in the middle of the thread) | "wrote"
    number: int = 1 << 40  # the post's public number: where it comes in the exchange


@dataclass(frozen=True)
class Plan:
    """Everything the body of the report is built from; `compose_sections` prints a subset."""

    lang: str
    settings: DigestSettings
    outline: tuple[SectionSpec, ...]
    ranked: tuple[Ranked, ...]
    clusters: tuple[Cluster, ...]
    lexicon: Lexicon
    attribution: str = "country"  # who is credited: "country", "name" or "role"
    structure: str = "note"  # "note": the UN note's outline; "discussion": `discussion.py`
    quotes: tuple[Quote, ...] = ()  # questions and fallbacks, for the discussion structure
    messages: int = 0  # replies the digest read (0: unknown, count what was kept)


def sentence_unit(r: Ranked) -> Unit:
    return ("s", r.placed.sentence.post_id, r.placed.sentence.index)


def cluster_unit(c: Cluster, n: int) -> Unit:
    return ("c", c.section, c.subsection, n)


def quote_unit(q: Quote) -> Unit:
    return ("q", q.post_id, q.order)


@lru_cache(maxsize=65536)
def turn(text: str, persona: Persona, lang: str, code: str | None) -> str | None:
    """The sentence in the third person for `persona`, advice in the report's voice."""
    turned = rewrite(text, persona, lang, code)
    return None if turned is None else advice(turned)
