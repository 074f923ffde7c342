"""Made-up forums that are not treaty forums, for the attribution tests: a mailing list of
named people without countries, a review panel with a moderator, a party-labelled committee."""

from __future__ import annotations

from synthesis.types import Figures, ForumInfo, SourcePost

from .factories import make_forum, make_post


def _person(id: int, name: str, body: str, *, topic: str = "t1", moderator: bool = False,
            organization: str = "") -> SourcePost:
    post = make_post(id, None, body, topic=topic, affiliation="organization",
                     organization=organization, name=name)
    return SourcePost(**{**post.__dict__, "author_key": name.lower().replace(" ", "-"),
                         "moderator": moderator})


def mailing_list() -> tuple[ForumInfo, list[SourcePost]]:
    """A developers' list: three people, no countries, no organizations."""
    posts = [
        _person(1, "Ann Smith", "Most tables render badly on narrow screens. I have tested "
                "them on four browsers."),
        _person(2, "Bo Chen", "I'm rewriting the export module this month. We shouldn't ship "
                "the old exporter again."),
        _person(3, "Ann Smith", "My patch keeps the header row fixed. It was my fault for not "
                "labelling the draft branch."),
        _person(4, "Dara Okafor", "As we all know, the release notes are late again. I've asked "
                "the translators for help."),
        _person(5, "Bo Chen", "The us market wants the CSV format, and the US office agrees."),
    ]
    return _forum(("t1", "Release planning"), len(posts), 3), posts


def review_panel() -> tuple[ForumInfo, list[SourcePost]]:
    """A grant review panel: reviewers and a moderator, credited by role."""
    posts = [
        _person(1, "Rita Moreno", "I'm not convinced the sample size is large enough. The "
                "budget for fieldwork looks thin."),
        _person(2, "Sam Patel", "I have read the proposal twice. The method section is the "
                "strongest part of it."),
        _person(3, "Lee Wong", "I asked the applicants to clarify the timeline.", moderator=True),
        _person(4, "Rita Moreno", "I also checked the ethics approval. It covers the pilot "
                "only."),
    ]
    return _forum(("t1", "Proposal 17"), len(posts), 3, moderators=(("Lee Wong", None),)), posts


def committee() -> tuple[ForumInfo, list[SourcePost]]:
    """A committee whose members carry party labels in their names, constituency as body."""
    posts = [
        _person(1, "Jane Doe (Lib.)", "I've visited three rural clinics since the spring. My "
                "constituents wait weeks for a test result.", organization="Northfield"),
        _person(2, "Omar Haddad (Lab.)", "I'm asking the minister to publish the waiting lists "
                "monthly.", organization="Eastbay"),
        _person(3, "Jane Doe (Lib.)", "I support a mobile laboratory for the valleys.",
                organization="Northfield"),
    ]
    return _forum(("t1", "Rural health services"), len(posts), 2), posts


def _forum(topic: tuple[str, str], messages: int, people: int,
           moderators: tuple[tuple[str, str | None], ...] = ()) -> ForumInfo:
    return make_forum(topics=(topic,), moderators=moderators, figures=Figures(
        messages=messages, participants=people, organization_participants=people))


def agreeing_list() -> tuple[ForumInfo, list[SourcePost]]:
    """Three people on a list making the same point in their own words, and one who differs."""
    posts = [
        _person(1, "Ann Smith", "The nightly build should run the browser tests before "
                "anything is merged."),
        _person(2, "Bo Chen", "Before anything is merged, the nightly build should run the "
                "browser tests too."),
        _person(3, "Dara Okafor", "The browser tests belong in the nightly build, run before "
                "anything is merged."),
        _person(4, "Eli Brandt", "Translators need the release strings two weeks before the "
                "freeze."),
    ]
    return _forum(("t1", "Release planning"), len(posts), 4), posts
