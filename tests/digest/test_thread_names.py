"""A mailing-list thread told as one (issue 10, e-mail threads): people named as a reader
calls them, whatever form their mail program gave the name, and replies told as replies.
Made-up threads only."""

from __future__ import annotations

import pytest

from synthesis import build_report
from synthesis.stages.number import all_lines
from synthesis.stages.people import display_name
from synthesis.types import DigestSettings

from .discussions import forum, post


@pytest.mark.parametrize(("given", "shown"), [
    ("Novak, Mia", "Mia Novak"),                       # surname first, as mail programs do
    ("PATEL,RAJ (Acme-Lyon,ex2)", "Raj Patel"),        # shouted, with the sender's office
    ("Okafor, Dara J", "Dara J Okafor"),
    ("Lund-Berg, Ola", "Ola Lund-Berg"),
    ("mia.novak@example.org", "Mia Novak"),            # an address that spells a name
    ("Kees.van.Dijk@example.net", "Kees van Dijk"),
    ("Raj_Patel@example.com", "Raj Patel"),
])
def test_a_name_is_shown_first_name_first(given, shown):
    assert display_name(given) == shown


@pytest.mark.parametrize("given", [
    "Mia Novak",                  # already in reading order
    "Jane Doe (Lib.)",            # a label in brackets stays
    "webmaster@example.org",      # an address that spells no name
    "mn.x@example.org",           # parts too short to be a name
    "Participant 12",
    "Doe, Jr., John",             # more than one comma: not understood, left alone
])
def test_anything_else_stays_as_written(given):
    assert display_name(given) == given


def _thread():
    posts = [post(1, "Novak, Mia", "The nightly export stopped on Monday after the upgrade."),
             post(2, "raj.patel@example.org", "The upgrade moved the export to a new disk "
                  "quota that is half the size."),
             post(3, "Novak, Mia", "The hosting team restored the old quota this morning.")]
    return forum("Nightly export", posts), posts


def test_a_thread_names_people_first_name_first_and_tells_replies_as_replies():
    info, posts = _thread()
    r = build_report(info, posts, DigestSettings.from_dict({}))
    texts = [x.text for x in all_lines(r) if x.kind == "content"]
    assert texts[0].startswith("Mia Novak noted that the nightly export stopped")
    assert texts[1].startswith("Raj Patel replied that the upgrade moved")
    assert texts[2].startswith("Mia Novak replied that the hosting team")  # she answers too
    assert not any("Novak, Mia" in t or "@" in t for t in texts)
    assert [x.sources for x in all_lines(r) if x.kind == "content"] == [(1,), (2,), (3,)]


def test_a_reply_whose_grammar_is_not_understood_is_quoted_as_a_reply():
    posts = [post(1, "Mia Novak", "The nightly export stopped on Monday after the upgrade."),
             post(2, "Raj Patel", "We moved the export to a smaller disk last week.")]
    r = build_report(forum("Nightly export", posts), posts, DigestSettings.from_dict({}))
    texts = [x.text for x in all_lines(r) if x.kind == "content"]
    assert texts[1] == "Raj Patel replied: “We moved the export to a smaller disk last week.”"


def test_role_mode_names_nobody_and_says_no_reply():
    info, posts = _thread()
    r = build_report(info, posts, DigestSettings.from_dict({"attribution": "role"}))
    texts = [x.text for x in all_lines(r) if x.kind == "content"]
    assert not any("Novak" in t or "Patel" in t or "replied" in t for t in texts)


def test_a_treaty_forum_keeps_names_as_given():
    # Country mode (the seed's) is not touched: its labels are countries and organizations.
    info, posts = _thread()
    r = build_report(info, posts, DigestSettings.from_dict({"attribution": "country"}))
    assert "replied" not in " ".join(x.text for x in all_lines(r))


def test_a_long_meeting_tells_turns_without_calling_them_replies():
    from synthesis.stages.discussion import EXCHANGE_MAX

    things = ["bus lanes", "school meals", "park lighting", "library hours", "bridge repairs",
              "street trees", "swimming pools", "night buses", "bike racks", "fire stations",
              "water pipes", "town archives", "tram stops", "market halls", "sports fields",
              "youth clubs", "care homes"]
    needs = ["more money", "new staff", "longer hours"]
    posts = [post(n + 1, ["Mia Novak", "Raj Patel"][n % 2],
                  f"The {things[n % len(things)]} of the north district need {needs[n % 3]}.")
             for n in range(EXCHANGE_MAX + 4)]
    r = build_report(forum("Budget hearing", posts), posts, DigestSettings.from_dict({}))
    told = " ".join(x.text for x in all_lines(r) if x.kind == "content")
    assert told.count("noted that") >= 5 and "replied" not in told
    # Nor told briefly first: a meeting's turns stay whole, in their order.
    assert "More on each message" not in [s.title for s in r.sections]


def test_a_thread_is_told_briefly_first_then_the_rest_of_each_message():
    posts = [post(1, "Mia Novak", "The nightly export stopped on Monday after the upgrade. "
                  "The log shows a full disk on the build host."),
             post(2, "Raj Patel", "The upgrade moved the export to a new disk quota. "
                  "The new quota is half the size of the old one. Did anyone ask the hosting "
                  "team about it?"),
             post(3, "Mia Novak", "The hosting team restored the old quota this morning. "
                  "The export ran again at noon.")]
    r = build_report(forum("Nightly export", posts), posts, DigestSettings.from_dict({}))
    titles = [s.title for s in r.sections]
    assert titles[-2:] == ["How the exchange went", "More on each message"]
    brief = [[x.text for x in p.lines] for p in r.sections[-2].paragraphs]
    # One point per message, in posting order; a message's question stays with it.
    assert [len(p) for p in brief] == [1, 2, 1]
    assert brief[0][0].startswith("Mia Novak noted that the nightly export stopped")
    assert brief[1] == ["Raj Patel replied that the upgrade moved the export to a new disk "
                        "quota.", "Raj Patel asked: “Did anyone ask the hosting team about it?”"]
    more = [" ".join(x.text for x in p.lines) for p in r.sections[-1].paragraphs]
    assert more[:2] == ["Mia Novak noted that the log shows a full disk on the build host.",
                        "Raj Patel noted that the new quota is half the size of the old one."]
    # Nothing is lost and every line keeps its message.
    lines = [x for x in all_lines(r) if x.kind == "content"]
    assert all(len(x.sources) == 1 for x in lines)
    assert sorted({x.sources[0] for x in lines}) == [1, 2, 3]



def test_a_follow_up_to_ones_own_message_is_no_reply():
    posts = [post(1, "Mia Novak", "The nightly export stopped on Monday after the upgrade."),
             post(2, "Mia Novak", "The export also skipped the archive folder last week."),
             post(3, "Raj Patel", "The upgrade moved the export to a smaller disk quota.")]
    r = build_report(forum("Nightly export", posts), posts, DigestSettings.from_dict({}))
    texts = [x.text for x in all_lines(r) if x.kind == "content"]
    assert texts[1].startswith("Mia Novak noted that the export also skipped")
    assert texts[2].startswith("Raj Patel replied that the upgrade moved")
