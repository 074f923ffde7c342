"""The note's bar on a note-shaped report (issue 10 §7), on made-up forums: a country's
challenges told beside its status go to the challenges subsection, a tight budget keeps every
country in the subsection it spoke to, and no paragraph opens on a sentence whose antecedent
was dropped. The last test checks the seed's golden digest against the countries the note
names in its subsections."""

from __future__ import annotations

import re
from pathlib import Path

from synthesis import build_report
from synthesis.languages.registry import language_for
from synthesis.settings import resolve_outline
from synthesis.stages.assign import assign
from synthesis.stages.segment import segment
from synthesis.types import DigestSettings, Report
from tests.unit.digest.factories import make_forum, make_post

OUTLINE = {
    "outline": [
        {"key": "exp", "title": "Experiences", "topics": ["t1"], "subsections": [
            {"key": "status", "title": "Status of the water plans", "tags": ["status"],
             "description": "plan strategy adopted included revision"},
            {"key": "challenges", "title": "Main challenges", "tags": ["challenges"],
             "description": "obstacle barrier challenge lack coordination funding"}]},
        {"key": "money", "title": "Resources", "topics": ["t2"], "tags": ["money"]},
    ],
    "conclusions": False,
}
TOPICS = (("t1", "Water plans"), ("t2", "Paying for water monitoring"))


def _subsection_text(report: Report, key: str) -> str:
    return " ".join(line.text for section in report.sections for sub in section.subsections
                    if sub.key == key for p in sub.paragraphs for line in p.lines)


def _section_paragraphs(report: Report, key: str) -> list[str]:
    return [" ".join(line.text for line in p.lines) for section in report.sections
            if section.key == key for p in section.paragraphs]


# ------------------------------------------------------- a challenge told beside the status


def test_a_paragraph_about_challenges_takes_its_sentences_to_the_challenges_subsection():
    # Kenya's post carries both tags. Its second paragraph is about obstacles; one of its
    # sentences ("Each agency keeps its own records ...") shares no word with either
    # subsection's description, so its paragraph decides.
    posts = [make_post(1, "KE", (
        "Our water strategy was adopted in 2012 and the revision now under way keeps the "
        "chapter on monitoring.\n\n"
        "Our main obstacle is weak coordination among our agencies. Each agency keeps its own "
        "records and rarely shares them with the others."), tags=("status", "challenges"))]
    settings = DigestSettings.from_dict(OUTLINE)
    placed = {p.sentence.text: p.subsection
              for p in assign(segment(posts, "en"), resolve_outline(settings, make_forum(
                  topics=TOPICS)), "en")}
    assert placed["Each agency keeps its own records and rarely shares them with the "
                  "others."] == "challenges"
    assert placed["Our main obstacle is weak coordination among our agencies."] == "challenges"
    assert placed["Our water strategy was adopted in 2012 and the revision now under way keeps "
                  "the chapter on monitoring."] == "status"
    report = build_report(make_forum(topics=TOPICS), posts, settings)
    assert "Kenya" in _subsection_text(report, "challenges")
    assert "Kenya" in _subsection_text(report, "status")


def test_a_sentence_with_its_own_evidence_keeps_it_against_its_paragraph():
    posts = [make_post(1, "UG", (
        "The lack of funding is our first obstacle. Our strategy was adopted and included in "
        "the revision."), tags=("status", "challenges"))]
    settings = DigestSettings.from_dict(OUTLINE)
    placed = {p.sentence.text: p.subsection
              for p in assign(segment(posts, "en"), resolve_outline(settings, make_forum(
                  topics=TOPICS)), "en")}
    assert placed["Our strategy was adopted and included in the revision."] == "status"


# ------------------------------------------------- a tight budget keeps every country named


def _many_voices() -> list:
    kenya = (
        "Our water plan has a monitoring chapter that names every river basin in the country. "
        "We trained forty inspectors in 2013 and another thirty in 2014 for that chapter. "
        "The inspectors now visit each basin twice a year and file their reports online. "
        "We publish a yearly summary of the reports for the ministries and the public.")
    ghana = (
        "Coastal lagoons are where our pollution problem is worst, after heavy rains. "
        "Fishing communities told the district assemblies about dead fish in 2015. "
        "The district assemblies asked the university to sample the lagoons every month. "
        "The samples showed heavy metals near three mining towns.")
    return [make_post(1, "KE", kenya, tags=("challenges",)),
            make_post(2, "GH", ghana, tags=("challenges",)),
            make_post(3, "PE", "Our laboratories lack staff to test the water samples on time.",
                      tags=("challenges",))]


def test_a_tight_budget_cuts_second_sentences_before_a_country_s_only_one():
    posts = _many_voices()
    settings = DigestSettings.from_dict({**OUTLINE, "word_budget": 60})
    challenges = _subsection_text(build_report(make_forum(topics=TOPICS), posts, settings),
                                  "challenges")
    for name in ("Kenya", "Ghana", "Peru"):
        assert name in challenges, challenges


# ------------------------------------------------------ no opener on a dropped antecedent


def test_an_inner_then_does_not_open_a_paragraph_and_a_linking_also_is_dropped():
    # The question that "then" leans on is dropped by segmentation; "also" links to nothing
    # once the paragraph opens on its sentence.
    posts = [make_post(1, "KE", (
        "What happens when the monitoring budget runs out? Field inspections are then done "
        "only when a donor project pays for them. The water agency also needs a law that "
        "gives monitoring a line in the national budget."), topic="t2", tags=("money",))]
    report = build_report(make_forum(topics=TOPICS), posts, DigestSettings.from_dict(OUTLINE))
    paragraphs = _section_paragraphs(report, "money")
    assert paragraphs, paragraphs
    assert not any(re.search(r"\bthen\b", p.split(". ")[0]) for p in paragraphs), paragraphs
    assert "also needs" not in paragraphs[0] and "needs a law" in paragraphs[0], paragraphs


def test_a_sentence_kept_after_its_antecedent_keeps_its_then():
    posts = [make_post(1, "KE", (
        "The monitoring budget of the water agency runs out every October. Field inspections "
        "are then done only when a donor project pays for them."), topic="t2",
        tags=("money",))]
    report = build_report(make_forum(topics=TOPICS), posts, DigestSettings.from_dict(OUTLINE))
    text = " ".join(_section_paragraphs(report, "money"))
    assert "runs out every October" in text and "are then done" in text, text


def test_the_language_interface_says_what_can_open_a_paragraph():
    english = language_for("en")
    assert english.opening("Inspections are then done only when a project pays.") is None
    assert english.opening("If the law passes, then the budget follows.") == (
        "If the law passes, then the budget follows.")
    assert english.opening("But the agency also keeps a register.") == (
        "The agency keeps a register.")
    assert english.opening("The agency, however, keeps a register.") == (
        "The agency keeps a register.")
    assert english.opening("The agency therefore keeps a register.") == (
        "The agency keeps a register.")
    assert english.opening("Instead of a register, the agency keeps a list.") == (
        "Instead of a register, the agency keeps a list.")
    for pointer in ("It works both ways.", "These desks need staff.",
                    "The register is one example of this.", "Agencies link the two at home.",
                    "If agencies allow such tests, the results improve.",
                    "In concrete terms it provides for joint inspections.",
                    "Moreover, this helps."):
        assert english.opening(pointer) is None, pointer
    # Chinese through the same hook: a connective at the head goes, a pointer cannot open.
    chinese = language_for("zh")
    assert chinese.opening("然而，该机构保存登记册。") == "该机构保存登记册。"
    assert chinese.opening("这很重要。") is None
    # A language module without rules of its own opens on any sentence (the base default).
    from synthesis.languages.base import Language
    assert Language.opening(english, "It works.") == "It works."


# ------------------------------------------------ the seed's digest against the note's bar

GOLDEN = Path(__file__).parent / "golden" / "cbforum2014.md"
# Every country the Secretariat's note (seed/reference/note-en.md) names in these parts.
NOTE_COUNTRIES = {
    ("I", "A"): ["Belarus", "Cambodia", "Cameroon", "Guyana", "India", "Liberia", "Malaysia",
                 "Mauritius", "Mexico", "Nigeria", "Republic of Moldova", "Saint Lucia",
                 "South Africa", "Uganda", "United Kingdom", "Zimbabwe"],
    ("I", "B"): ["Cambodia", "Malaysia", "Mexico", "Nigeria", "Pakistan", "South Africa"],
    ("I", "D"): ["Cameroon", "India", "Liberia", "Malaysia", "Mexico", "Nigeria",
                 "Saint Lucia", "United Kingdom"],
    ("II", ""): ["India", "Malaysia", "Mexico"],
}


def _parts(markdown: str) -> dict[tuple[str, str], str]:
    parts: dict[tuple[str, str], str] = {}
    place = None
    for line in markdown.splitlines():
        heading = re.match(r"^(#{2,3}) ([IVX]+|[A-Z])\. ", line)
        if heading and heading.group(1) == "##":
            numeral = heading.group(2)
            place = (numeral, "")
        elif heading:
            place = (numeral, heading.group(2))
        elif place:
            parts[place] = parts.get(place, "") + line + "\n"
            if place[1]:
                parts[(place[0], "")] = parts.get((place[0], ""), "") + line + "\n"
    return parts


def test_the_seed_digest_names_every_country_the_note_names_in_each_subsection():
    parts = _parts(GOLDEN.read_text(encoding="utf-8"))
    missing = {place: [name for name in names if not re.search(rf"\b{name}\b",
                                                              parts.get(place, ""))]
               for place, names in NOTE_COUNTRIES.items()}
    assert not any(missing.values()), missing


def test_a_tight_budget_keeps_the_statement_several_countries_share():
    # Three countries say one thing in their own words (the grouping's "A number of
    # countries, including ..."); two more tell long stories. At 50 words the statement
    # outlives the stories: it speaks for three voices at once.
    shared = [
        ("GH", "We have put water monitoring into our national budget law."),
        ("PE", "We have put water monitoring into the national budget law as well."),
        ("VN", "We have put water monitoring into our budget law this year."),
    ]
    posts = [make_post(n + 1, code, text, topic="t2", tags=("money",))
             for n, (code, text) in enumerate(shared)]
    posts += [make_post(p.id + 10, p.country, p.body, topic="t2", tags=("money",))
              for p in _many_voices()[:2]]
    settings = DigestSettings.from_dict({**OUTLINE, "word_budget": 50})
    report = build_report(make_forum(topics=TOPICS), posts, settings)
    text = " ".join(_section_paragraphs(report, "money"))
    assert re.search(r"Ghana, Peru and Viet Nam, have put water monitoring", text), text
