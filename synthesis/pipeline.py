"""The pure pipeline after `collect`: segment -> assign -> select -> compose -> number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from synthesis.languages.base import Language
from synthesis.languages.registry import language_for
from synthesis.settings import resolve_outline
from synthesis.stages import attribution, discussion
from synthesis.stages.agree import person_clusters
from synthesis.stages.assign import assign
from synthesis.stages.budget import fit_budget
from synthesis.stages.cluster import find_clusters
from synthesis.stages.discussion import DISCUSSION, quotes, report_sections, structure
from synthesis.stages.intro import discussion_introduction, forum_title, introduction
from synthesis.stages.number import number
from synthesis.stages.people import display_name
from synthesis.stages.plan import Plan
from synthesis.stages.rank import Idf
from synthesis.stages.segment import segment, source_posts
from synthesis.stages.select import drop_near_duplicates, select
from synthesis.text import Lexicon, terms
from synthesis.types import DigestSettings, ForumInfo, Report, ReportHeader, SourcePost


def _header(forum: ForumInfo, settings: DigestSettings) -> ReportHeader:
    h = settings.header
    return ReportHeader(body=h.body, meeting=h.meeting, place_and_dates=h.place_and_dates,
                        agenda_item=h.agenda_item, symbol=h.symbol,
                        date=language_for(forum.language).format_date(h.date) if h.date else "")


def in_rules_language(forum: ForumInfo) -> tuple[ForumInfo, Language]:
    """The forum as the rules for its language see it. A language the digest has no rules
    for is written with the fallback's (English) throughout, country names included, and
    the report says so before its introduction (in the note every format prints); so does
    a language whose country paragraphs keep the posts' words (Arabic, Russian)."""
    language = language_for(forum.language)
    statement = language.statement()  # a fallback, or paragraphs left in the posts' words
    if statement:
        note = " ".join(p for p in (forum.reconstruction_note.strip(), statement) if p)
        forum = replace(forum, language=language.code, reconstruction_note=note)
    return forum, language


def plan_report(forum: ForumInfo, posts: Sequence[SourcePost],
                settings: DigestSettings) -> Plan:
    """Everything up to the choice of sentences: the part of the work that does not print."""
    forum, _ = in_rules_language(forum)
    lang = forum.language
    outline = resolve_outline(settings, forum)
    sources = source_posts(posts, moderator_names=[name for name, _ in forum.moderators],
                           include_moderators=settings.include_moderators)
    mode = attribution.resolve(settings, sources)
    if mode == attribution.NAME:  # "Lee, Ann" and "ann.lee@example.org" are "Ann Lee"
        sources = [replace(p, author_name=display_name(p.author_name)) for p in sources]
    shape = structure(settings, mode)
    if shape == DISCUSSION:  # no outline and no treaty forum: a general discussion's structure
        outline = discussion.outline(forum)
    sentences = segment(sources, lang, mode)
    lexicon = Lexicon([p.body for p in sources] + [t for _, t in forum.topics])
    # Each sentence's content terms, worked out once for every stage that compares sentences.
    docs = {(s.post_id, s.index): terms(s.text, lang) for s in sentences}
    idf = Idf(list(docs.values()))
    placed = assign(sentences, outline, lang, docs)
    ranked = select(placed, outline, settings, idf, lang, docs)
    clusters = find_clusters(ranked, idf, lang, settings.min_cluster_countries, placed)
    if mode != attribution.COUNTRY:
        clusters += person_clusters(ranked, idf, lang, mode, settings.min_cluster_countries,
                                    lexicon, [forum.title] + [t for _, t in forum.topics])
    absorbed = frozenset((m.placed.sentence.post_id, m.placed.sentence.index)
                         for c in clusters for m in c.members)
    ranked = drop_near_duplicates(ranked, idf, lang, absorbed)
    said = quotes(sources, lang, mode) if shape == DISCUSSION else ()
    return Plan(lang, settings, outline, tuple(ranked), tuple(clusters), lexicon, mode, shape,
                said, len(sources))


def build_report(forum: ForumInfo, posts: Sequence[SourcePost], settings: DigestSettings, *,
                 draft: bool = True) -> Report:
    """The synthesis report of a forum's approved posts; same input, same report."""
    written_in = forum.language  # the documents are marked with it, whatever the rules
    forum, language = in_rules_language(forum)
    lang = forum.language
    plan = plan_report(forum, posts, settings)
    if plan.attribution == attribution.ROLE:
        forum = replace(forum, moderators=())  # no names at all: not even the moderators'
    keep = fit_budget(plan, settings.word_budget)
    sections = report_sections(plan, keep)
    note_by = language.wording("note_by")
    default_title = "default_title"
    if plan.structure == DISCUSSION:  # not a note by anyone: a summary of what was said
        intro = discussion_introduction(forum, settings.mandate)
        note_by, default_title = "", "discussion_title"
    else:  # the outline names only what is printed
        printed = {s.key for s in sections}
        intro = introduction(forum, settings.mandate,
                             [s for s in plan.outline if s.key in printed], plan.lexicon)
    title = settings.header.title or language.wording(default_title, forum=forum_title(forum))
    numbers = tuple(sorted((p.id, p.number) for p in posts))
    report = Report(
        language=lang, header=_header(forum, settings), title=title,
        note_by=note_by, draft=draft, draft_label=language.wording("draft"),
        reconstruction_note=forum.reconstruction_note.strip(),
        intro_heading=language.wording("introduction"), introduction=intro, sections=sections,
        post_numbers=numbers, sources_label=language.wording("sources"),
        sentence_joiner=language.wording("sentence_joiner"),
        document_language=(written_in or lang).split("-")[0].strip().lower() or lang)
    return number(report)
