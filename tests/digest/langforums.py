"""Forums held in French, Spanish, Arabic and Russian, as archives for `import_archive`: two
topics, several Parties and one organization replying in the first person, with greetings,
thanks, a question and a quotation, as participants write them.

Made up for the tests (no text of any real forum). `FORUMS[lang]` gives each forum's people
and replies; `load_forum(lang)` imports one into the test database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from forum.archive.load import import_archive
from forum.archive.validate import FORMAT, VERSION
from forum.clock import iso
from forum.extensions import db
from forum.models import Forum

OPENS = datetime(2014, 5, 26)

FRENCH = {
    "title": "Forum en ligne sur la biosécurité",
    "topics": ("Intégration de la biosécurité", "Mobilisation des ressources"),
    "sections": ("Expériences nationales", "Ressources"),
    "people": [("mod", "Mme", "Claire Martin", "FR", "Ministère de la Transition", "moderator"),
               ("mx", "Mme", "Ana López", "MX", "Semarnat", "participant"),
               ("co", "M.", "Julio Ríos", "CO", "Ministère de l'Environnement", "participant"),
               ("ph", "Mme", "Maria Santos", "PH", "Département de l'Environnement",
                "participant"),
               ("sn", "M.", "Moussa Diop", "SN", "Autorité nationale", "participant"),
               ("cm", "M.", "Paul Mbarga", "CM", "Ministère de l'Environnement", "participant"),
               ("org", "M.", "Luc Petit", None, "Réseau africain de biosécurité", "participant")],
    "replies": [
        ("t1", "mx", 3, ["status"],
         "Bonjour à tous. Je m'appelle Ana López.\n\nNous avons adopté notre stratégie nationale "
         "de biosécurité en 2012. Nous travaillons avec le ministère de l'Agriculture sur un "
         "registre public des autorisations."),
        ("t1", "co", 9, ["status"],
         "Merci pour cette initiative.\n\nNous avons intégré la biosécurité dans notre plan "
         "d'action national en 2015. Notre législation dispose que « nous devons protéger les "
         "variétés locales » depuis 2016."),
        ("t1", "ph", 20, ["status"],
         "Nous avons créé un comité interministériel en 2010. Nos laboratoires ont analysé 120 "
         "échantillons au cours de l'année 2013."),
        ("t1", "sn", 27, ["challenges"],
         "Au Sénégal, la loi sur la biosécurité a été adoptée en 2009. Nous devons encore "
         "renforcer les capacités de contrôle aux frontières, p. ex. dans les ports."),
        ("t1", "cm", 33, ["challenges"],
         "Nous avons formé 45 inspecteurs depuis 2013. Le manque de financement reste notre "
         "principal obstacle pour les contrôles sur le terrain."),
        ("t1", "org", 41, ["challenges"],
         "Notre réseau a organisé douze ateliers régionaux depuis 2011. Nous publions chaque "
         "année un rapport sur la formation des inspecteurs en Afrique de l'Ouest."),
        ("t1", "cm", 50, [], "Merci à tous pour ces échanges très riches. Cordialement."),
        ("t1", "sn", 55, [], "Comment financez-vous vos laboratoires de détection ?"),
        ("t2", "mx", 80, ["funding"],
         "Nos ressources proviennent principalement du budget national. Nous avons également "
         "obtenu un financement du Fonds pour l'environnement mondial en 2014."),
        ("t2", "ph", 90, ["funding"],
         "Nous sommes convaincus que la biosécurité doit figurer parmi les priorités "
         "budgétaires nationales de chaque gouvernement."),
        ("t2", "co", 101, ["general"],
         "Un registre public des autorisations renforce la confiance des citoyens et des "
         "agriculteurs dans le système national de biosécurité."),
        ("t2", "org", 112, ["funding"],
         "Nous recommandons aux donateurs de financer les centres d'échange d'informations "
         "sur le long terme, au-delà de la durée des projets."),
    ],
}

SPANISH = {
    "title": "Foro en línea sobre seguridad de la biotecnología",
    "topics": ("Integración de la seguridad de la biotecnología", "Movilización de recursos"),
    "sections": ("Experiencias nacionales", "Recursos"),
    "people": [("mod", "Sra.", "Laura Gómez", "ES", "Ministerio para la Transición", "moderator"),
               ("mx", "Sra.", "Ana López", "MX", "Semarnat", "participant"),
               ("ar", "Sr.", "Diego Paz", "AR", "Ministerio de Agricultura", "participant"),
               ("pe", "Sra.", "Rosa Quispe", "PE", "Ministerio del Ambiente", "participant"),
               ("sv", "Sr.", "Carlos Flores", "SV", "Ministerio de Medio Ambiente",
                "participant"),
               ("us", "Ms.", "Jane Doe", "US", "Department of State", "participant"),
               ("org", "Sr.", "Luis Vega", None, "Red Latinoamericana de Bioseguridad",
                "participant")],
    "replies": [
        ("t1", "mx", 3, ["status"],
         "Hola a todos. Me llamo Ana López.\n\nHemos adoptado nuestra estrategia nacional de "
         "bioseguridad en 2012. Trabajamos con la Secretaría de Agricultura en un registro "
         "público de autorizaciones."),
        ("t1", "ar", 9, ["status"],
         "Muchas gracias por la invitación.\n\nNosotros integramos la bioseguridad en nuestro "
         "plan de acción nacional en 2015. Nuestra ley establece que “debemos proteger las "
         "variedades locales”."),
        ("t1", "pe", 20, ["status"],
         "Hemos creado un comité interministerial en 2010. Nuestros laboratorios analizaron 120 "
         "muestras durante el año 2013."),
        ("t1", "sv", 27, ["challenges"],
         "En El Salvador, la ley de bioseguridad fue aprobada en 2009. Debemos fortalecer "
         "todavía la capacidad de control en las fronteras, p. ej. en los puertos."),
        ("t1", "us", 33, ["challenges"],
         "Hemos formado a 45 inspectores desde 2013. La falta de financiación sigue siendo "
         "nuestro principal obstáculo para los controles sobre el terreno."),
        ("t1", "org", 41, ["challenges"],
         "Nuestra red ha organizado doce talleres regionales desde 2011. Publicamos cada año un "
         "informe sobre la formación de inspectores en América Central."),
        ("t1", "pe", 50, [], "Gracias a todos por este intercambio tan rico. Saludos cordiales."),
        ("t1", "sv", 55, [], "¿Cómo financian ustedes sus laboratorios de detección?"),
        ("t2", "mx", 80, ["funding"],
         "Nuestros recursos provienen principalmente del presupuesto nacional. También hemos "
         "obtenido financiación del Fondo para el Medio Ambiente Mundial en 2014."),
        ("t2", "pe", 90, ["funding"],
         "Estamos convencidos de que la bioseguridad debe figurar entre las prioridades "
         "presupuestarias nacionales de cada gobierno."),
        ("t2", "ar", 101, ["general"],
         "Un registro público de autorizaciones refuerza la confianza de los ciudadanos y de "
         "los agricultores en el sistema nacional de bioseguridad."),
        ("t2", "org", 112, ["funding"],
         "Recomendamos a los donantes financiar los centros de intercambio de información a "
         "largo plazo, más allá de la duración de los proyectos."),
    ],
}

ARABIC = {
    "title": "المنتدى الإلكتروني للسلامة الأحيائية",
    "topics": ("إدماج السلامة الأحيائية", "تعبئة الموارد"),
    "sections": ("التجارب الوطنية", "الموارد"),
    "people": [("mod", "السيدة", "ليلى حسن", "JO", "وزارة البيئة", "moderator"),
               ("eg", "الدكتور", "عمرو حسن", "EG", "وزارة البيئة", "participant"),
               ("ma", "السيد", "يوسف العلمي", "MA", "وزارة الفلاحة", "participant"),
               ("tn", "السيدة", "سلمى بن علي", "TN", "وزارة البيئة", "participant"),
               ("sd", "السيد", "أحمد عثمان", "SD", "المجلس الأعلى للبيئة", "participant"),
               ("org", "السيد", "خالد منصور", None, "الشبكة العربية للسلامة الأحيائية",
                "participant")],
    "replies": [
        ("t1", "eg", 3, ["status"],
         "السلام عليكم جميعا.\n\nاعتمدنا استراتيجيتنا الوطنية للسلامة الأحيائية في عام 2012. "
         "ونعمل مع وزارة الزراعة على إنشاء سجل عام للتراخيص، وهو سجل متاح للجميع."),
        ("t1", "ma", 9, ["status"],
         "شكرا على هذه المبادرة.\n\nأدرجنا السلامة الأحيائية في خطة عملنا الوطنية في عام 2015. "
         "وينص قانوننا على أنه «يجب علينا حماية الأصناف المحلية»."),
        ("t1", "tn", 20, ["challenges"],
         "أنشأنا لجنة مشتركة بين الوزارات في عام 2010؛ وحللت مختبراتنا 120 عينة خلال عام 2013. "
         "هل لدى البلدان الأخرى تجربة مماثلة؟"),
        ("t1", "sd", 27, ["challenges"],
         "دربنا 45 مفتشا منذ عام 2013. ولا يزال نقص التمويل العقبة الرئيسية أمام عمليات "
         "المراقبة الميدانية في بلدنا."),
        ("t1", "org", 41, ["challenges"],
         "نظمت شبكتنا اثنتي عشرة حلقة عمل إقليمية منذ عام 2011. وننشر كل عام تقريرا عن تدريب "
         "المفتشين في المنطقة العربية."),
        ("t1", "tn", 50, [], "شكرا لكم جميعا على هذا التبادل المثمر. مع خالص التحيات."),
        ("t2", "eg", 80, ["funding"],
         "تأتي مواردنا أساسا من الميزانية الوطنية. وحصلنا أيضا على تمويل من مرفق البيئة "
         "العالمية في عام 2014."),
        ("t2", "ma", 101, ["general"],
         "إن وجود سجل عام للتراخيص يعزز ثقة المواطنين والمزارعين في النظام الوطني للسلامة "
         "الأحيائية."),
        ("t2", "sd", 105, ["funding"],
         "نحن مقتنعون بأن السلامة الأحيائية يجب أن تكون ضمن أولويات الميزانية الوطنية لكل "
         "حكومة."),
        ("t2", "org", 112, ["funding"],
         "نوصي الجهات المانحة بتمويل مراكز تبادل المعلومات على المدى الطويل، بعد انتهاء مدة "
         "المشاريع."),
    ],
}

RUSSIAN = {
    "title": "Онлайн-форум по биобезопасности",
    "topics": ("Интеграция биобезопасности", "Мобилизация ресурсов"),
    "sections": ("Национальный опыт", "Ресурсы"),
    "people": [("mod", "г-жа", "Анна Петрова", "BY", "Министерство природных ресурсов",
                "moderator"),
               ("ru", "г-н", "Иван Смирнов", "RU", "Министерство природных ресурсов",
                "participant"),
               ("kz", "г-жа", "Айгуль Садыкова", "KZ", "Министерство экологии", "participant"),
               ("am", "г-н", "Арам Саргсян", "AM", "Министерство охраны природы",
                "participant"),
               ("us", "Ms.", "Jane Doe", "US", "Department of State", "participant"),
               ("org", "г-н", "Олег Волков", None, "Евразийская сеть по биобезопасности",
                "participant")],
    "replies": [
        ("t1", "ru", 3, ["status"],
         "Здравствуйте, коллеги.\n\nМы приняли национальную стратегию по биобезопасности в "
         "2012 г. и теперь ведем открытый реестр разрешений. Наше министерство работает с "
         "Министерством сельского хозяйства, т. е. с основным регулятором."),
        ("t1", "kz", 9, ["status"],
         "Спасибо за приглашение.\n\nМы включили биобезопасность в наш национальный план "
         "действий в 2015 г. Наш закон гласит: «Мы обязаны защищать местные сорта»."),
        ("t1", "am", 20, ["challenges"],
         "Мы создали межведомственный комитет в 2010 г. Наши лаборатории проанализировали 120 "
         "образцов за 2013 г."),
        ("t1", "us", 27, ["challenges"],
         "Мы подготовили 45 инспекторов с 2013 г. Нехватка финансирования остается нашим "
         "главным препятствием для полевого контроля."),
        ("t1", "org", 41, ["challenges"],
         "Наша сеть провела двенадцать региональных семинаров с 2011 г. Мы ежегодно публикуем "
         "доклад о подготовке инспекторов в Центральной Азии."),
        ("t1", "am", 50, [], "Спасибо всем за содержательный обмен мнениями. С уважением."),
        ("t1", "kz", 55, [], "Как вы финансируете свои лаборатории?"),
        ("t2", "ru", 80, ["funding"],
         "Наши ресурсы поступают в основном из государственного бюджета. Мы также получили "
         "финансирование Глобального экологического фонда в 2014 г."),
        ("t2", "kz", 101, ["general"],
         "Открытый реестр разрешений укрепляет доверие граждан и фермеров к национальной "
         "системе биобезопасности."),
        ("t2", "org", 112, ["funding"],
         "Мы рекомендуем донорам финансировать центры обмена информацией на долгосрочной "
         "основе, после окончания проектов."),
    ],
}

FORUMS = {"fr": FRENCH, "es": SPANISH, "ar": ARABIC, "ru": RUSSIAN}


def slug(lang: str) -> str:
    return f"{lang}forum2014"


def archive(lang: str) -> dict:
    """The archive of the forum held in `lang` (import it with `import_archive`)."""
    data = FORUMS[lang]

    def at(hours: int) -> str:
        return iso(OPENS + timedelta(hours=hours))

    people = [{"key": f"{lang}-{key}", "title": title, "name": name, "country": country,
               "organization": org, "affiliation": "party" if country else "organization",
               "role": role} for key, title, name, country, org, role in data["people"]]
    mod = f"{lang}-mod"
    threads = [{"key": f"{lang}-{t}", "topic": t, "author": mod, "title": title}
               for t, title in zip(("t1", "t2"), data["topics"], strict=True)]
    posts = [{"key": f"{lang}-open-{t}", "thread": f"{lang}-{t}", "author": mod,
              "kind": "opening", "created_at": at(0 if t == "t1" else 72), "body": title + "\n"}
             for t, title in zip(("t1", "t2"), data["topics"], strict=True)]
    posts += [{"key": f"{lang}-{n}", "thread": f"{lang}-{thread}", "author": f"{lang}-{author}",
               "created_at": at(hours), "tags": tags, "body": body + "\n"}
              for n, (thread, author, hours, tags, body) in enumerate(data["replies"])]
    first, second = data["sections"]
    digest = {
        "header": {"date": "2014-08-13", "symbol": "UNEP/CBD/BS/COP-MOP/7/INF/98"},
        "outline": [
            {"key": "experiences", "title": first, "topics": ["t1"],
             "subsections": [{"key": "status", "title": data["topics"][0], "tags": ["status"]},
                             {"key": "challenges", "title": first, "tags": ["challenges"]}]},
            {"key": "resources", "title": second, "topics": ["t2"]},
        ],
        "conclusions": {"tags": ["general"]},
    }
    return {
        "format": FORMAT, "version": VERSION,
        "forum": {"slug": slug(lang), "title": data["title"], "language": lang,
                  "objective": data["topics"][0] + "\n",
                  "opens_at": "2014-05-26T00:00:00Z", "closes_at": "2014-06-14T00:00:00Z",
                  "digest": digest},
        "topics": [{"key": t, "title": title}
                   for t, title in zip(("t1", "t2"), data["topics"], strict=True)],
        "people": people, "moderators": [mod], "threads": threads, "posts": posts,
    }


def load_forum(lang: str) -> Forum:
    """Import the forum held in `lang` into the test database and return it."""
    import_archive(archive(lang), trust_roles=True)
    return db.session.query(Forum).filter_by(slug=slug(lang)).one()
