"""The Secretariat's changes to a draft, applied to regenerated reports (plain data)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from synthesis import build_report, render_html, render_markdown
from synthesis.overrides import (
    INTRO,
    Override,
    apply_overrides,
    basis_of,
    cited,
    keyed,
    numbers_of,
    parse_edit,
    places,
    resolve,
    to_markdown,
)
from synthesis.serial import by_public_number, report_from_dict, report_to_dict
from synthesis.types import (
    DigestSettings,
    Item,
    Line,
    Paragraph,
    Report,
    ReportHeader,
    Section,
    Subsection,
)

from .factories import make_forum, make_post


def para(*sources: int, text: str = "") -> Paragraph:
    """A paragraph of one content line per source (or one frame line without sources)."""
    if not sources:
        return Paragraph((Line(text or "The Secretariat's words.", kind="frame"),))
    return Paragraph(tuple(Line(text or f"Country {s} said something.", (s,)) for s in sources))


def report(first: list[Paragraph], sub: list[Paragraph] = (), *, posts=range(1, 10)) -> Report:
    intro = (Paragraph((Line("The forum was held online.", kind="frame",
                             notes=("See the postings.",)),)),
             para(text="The note is organised as follows."))
    sections = (Section("experiences", "I", "Experiences", "content", tuple(first),
                        (Subsection("status", "A", "Status", tuple(sub)),)),)
    return keyed(Report(
        language="en", header=ReportHeader(), title="Synthesis", note_by="Note by the Secretary",
        draft=True, draft_label="DRAFT", reconstruction_note="", intro_heading="Introduction",
        introduction=intro, sections=sections,
        post_numbers=tuple((i, 6000 + i) for i in posts)))


def keys(r: Report, place: str = "experiences") -> list[str]:
    return [p.key for name, ps in places(r) if name == place for p in ps]


def body(r: Report, place: str = "experiences") -> list[tuple[str, ...]]:
    return [tuple(x.text for x in p.lines) for name, ps in places(r) if name == place
            for p in ps]


def numbers(r: Report) -> list[int]:
    return [p.number for _, ps in places(r) for p in ps]


# keys -----------------------------------------------------------------------------------------

def test_keys_name_the_place_and_the_public_numbers_of_the_sources():
    r = report([para(1, 2), para(3), para(1, 2, text="Participants noted that ...")])
    first, second, third = keys(r)
    assert first.startswith("experiences/s") and second.startswith("experiences/s")
    assert third == first + "~2"  # the same posts feed two paragraphs of one place
    assert keys(r, INTRO) == [f"{INTRO}/f0", f"{INTRO}/f1"]
    assert keys(keyed(r)) == keys(r)
    # The key is made of public numbers, so it is the same in another database.
    elsewhere = report([para(11, 12), para(13), para(11, 12, text="Participants noted that ...")],
                       posts=())
    elsewhere = keyed(replace(elsewhere, post_numbers=((11, 6001), (12, 6002), (13, 6003))))
    assert keys(elsewhere) == keys(r)


# edits ----------------------------------------------------------------------------------------

def _edit(r: Report, index: int, text: str, place: str = "experiences") -> Override:
    p = [p for name, ps in places(r) if name == place for p in ps][index]
    return Override(p.key, cited(p, numbers_of(r)), text=text)


def test_an_edit_survives_regeneration_and_is_renumbered():
    r = report([para(1, 2), para(3)])
    edit = _edit(r, 0, "Two countries *agreed*.")
    draft = resolve(report([para(1, 2), para(3)]), [edit])
    edited = draft.report.sections[0].paragraphs[0]
    assert edited.edited and not edited.changed and edited.key == edit.key
    assert [(x.text, x.kind, x.sources) for x in edited.lines] == [
        ("Two countries agreed.", "edited", (1, 2))]
    assert numbers(draft.report) == [1, 2, 3, 4]
    assert "3. Two countries agreed." in render_markdown(draft.report)
    assert not draft.unsafe and not draft.orphans


def test_an_edited_paragraph_whose_source_is_hidden_is_flagged_and_unsafe():
    edit = _edit(report([para(1, 2), para(3)]), 0, "Both said it.")
    hidden = report([para(1), para(3)], posts=[1, 3])  # post 2 is no longer approved
    draft = resolve(hidden, [edit])
    edited = draft.report.sections[0].paragraphs[0]
    assert edited.edited and edited.changed and edited.lines[0].sources == (1,)
    assert draft.unsafe == (edit.key,)


def test_a_new_source_flags_the_edit_but_does_not_block_it():
    edit = _edit(report([para(1, 2), para(3)]), 0, "Both said it.")
    draft = resolve(report([para(1, 2, 4), para(3)]), [edit])
    edited = draft.report.sections[0].paragraphs[0]
    assert edited.changed and edited.lines[0].text == "Both said it." and not draft.unsafe


def test_an_edit_whose_sources_all_vanished_is_an_orphan_and_not_printed():
    edit = _edit(report([para(1, 2), para(3)]), 0, "Both said it.")
    draft = resolve(report([para(3)], posts=[3]), [edit])
    assert draft.orphans == (edit,)
    assert "Both said it." not in render_markdown(draft.report)


def test_an_edit_follows_the_paragraph_sharing_most_sources():
    edit = _edit(report([para(1, 2, 3), para(4)]), 0, "Three said it.")
    draft = resolve(report([para(1, 5), para(2, 3, 4)]), [edit])
    assert body(draft.report) == [("Country 1 said something.", "Country 5 said something."),
                                  ("Three said it.",)]


def test_a_frame_paragraph_edit_is_flagged_when_the_generated_text_changes():
    r = report([para(1)])
    p = r.introduction[0]
    edit = Override(p.key, (), basis_of(p), text="The forum was held online in 2014.")
    same = resolve(report([para(1)]), [edit]).report.introduction[0]
    assert same.edited and not same.changed
    changed = report([para(1)])
    changed = replace(changed, introduction=(
        Paragraph((Line("The forum was held online for longer.", kind="frame"),)),
        changed.introduction[1]))
    assert resolve(changed, [edit]).report.introduction[0].changed


# deletions and order -------------------------------------------------------------------------

def test_a_deleted_paragraph_stays_deleted_and_new_material_is_added():
    r = report([para(1), para(2), para(3)])
    gone = Override(keys(r)[1], (6002,), deleted=True)
    draft = resolve(report([para(1), para(2), para(3), para(4)]), [gone])
    assert body(draft.report) == [("Country 1 said something.",), ("Country 3 said something.",),
                                  ("Country 4 said something.",)]
    assert [d.key for d in draft.deleted] == [gone.key] and not draft.deleted[0].changed
    assert numbers(draft.report) == [1, 2, 3, 4, 5]
    # Its country wrote again: still deleted, flagged in the list of deleted paragraphs.
    again = resolve(report([para(1), para(2, 5), para(3)]), [gone])
    assert len(body(again.report)) == 2 and again.deleted[0].changed


def test_reordering_holds_and_new_paragraphs_keep_their_place():
    r = report([para(1), para(2), para(3)])
    a, b, c = keys(r)
    order = [Override(c, (6003,), position=0), Override(a, (6001,), position=1),
             Override(b, (6002,), position=2)]
    assert body(apply_overrides(r, order)) == [("Country 3 said something.",),
                                               ("Country 1 said something.",),
                                               ("Country 2 said something.",)]
    grown = report([para(1), para(4), para(2), para(3)])
    assert body(apply_overrides(grown, order))[1] == ("Country 4 said something.",)
    assert [t[0] for t in body(apply_overrides(grown, order))] == [
        "Country 3 said something.", "Country 4 said something.", "Country 1 said something.",
        "Country 2 said something."]


def test_footnotes_are_renumbered_after_a_deletion():
    r = report([Paragraph((Line("A.", (1,), notes=("first",)),)),
                Paragraph((Line("B.", (2,), notes=("second",)),))])
    intro = r.introduction[0].key
    out = apply_overrides(r, [Override(intro, (), deleted=True),
                              Override(keys(r)[0], (6001,), deleted=True)])
    assert [(f.number, f.text) for f in out.footnotes] == [(1, "second")]
    assert out.sections[0].paragraphs[0].lines[0].note_numbers == (1,)


def test_no_overrides_print_exactly_the_generated_report():
    posts = [make_post(1, "KE", "Kenya has integrated biosafety into its NBSAP."),
             make_post(2, "UG", "In Uganda we trained customs officers on biosafety.",
                       tags=("capacity",)),
             make_post(3, None, "Public awareness is essential.", organization="An NGO")]
    generated = build_report(make_forum(), posts, DigestSettings.from_dict({}))
    draft = resolve(generated, [])
    assert render_markdown(draft.report) == render_markdown(generated)
    assert render_html(draft.report) == render_html(generated)


# the edit's Markdown --------------------------------------------------------------------------

def test_markdown_lists_become_items_and_inline_notes_footnotes():
    p = parse_edit("Participants noted that:^[As reported.]\n\n- one thing; and\n- another.",
                   (7,), "en")
    assert [x.text for x in p.lines] == ["Participants noted that:"]
    assert p.lines[0].notes == ("As reported.",) and p.lines[0].sources == (7,)
    assert [i.lines[0].text for i in p.items] == ["one thing; and", "another."]
    r = report([para(1)])
    out = apply_overrides(r, [Override(keys(r)[0], (6001,), text=to_markdown(p))])
    printed = render_markdown(out)
    assert "(a) one thing; and" in printed and "(b) another." in printed


@pytest.mark.parametrize("text", ["", "   ", "# A heading only", "One.\n\nTwo."])
def test_markdown_that_is_not_one_paragraph_is_refused(text):
    with pytest.raises(ValueError):
        parse_edit(text, (), "en")


def test_to_markdown_gives_back_the_same_paragraph():
    p = Paragraph((Line("Lead:", (1,), notes=("note",)),),
                  (Item((Line("first; and", (2,)),), "a"), Item((Line("second.", (3,)),), "b")),
                  tail=(Line("Closing words.", kind="frame"),))
    again = parse_edit(to_markdown(p), (), "en")
    assert [x.text for x in again.lines] == ["Lead:"] and again.lines[0].notes == ("note",)
    assert [i.lines[0].text for i in again.items] == ["first; and", "second."]
    assert [x.text for x in again.tail] == ["Closing words."]


# portable reports -----------------------------------------------------------------------------

def test_reports_travel_as_json_and_by_public_number():
    r = apply_overrides(report([para(1, 2)]), [])
    assert report_from_dict(report_to_dict(r)) == r
    public = by_public_number(r)
    assert public.sections[0].paragraphs[0].lines[1].sources == (6002,)
    assert dict(public.post_numbers)[6002] == 6002
