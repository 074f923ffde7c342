"""The structure of a general discussion (a mailing-list thread, a panel, a set of arguments):
what was asked, the main points with their support (agreements counted, disagreements beside
the point they dispute), open questions, then how the exchange went (or, when nobody came
back, the other points raised).

The UN note's outline (`compose.compose_sections`) stays for treaty forums and for any forum
whose settings give an outline; a forum with no outline whose authors are credited by name or
by role gets this one (`structure`). Paragraphs stay numbered and every sentence keeps its
sources: the questions are the participants' own words, quoted and credited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from synthesis.languages import strings
from synthesis.stages.attribution import COUNTRY, ROLE
from synthesis.stages.cluster import Cluster
from synthesis.stages.compose import compose_sections, place_parts
from synthesis.stages.people import person_paragraph
from synthesis.stages.plan import Plan, Quote, Unit, quote_unit
from synthesis.stages.segment import blocks, split_sentences
from synthesis.stages.speech import quoted
from synthesis.text import capitalize_first, count_words, strip_end
from synthesis.types import (
    DigestSettings,
    ForumInfo,
    Item,
    Line,
    Paragraph,
    Ranked,
    Section,
    SectionSpec,
    SourcePost,
)

NOTE, DISCUSSION = "note", "discussion"
PLACE = "discussion"  # the one place of the outline every sentence is assigned to
MAX_OPENING_QUESTIONS = 2  # what the first message asked
MAX_OPEN_QUESTIONS = 3  # asked after the last answer
QUESTION_WORDS = (4, 60)  # shorter is a tag ("Any ideas?"), longer is rarely one question
FALLBACK_POSTS = 3  # a discussion nothing else can be said of: the first sentence of these
# Up to this many messages, a discussion reads as an exchange even when each person wrote
# once (a short thread); beyond, contributions of people who each wrote once are a set of
# independent points (arguments, a consultation), told most central first.
EXCHANGE_MAX = 30


def structure(settings: DigestSettings, mode: str) -> str:
    """The note's outline when the settings give one or the forum is a treaty forum."""
    return DISCUSSION if settings.default_outline and mode != COUNTRY else NOTE


def outline(forum: ForumInfo) -> tuple[SectionSpec, ...]:
    return (SectionSpec(key=PLACE, numeral="I", title="",
                        topics=tuple(key for key, _ in forum.topics)),)


def _label(post: SourcePost, mode: str, lang: str) -> str:
    if post.moderator:
        return capitalize_first(strings.t(lang, "the_moderator"))
    if mode == ROLE or not post.author_name.strip():
        return strings.t(lang, "one_participant")
    return post.author_name.strip()


def _sentences(post: SourcePost, lang: str) -> list[str]:
    out = []
    for _, texts in blocks(post.body):
        for text in texts:
            out.extend(s.strip() for s in split_sentences(text, lang) if s.strip())
    return out


def _question(text: str, lang: str) -> bool:
    low, high = QUESTION_WORDS
    return text.endswith(("?", "？")) and low <= count_words(text, lang) <= high \
        and "@" not in text and "://" not in text


def quotes(posts: Sequence[SourcePost], lang: str, mode: str) -> tuple[Quote, ...]:
    """The first message's questions, the questions nobody answered after, and the first
    sentences to fall back on; posts as `segment.source_posts` orders them."""
    if not posts:
        return ()
    found: list[tuple[SourcePost, str, str]] = []
    first = posts[0]
    opening = [s for s in _sentences(first, lang) if _question(s, lang)][:MAX_OPENING_QUESTIONS]
    if opening:  # one quotation: "Ann asked: “Q1 Q2”", not her name twice
        found.append((first, strings.t(lang, "sentence_joiner").join(opening), "opening"))
    # A question is open when no one else wrote after it.
    last_other = max((i for i, p in enumerate(posts) if p.author_key != posts[-1].author_key),
                     default=-1)
    later = [(p, s) for p in posts[max(last_other + 1, 1):] for s in _sentences(p, lang)
             if _question(s, lang)]
    found += [(p, s, "open") for p, s in later[-MAX_OPEN_QUESTIONS:]]
    # A question in the middle of the thread is a move of the exchange ("B asked whether
    # ..., A answered ..."): the first one of each message, told with that message.
    still = {id(p) for p, _ in later[-MAX_OPEN_QUESTIONS:]}
    for post in posts[1:]:
        if id(post) in still:
            continue
        asked = [s for s in _sentences(post, lang) if _question(s, lang)]
        if asked:
            found.append((post, asked[0], "asked"))
    for post in posts[:FALLBACK_POSTS]:
        plain = [s for s in _sentences(post, lang)
                 if count_words(s, lang) >= 3 and not _question(s, lang)]
        if plain:
            found.append((post, plain[0], "wrote"))
    return tuple(Quote(p.id, n, _label(p, mode, lang), text, role,
                       p.number if p.number is not None else 1 << 40)
                 for n, (p, text, role) in enumerate(found))


def _quote_line(q: Quote, lang: str) -> Line:
    key = "person_wrote" if q.role == "wrote" else "person_asked"
    return Line(strings.t(lang, key, name=q.name, quote=quoted(q.text)), (q.post_id,))


def _points(summaries: Sequence[Cluster], lang: str, role: bool) -> Paragraph | None:
    """"Participants made the following points, the most widely supported first: (a) <point>
    (5 participants); ..." — the lead-in is the frame, each point keeps its sources."""
    if not summaries:
        return None
    table = strings.table(lang)
    items = []
    for n, c in enumerate(summaries):
        if n == len(summaries) - 1:
            ending = table["item_final"]
        elif n == len(summaries) - 2:
            ending = table["item_last_joiner"]
        else:
            ending = table["item_end"]
        if c.contrast_text:  # the disagreement closes the item, after the point's own end
            against = strip_end(c.contrast_text)
            if role:  # "others considered, however, ...": inside the item, not a new sentence
                against = against[:1].lower() + against[1:]
            lines = (Line(strings.t(lang, "point", point=c.point, credit=c.credit)
                          + table["item_end"], c.sources),
                     Line(against + ending, c.contrast_sources))
        else:
            lines = (Line(strings.t(lang, "point", point=c.point, credit=c.credit) + ending,
                          c.sources),)
        items.append(Item(lines))
    return Paragraph((Line(strings.t(lang, "points_lead"), kind="frame"),), items=tuple(items))


def _exchange(groups: dict[str, list[Ranked]], plan: Plan,
              asked: Sequence[Quote]) -> list[tuple[str, list[Paragraph]]]:
    """One paragraph per message in posting order when people came back (an exchange); when
    each spoke once, the points in order of centrality. A thread (up to EXCHANGE_MAX
    messages, people named) is told briefly first, each message by its first point and its
    question, so the whole exchange comes before any message's details; the rest of each
    message follows under its own heading, in the same order."""
    by_post: dict[int, list[Ranked]] = defaultdict(list)
    for members in groups.values():
        for r in members:
            by_post[r.placed.sentence.post_id].append(r)
    questions = {q.post_id: q for q in asked}
    authors = [members[0].placed.sentence.speaker for members in by_post.values()]
    thread = (plan.messages or len(authors)) <= EXCHANGE_MAX
    exchange = len(set(authors)) < len(authors) or thread
    # Without names, "One participant ..." in every message could be anyone: each person's
    # messages stay one paragraph ("One participant ... The participant ..."), in the order
    # people first spoke.
    parts = list(groups.values()) if plan.attribution == ROLE else list(by_post.values())
    runs = sorted(parts, key=lambda rs: min(r.placed.sentence.order for r in rs))
    if not exchange:
        runs.sort(key=lambda rs: (-max(r.score for r in rs),
                                  min(r.placed.sentence.order for r in rs)))
    brief = thread and exchange and plan.attribution != ROLE
    paragraphs = []
    details: list[tuple[tuple, Paragraph]] = []
    told: set[int] = set()
    spoke: set[str] = set()  # who wrote the messages told so far
    for rs in runs:
        posts = sorted({r.placed.sentence.post_id for r in rs})
        # In a thread told message by message, a message after someone else's answers it
        # (a follow-up to one's own message is no reply); not in a long meeting, where a
        # member's turn is often a statement of their own.
        speaker = rs[0].placed.sentence.speaker
        reply = thread and plan.attribution != ROLE and bool(spoke - {speaker})
        spoke.add(speaker)
        ordered = sorted(rs, key=lambda r: r.placed.sentence.order)
        printed: set[tuple[int, int]] = set()
        paragraph = person_paragraph(ordered, plan, reply=reply, most=1 if brief else None,
                                     printed=printed)
        if brief and printed:
            last = max(printed)  # what the brief skipped before its sentence stays skipped
            rest = [r for r in ordered
                    if (r.placed.sentence.post_id, r.placed.sentence.index) > last]
            more = person_paragraph(rest, plan, fallback=False) if rest else None
            if more:
                details.append((min(r.placed.sentence.order for r in rest), more))
        lines = [_quote_line(questions[p], plan.lang) for p in posts if p in questions]
        told.update(posts)
        if paragraph or lines:
            paragraphs.append((min(r.placed.sentence.order for r in rs),
                               Paragraph((*(paragraph.lines if paragraph else ()), *lines))))
    # A message whose only move was its question.
    for q in asked:
        if q.post_id not in told:
            paragraphs.append(((q.number, q.post_id, -1),
                               Paragraph((_quote_line(q, plan.lang),))))
    if exchange:
        paragraphs.sort(key=lambda x: x[0])
    details.sort(key=lambda x: x[0])
    return [("discussion_exchange" if exchange else "discussion_other",
             [p for _, p in paragraphs]), ("discussion_details", [p for _, p in details])]


def sections(plan: Plan, keep: frozenset[Unit] | None = None) -> tuple[Section, ...]:
    """The report's sections in the discussion structure (unnumbered paragraphs)."""
    lang = plan.lang
    summaries, groups = place_parts(PLACE, "", "content", plan, keep)
    kept = [q for q in plan.quotes if keep is None or quote_unit(q) in keep]
    parts: list[tuple[str, list[Paragraph]]] = []
    asked = [_quote_line(q, lang) for q in kept if q.role == "opening"]
    parts.append(("discussion_asked", [Paragraph(tuple(asked))] if asked else []))
    # Agreements are the shared statements, with their count; a disagreement is told beside
    # the point it disputes ("... considered, however, that ..."), so the most supported
    # point still comes first.
    points = _points(summaries, lang, plan.attribution == ROLE)
    parts.append(("discussion_points", [points] if points else []))
    still = [_quote_line(q, lang) for q in kept if q.role == "open"]
    parts.append(("discussion_open", [Paragraph(tuple(still))] if still else []))
    parts += _exchange(groups, plan, [q for q in kept if q.role == "asked"])
    if not any(paragraphs for _, paragraphs in parts):
        # Nothing survived the cleaning: what the first messages said, as they said it.
        wrote = [Paragraph((_quote_line(q, lang),)) for q in kept if q.role == "wrote"]
        parts.append(("discussion_exchange", wrote))
    out = []
    for key, paragraphs in parts:
        if paragraphs:
            out.append(Section(key, strings.sequence(lang, "numerals", len(out)),
                               strings.t(lang, key), "content", tuple(paragraphs)))
    return tuple(out)


def report_sections(plan: Plan, keep: frozenset[Unit] | None = None) -> tuple[Section, ...]:
    """The sections in the plan's structure: the note's outline or the discussion's."""
    return sections(plan, keep) if plan.structure == DISCUSSION else compose_sections(plan, keep)
