"""Made-up general discussions for the synthesis tests: a set of arguments on a motion (people
who each speak once), a mailing-list thread, and a thread too small to say much."""

from __future__ import annotations

from datetime import datetime, timedelta

from synthesis.types import Figures, ForumInfo, SourcePost

_START = datetime(2025, 3, 3, 9, 0)


def post(id: int, name: str, body: str) -> SourcePost:
    return SourcePost(id=id, number=500 + id, author_key=name.lower().replace(" ", "-"),
                      author_name=name, author_title="", organization="", country=None,
                      affiliation="organization", topic_key="t1", tags=(), kind="reply",
                      body=body, created_at=_START + timedelta(minutes=10 * id))


def forum(title: str, posts: list[SourcePost]) -> ForumInfo:
    return ForumInfo(slug="talk", title=title, language="en", opens_at=datetime(2025, 3, 3),
                     closes_at=datetime(2025, 3, 4),
                     figures=Figures(messages=len(posts),
                                     participants=len({p.author_key for p in posts}),
                                     organization_participants=len({p.author_key
                                                                    for p in posts})),
                     public_url="https://talk.example.org/t/1", topics=(("t1", title),))


CLEAN_AIR = [
    "Banning cars from the centre makes the air cleaner for everyone living in the city.",
    "Without cars the air in the centre becomes much cleaner.",
    "The air of a car-free centre is cleaner and healthier.",
    "We should ban cars from the centre because cleaner air in the centre protects "
    "children's lungs.",
    "Cleaner air is the main gain when cars leave the centre.",
]
SHOPS = [
    "Shops in the centre lose customers when cars are banned.",
    "Shop owners in the centre would lose many customers who come by car.",
    "A car ban costs the shops of the centre their customers.",
]
DISSENT = "Banning cars does not make the air in the centre cleaner, since traffic moves to " \
    "the ring road."
OTHERS = [
    "Buses run faster and on time once the streets are empty.",
    "Cyclists feel safer on streets without heavy traffic.",
]


def arguments() -> tuple[ForumInfo, list[SourcePost]]:
    """Arguments on a motion: eleven people, each speaking once."""
    texts = CLEAN_AIR + SHOPS + [DISSENT] + OTHERS
    names = ["Ada Byrne", "Ben Cole", "Cy Dunn", "Di Ezra", "Ed Fox", "Flo Gray", "Gus Hale",
             "Hal Ives", "Ida Jones", "Jo Kerr", "Kit Lane"]
    posts = [post(n + 1, names[n], text) for n, text in enumerate(texts)]
    return forum("Car-free city centres", posts), posts


def thread() -> tuple[ForumInfo, list[SourcePost]]:
    """A mailing-list thread: a question, answers, a follow-up nobody answered."""
    posts = [
        post(1, "Mia Novak", "Hello all,\n\nDoes the importer keep the original timestamps "
             "of each message? We migrate an old archive next month."),
        post(2, "Raj Patel", "The importer keeps the timestamps as they are in the archive. "
             "Time zones are converted to UTC on the way in."),
        post(3, "Mia Novak", "Thanks, that settles it. The old archive stores local times "
             "without a zone, so the conversion matters for us."),
        post(4, "Raj Patel", "A flag for the source time zone would solve that. Could the "
             "next release add such a flag to the command line?"),
    ]
    return forum("Importer timestamps", posts), posts


def tiny() -> tuple[ForumInfo, list[SourcePost]]:
    """Two messages of thanks and chatter: nothing a summary would normally keep."""
    posts = [
        post(1, "Ola Berg", "Thanks a lot, Pia!\n\nRegards,\nOla"),
        post(2, "Pia Holm", "You are welcome, Ola. Happy to help any time.\n\nPia"),
    ]
    return forum("Re: thanks", posts), posts
