"""A made-up forum held in Arabic, as plain digest inputs (no database): a few Parties and an
organization reply in the first person, as participants write. Written for the tests."""

from __future__ import annotations

from synthesis.types import DigestSettings, Header, Report
from tests.unit.digest.factories import make_forum, make_post

TOPIC = ("t1", "التجارب الوطنية في دمج السلامة الأحيائية")

# The header and title are the Secretariat's (settings), in Arabic whatever rules write the
# body: the tests do not depend on the digest's fixed wording in Arabic.
HEADER = Header(body="اتفاقية التنوع البيولوجي", meeting="المنتدى الإلكتروني للسلامة الأحيائية",
                symbol="CBD/BS/AR/1", title="موجز المنتدى الإلكتروني للسلامة الأحيائية")

# Words the tests look for in the PDF's text: they must come back in reading order.
WORDS = ("التنوع", "البيولوجي", "المنتدى", "الإلكتروني")

BODIES = [
    ("EG", "أدرجنا السلامة الأحيائية في الاستراتيجية الوطنية للتنوع البيولوجي. "
           "ونعمل الآن على تحديث القانون الوطني."),
    ("MA", "لدينا لجنة وطنية للسلامة الأحيائية منذ عام 2010. "
           "وتجتمع اللجنة كل ثلاثة أشهر لمراجعة الطلبات."),
    ("JO", "نواجه صعوبات في التمويل وفي قدرات المختبرات. "
           "ونحتاج إلى تدريب الخبراء على تقييم المخاطر."),
    ("TN", "أصدرنا قانونا جديدا للسلامة الأحيائية في عام 2013. "
           "ويشترط القانون موافقة مسبقة على التجارب الميدانية."),
    ("LB", "نرى أن التنسيق بين الوزارات ضروري لنجاح السلامة الأحيائية."),
    (None, "نظمت منظمتنا دورات تدريبية في المناطق الريفية حول السلامة الأحيائية."),
]


def arabic_report(language: str = "ar") -> Report:
    """The digest of the made-up forum, written for a forum in `language`."""
    from synthesis import build_report

    posts = [make_post(i, country, body, organization="وزارة البيئة")
             for i, (country, body) in enumerate(BODIES, 1)]
    forum = make_forum(language=language, topics=(TOPIC,))
    return build_report(forum, posts, DigestSettings(header=HEADER), draft=False)
