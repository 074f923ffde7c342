from dataclasses import replace
from datetime import date, datetime

from synthesis import build_report, render_markdown
from synthesis.languages.strings import date_range
from synthesis.stages.cluster import english_predicate
from synthesis.stages.intro import last_day
from synthesis.text import Lexicon, count_words, join_names, stem
from synthesis.types import DigestSettings

from .factories import make_forum, make_post


def test_dates_read_as_in_un_documents():
    assert date_range(date(2014, 5, 26), date(2014, 6, 13), "en") == "from 26 May to 13 June 2014"
    assert date_range(date(2014, 6, 2), date(2014, 6, 13), "en") == "from 2 to 13 June 2014"
    assert date_range(date(2013, 12, 28), date(2014, 1, 10), "en") == \
        "from 28 December 2013 to 10 January 2014"
    assert date_range(date(2014, 6, 3), date(2014, 6, 3), "en") == "on 3 June 2014"
    assert date_range(date(2014, 5, 26), date(2014, 6, 13), "zh") == "2014年5月26日至6月13日"


def test_the_last_day_is_the_day_before_a_midnight_close():
    forum = make_forum()
    assert last_day(forum) == date(2014, 6, 13)
    noon = replace(forum, closes_at=datetime(2014, 6, 14, 12))
    assert last_day(noon) == date(2014, 6, 14)


def test_predicates_generalise_only_what_fits_every_country():
    assert english_predicate("They have integrated biosafety into their NBSAP, and more.",
                              "KE") == ("countries_have", "have integrated biosafety into their "
                                                          "NBSAP")
    assert english_predicate("Kenya put biosafety into its NBSAP too.", "KE") == (
        "countries_have", "have put biosafety into their NBSAP")
    assert english_predicate("They have biosafety in their plan as well.", "KE") == (
        "countries_reported", "they have biosafety in their plan")
    assert english_predicate("They adopted the Biosafety Act in 2007.", "KE") is None
    assert english_predicate("But the plan is weak.", "KE") is None


def test_two_countries_saying_the_same_thing_are_named_together():
    posts = [make_post(1, "KE", "We have published every biosafety decision online since the "
                                "law came into force."),
             make_post(2, "UG", "We have published every biosafety decision online since the "
                                "law came into force in our country.")]
    md = render_markdown(build_report(make_forum(), posts, DigestSettings.from_dict({})))
    assert "Kenya and Uganda have published every biosafety decision online." in md


def test_small_text_helpers():
    assert join_names(["A", "B", "C"], ", ", " and ") == "A, B and C"
    assert join_names(["中国", "泰国"], "、", "和") == "中国和泰国"
    assert stem("revised") == stem("revision") == stem("revising")
    assert count_words("The law, in force since 2009, works.", "en") == 7
    lexicon = Lexicon(["The regulator met Mexico officials. Funding is short in the regions."])
    assert lexicon.decapitalize("Funding is short.") == "funding is short."
    assert lexicon.decapitalize("Mexico is large.") == "Mexico is large."
    assert lexicon.decapitalize("NBSAP texts are long.") == "NBSAP texts are long."
