"""The Secretariat's changes to a draft, applied again to every regeneration (pure).

A paragraph is known by a key that survives regeneration: its place in the outline
(`@intro`, a section key, or `section.subsection`), then `/s` and a hash of the public numbers
of its source posts, or, for a paragraph with no sources (mandate, figures, free text), `/f`
and its rank among such paragraphs of its place; a second paragraph with the same key in a
place gets `~2`. Sources alone would not do: the introduction has none, and the same post can
feed a country paragraph and the general observations of one place. Keys and the sources an
override records are public numbers, not database ids, so both survive an archive's import;
the report itself keeps citing ids (`Report.post_numbers` maps them).

A regenerated paragraph with the same key is the same paragraph. When its sources change, so
does its key: the override then goes to the paragraph of the same place sharing most of the
sources it recorded (ties: fewest other sources, then reading order), and an edited or
deleted paragraph is flagged `changed`. An edit that finds no paragraph is an orphan: kept and
shown to the Secretariat, never printed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from synthesis.languages import strings
from synthesis.stages.intro import free_paragraphs
from synthesis.types import Footnote, Item, Line, Paragraph, Report

INTRO = "@intro"


@dataclass(frozen=True)
class Override:
    """What the Secretariat changed in one paragraph, with its sources at that moment."""

    key: str
    sources: tuple[int, ...] = ()  # public numbers
    basis: str = ""  # fingerprint of the generated text (flags changes where no sources)
    text: str | None = None  # Markdown replacing the paragraph; None: not edited
    deleted: bool = False
    position: int | None = None  # rank among the ordered paragraphs of its place


@dataclass(frozen=True)
class Deleted:
    key: str
    paragraph: Paragraph  # as regenerated now
    changed: bool


@dataclass(frozen=True)
class Draft:
    """A regenerated report with the Secretariat's changes, and what did not fit in it."""

    report: Report
    deleted: tuple[Deleted, ...] = ()
    orphans: tuple[Override, ...] = ()  # edits whose paragraph is no longer generated
    unsafe: tuple[str, ...] = ()  # keys of edited paragraphs citing posts no longer public
    generated: Mapping[str, Paragraph] = field(default_factory=dict)  # key -> as generated


def sources_of(p: Paragraph) -> tuple[int, ...]:
    every = (*p.lines, *(x for item in p.items for x in item.lines), *p.tail)
    return tuple(sorted({s for x in every for s in x.sources}))


def numbers_of(report: Report) -> dict[int, int]:
    """Post id -> public number."""
    return {i: n for i, n in report.post_numbers if n is not None}


def cited(p: Paragraph, numbers: Mapping[int, int]) -> tuple[int, ...]:
    """The public numbers of a paragraph's sources (an id without a number stands for itself)."""
    return tuple(sorted({numbers.get(s, s) for s in sources_of(p)}))


def basis_of(p: Paragraph) -> str:
    every = (*p.lines, *(x for item in p.items for x in item.lines), *p.tail)
    return _hash("\n".join(x.text for x in every))


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def place_of(key: str) -> str:
    return key.rsplit("/", 1)[0]


def places(report: Report) -> list[tuple[str, tuple[Paragraph, ...]]]:
    """Each place of the outline with its paragraphs, in reading order."""
    out = [(INTRO, report.introduction)]
    for section in report.sections:
        out.append((section.key, section.paragraphs))
        out.extend((f"{section.key}.{sub.key}", sub.paragraphs) for sub in section.subsections)
    return out


def _map_places(report: Report,
                fn: Callable[[str, tuple[Paragraph, ...]], tuple[Paragraph, ...]]) -> Report:
    intro = fn(INTRO, report.introduction)  # first: `fn` may count in reading order
    sections = tuple(
        replace(s, paragraphs=fn(s.key, s.paragraphs),
                subsections=tuple(replace(sub, paragraphs=fn(f"{s.key}.{sub.key}",
                                                             sub.paragraphs))
                                  for sub in s.subsections))
        for s in report.sections)
    return replace(report, introduction=intro, sections=sections)


def keyed(report: Report) -> Report:
    """The report with every paragraph's stable key set."""
    numbers = numbers_of(report)

    def with_keys(place: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        seen: Counter[str] = Counter()
        frames = 0
        out = []
        for p in paragraphs:
            src = cited(p, numbers)
            if src:
                base = f"{place}/s{_hash(','.join(map(str, src)))}"
            else:
                base, frames = f"{place}/f{frames}", frames + 1
            seen[base] += 1
            out.append(replace(p, key=base if seen[base] == 1 else f"{base}~{seen[base]}"))
        return tuple(out)

    return _map_places(report, with_keys)


def _match(overrides: list[Override], report: Report) -> dict[str, str]:
    """Override key -> the key of the generated paragraph it applies to."""
    numbers = numbers_of(report)
    slots = [(place, p) for place, ps in places(report) for p in ps]
    keys = {p.key for _, p in slots}
    found = {o.key: o.key for o in overrides if o.key in keys}
    taken = set(found.values())
    candidates = []
    for o in overrides:
        if o.key in found or not o.sources:
            continue
        mine = set(o.sources)
        for index, (place, p) in enumerate(slots):
            if p.key in taken or place != place_of(o.key):
                continue
            theirs = set(cited(p, numbers))
            if mine & theirs:
                candidates.append((-len(mine & theirs), len(mine | theirs), index, o.key, p.key))
    for *_, okey, pkey in sorted(candidates):
        if okey not in found and pkey not in taken:
            found[okey] = pkey
            taken.add(pkey)
    return found


def _changed(o: Override, p: Paragraph, numbers: Mapping[int, int]) -> bool:
    src = cited(p, numbers)
    if o.sources or src:
        return tuple(sorted(set(o.sources))) != src
    return bool(o.basis) and o.basis != basis_of(p)


def parse_edit(markdown: str, sources: tuple[int, ...], lang: str) -> Paragraph:
    """The Secretariat's Markdown as one paragraph; ValueError says what is wrong."""
    found = free_paragraphs(markdown, lang)
    if not found:
        raise ValueError("Write the paragraph's text (headings, quotes and code are not "
                         "printed).")
    first, rest = found[0], found[1:]
    if len(rest) > 1 or (rest and (not first.items or rest[0].items)):
        raise ValueError("Write one paragraph: a list after it becomes its items (a), (b), "
                         "..., and one more paragraph after the list its closing words.")

    def mark(lines: tuple[Line, ...]) -> tuple[Line, ...]:
        return tuple(replace(x, kind="edited", sources=sources) for x in lines)

    return Paragraph(mark(first.lines), tuple(Item(mark(i.lines)) for i in first.items),
                     tail=mark(rest[0].lines) if rest else (), edited=True)


def to_markdown(p: Paragraph, joiner: str = " ") -> str:
    """A paragraph as the Markdown the edit form starts from (footnotes as ^[text])."""
    def text(lines: tuple[Line, ...]) -> str:
        return joiner.join(x.text + "".join(f"^[{n}]" for n in x.notes) for x in lines)

    parts = [text(p.lines)]
    if p.items:
        parts.append("\n".join(f"- {text(i.lines)}" for i in p.items))
    if p.tail:
        parts.append(text(p.tail))
    return "\n\n".join(x for x in parts if x)


def _edited(o: Override, sources: tuple[int, ...], lang: str) -> Paragraph:
    try:
        return parse_edit(o.text or "", sources, lang)
    except ValueError:  # saved under other rules (another language): print it as it is
        return Paragraph((Line(" ".join((o.text or "").split()), sources, "edited"),))


def _order(paragraphs: list[Paragraph], by_key: Mapping[str, Override]) -> tuple[Paragraph, ...]:
    # Ordered paragraphs trade places among the slots they occupy; new ones stay where
    # the generator put them.
    ranked = sorted((by_key[p.key].position, i) for i, p in enumerate(paragraphs)
                    if p.key in by_key and by_key[p.key].position is not None)
    out = list(paragraphs)
    for slot, (_, i) in zip(sorted(i for _, i in ranked), ranked, strict=True):
        out[slot] = paragraphs[i]
    return tuple(out)


def resolve(report: Report, overrides: Iterable[Override]) -> Draft:
    """Apply the overrides to a freshly generated report; see the module's docstring."""
    report = keyed(report)
    ordered = sorted(overrides, key=lambda o: o.key)
    by_key = {o.key: o for o in ordered}
    found = _match(ordered, report)
    owner = {pkey: by_key[okey] for okey, pkey in found.items()}
    numbers = numbers_of(report)
    ids = {n: i for i, n in numbers.items()}
    public = set(numbers.values()) | {s for _, ps in places(report) for p in ps
                                      for s in cited(p, numbers)}
    deleted: list[Deleted] = []
    unsafe: list[str] = []
    generated: dict[str, Paragraph] = {}

    def apply(place: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
        kept = []
        for p in paragraphs:
            o = owner.get(p.key)
            generated[o.key if o else p.key] = p
            if o is None:
                kept.append(p)
            elif o.deleted:
                deleted.append(Deleted(o.key, p, _changed(o, p, numbers)))
            elif o.text is not None:
                still = sorted(ids.get(n, n) for n in set(o.sources) if n in public)
                if len(still) < len(set(o.sources)):
                    unsafe.append(o.key)
                kept.append(replace(_edited(o, tuple(still), report.language), key=o.key,
                                    edited=True, changed=_changed(o, p, numbers)))
            else:
                kept.append(replace(p, key=o.key))
        return _order(kept, by_key)

    applied = renumber(_map_places(report, apply))
    orphans = tuple(o for o in ordered
                    if o.key not in found and o.text is not None and not o.deleted)
    return Draft(applied, tuple(deleted), orphans, tuple(unsafe), generated)


def apply_overrides(report: Report, overrides: Iterable[Override]) -> Report:
    """The report as the Secretariat has shaped it (edited, deleted, reordered, renumbered)."""
    return resolve(report, overrides).report


def renumber(report: Report) -> Report:
    """Paragraphs 1..N, items (a), (b), footnotes in order of first use (as `number` does,
    but keeping each paragraph's key and flags)."""
    notes: dict[str, int] = {}

    def line(x: Line) -> Line:
        return replace(x, note_numbers=tuple(notes.setdefault(t, len(notes) + 1)
                                             for t in x.notes))

    count = 0

    def paragraph(p: Paragraph) -> Paragraph:
        nonlocal count
        count += 1
        lines = tuple(line(x) for x in p.lines)
        items = tuple(Item(tuple(line(x) for x in item.lines),
                           strings.sequence(report.language, "item_letters", i))
                      for i, item in enumerate(p.items))
        return replace(p, lines=lines, items=items, number=count,
                       tail=tuple(line(x) for x in p.tail))

    out = _map_places(report, lambda _, ps: tuple(paragraph(p) for p in ps))
    return replace(out, footnotes=tuple(Footnote(n, t) for t, n in notes.items()))


def locate(report: Report, key: str) -> tuple[str, list[str], Paragraph] | None:
    """The place of the paragraph `key`, the keys of that place in order, the paragraph."""
    for place, paragraphs in places(report):
        for p in paragraphs:
            if p.key == key:
                return place, [x.key for x in paragraphs], p
    return None
