"""A forum held in Chinese, as an archive for `import_archive`: two topics, seven Parties, one
organization, replies in the first person (我国, 我们, 我部) as participants write them.

Written for the tests (not a reconstruction of any real forum). Some countries say the same
thing in their own words, so that the digest can name them together.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from forum.archive.load import import_archive
from forum.archive.validate import FORMAT, VERSION
from forum.clock import iso
from forum.extensions import db
from forum.models import Forum

SLUG = "zhforum2014"
OPENS = datetime(2014, 5, 26)

PEOPLE = [
    ("zh-mod-cn", "女士", "李华", "CN", "生态环境部", "moderator"),
    ("zh-mod-cu", "Sra.", "María Pérez", "CU", "Ministerio de Ciencia", "moderator"),
    ("zh-cn", "先生", "张伟", "CN", "生态环境部", "participant"),
    ("zh-cu", "Sr.", "Jorge Díaz", "CU", "国家生物安全中心", "participant"),
    ("zh-eg", "Dr.", "Amr Hassan", "EG", "环境事务部", "participant"),
    ("zh-my", "Ms.", "Siti Aminah", "MY", "自然资源和环境部", "participant"),
    ("zh-vn", "Ms.", "Nguyen Thi Mai", "VN", "自然资源和环境部", "participant"),
    ("zh-md", "Mr.", "Ion Rusu", "MD", "环境部", "participant"),
    ("zh-pe", "Sra.", "Rosa Quispe", "PE", "环境部", "participant"),
    ("zh-org", "Mr.", "陈立", None, "生物安全教育网络", "participant"),
]

# (key, thread, author, hour after opening, tags, body)
REPLIES = [
    ("zh-1", "zh-t1", "zh-cn", 3, ["status"],
     "各位同事，大家好。我是张伟，来自生态环境部。\n\n"
     "我国已将生物安全全面纳入国家生物多样性战略和行动计划。我们还在国家发展规划中专门列出了"
     "转基因生物安全监管的内容。我部负责协调各部门的生物安全工作。"),
    ("zh-2", "zh-t1", "zh-cu", 9, ["status"],
     "我们已经把生物安全写进了国家生物多样性战略和行动计划的修订版。古巴于2010年成立了国家"
     "生物安全中心，负责风险评估和监测。"),
    ("zh-3", "zh-t1", "zh-eg", 20, ["status"],
     "我国的国家生物多样性战略和行动计划已经纳入了生物安全内容。然而，我们的主要挑战是各部委"
     "之间缺乏协调；此外，专业技术人员也严重不足。"),
    ("zh-4", "zh-t1", "zh-my", 27, ["challenges"],
     "在马来西亚，生物安全自2007年起就列入了国家生物多样性政策。我们面临的困难包括：资金不足；"
     "实验室能力有限；公众意识不高。"),
    ("zh-5", "zh-t1", "zh-vn", 33, ["status"],
     "我国的国家战略目前正在更新，新版本将为生物安全单设一章。"
     "我们希望在2015年底前完成修订工作！"),
    ("zh-6", "zh-t1", "zh-md", 41, ["status"],
     "我们在2013年通过了新的生物安全法。该法要求所有改性活生物体的田间试验都必须事先获得"
     "环境部的批准。我国的法律还明确规定“我们必须保护本地品种”。"),
    ("zh-7", "zh-t1", "zh-pe", 50, ["challenges"],
     "我同意张先生的意见：各部门之间的协调对于生物安全至关重要。\n\n"
     "跨部门委员会可以有效解决各部门之间的协调问题，前提是委员会定期召开会议并有明确的职责。"),
    ("zh-8", "zh-t1", "zh-org", 58, ["challenges"],
     "我们的组织在农村地区举办了多次生物安全培训班。提高公众意识需要长期投入，"
     "一次性的宣传活动效果有限。"),
    ("zh-9", "zh-t1", "zh-cu", 66, [],
     "谢谢各位的分享，我会继续关注讨论。"),
    ("zh-10", "zh-t2", "zh-cn", 80, ["funding"],
     "我们的生物安全经费主要来自国家财政预算。我国还与全球环境基金合作开展了三个生物安全"
     "能力建设项目。"),
    ("zh-11", "zh-t2", "zh-eg", 90, ["funding"],
     "我国的生物安全工作主要依靠国家财政预算。我们也在积极争取国际组织的技术援助。"),
    ("zh-12", "zh-t2", "zh-vn", 101, ["funding"],
     "我国的生物安全资金主要由国家财政预算提供，因为生物安全已列入国家优先事项。"),
    ("zh-13", "zh-t2", "zh-cu", 112, ["funding"],
     "我们将生物安全纳入国家发展计划之后，获得了更多的国内资金。"),
    ("zh-14", "zh-t2", "zh-pe", 125, ["general"],
     "调集资源的关键是让决策者认识到生物安全与粮食安全和贸易之间的联系。"
     "如果决策者看不到这种联系，生物安全项目就很难获得长期资金。"),
    ("zh-15", "zh-t2", "zh-my", 133, ["general"],
     "将生物安全与其他环境项目结合起来申请资金，往往比单独申请更容易获得批准。"),
    ("zh-16", "zh-t2", "zh-org", 140, ["general"],
     "我们建议捐助方为发展中国家的生物安全信息交换所节点提供长期支持。"),
    ("zh-17", "zh-t2", "zh-md", 150, ["funding"],
     "你们国家的预算是如何分配的？"),
]

DIGEST = {
    "header": {
        "body": "作为卡塔赫纳生物安全议定书缔约方会议的生物多样性公约缔约方大会",
        "meeting": "第七次会议",
        "place_and_dates": "2014年9月29日至10月3日，大韩民国平昌",
        "agenda_item": "临时议程项目9",
        "symbol": "UNEP/CBD/BS/COP-MOP/7/INF/99",
        "date": "2014-08-13",
        "title": "关于执行《卡塔赫纳生物安全议定书》方面吸取的经验教训的综合报告",
    },
    "mandate": "第六次会议审议了《议定书》有效性第二次评估和审查。"
               "^[UNEP/CBD/BS/COP-MOP/6/17/Add.1。]评估注意到了执行方面的一些障碍。",
    "outline": [
        {"key": "integration", "title": "将生物安全纳入国家计划的经验", "topics": ["t1"],
         "subsections": [
             {"key": "status", "title": "纳入的现状", "tags": ["status"]},
             {"key": "challenges", "title": "面临的挑战", "tags": ["challenges"]},
         ]},
        {"key": "resources", "title": "调集资源", "topics": ["t2"]},
    ],
    "conclusions": {"title": "一般性结论和意见", "tags": ["general"]},
}


def chinese_archive() -> dict:
    """The archive of the forum (import it with `import_archive`)."""
    def at(hours: int) -> str:
        return iso(OPENS + timedelta(hours=hours))

    people = [{"key": key, "title": title, "name": name, "country": country,
               "organization": org, "affiliation": "party" if country else "organization",
               "role": role} for key, title, name, country, org, role in PEOPLE]
    threads = [
        {"key": "zh-t1", "topic": "t1", "author": "zh-mod-cn", "title": "专题1：纳入生物安全",
         "questions": ["贵国是否已将生物安全纳入国家生物多样性战略和行动计划？"]},
        {"key": "zh-t2", "topic": "t2", "author": "zh-mod-cu", "title": "专题2：调集资源",
         "questions": ["贵国的生物安全经费来自哪里？"]},
    ]
    posts = [
        {"key": "zh-open-1", "thread": "zh-t1", "author": "zh-mod-cn", "kind": "opening",
         "created_at": at(0), "body": "欢迎参加在线讨论。请分享贵国的经验。\n"},
        {"key": "zh-open-2", "thread": "zh-t2", "author": "zh-mod-cu", "kind": "opening",
         "created_at": at(72), "body": "第二个专题讨论资源调集。\n"},
    ]
    posts += [{"key": key, "thread": thread, "author": author, "created_at": at(hours),
               "tags": tags, "body": body + "\n"}
              for key, thread, author, hours, tags, body in REPLIES]
    posts.append({"key": "zh-pending", "thread": "zh-t2", "author": "zh-md", "state": "pending",
                  "created_at": at(160), "body": "我们还没有专项预算。\n"})
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {"slug": SLUG, "title": "执行《卡塔赫纳生物安全议定书》在线讨论论坛",
                  "language": "zh", "objective": "交流经验和吸取的教训。\n",
                  "opens_at": "2014-05-26T00:00:00Z", "closes_at": "2014-06-14T00:00:00Z",
                  "digest": DIGEST},
        "topics": [{"key": "t1", "title": "将生物安全纳入国家生物多样性战略和行动计划"},
                   {"key": "t2", "title": "调集资源"}],
        "people": people, "moderators": ["zh-mod-cn", "zh-mod-cu"],
        "threads": threads, "posts": posts,
    }


def load_chinese_forum() -> Forum:
    """Import the forum into the test database and return it."""
    import_archive(chinese_archive(), trust_roles=True)
    return db.session.query(Forum).filter_by(slug=SLUG).one()
